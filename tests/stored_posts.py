"""Posts made in code and stored straight into an archive, for tests of the archive itself."""

from datetime import UTC, datetime, timedelta

from eye_tui.archive import Archive
from eye_tui.model import Post, Tag, Validators
from eye_tui.text import slugify

START = datetime(2014, 1, 1, tzinfo=UTC)


def post(n: int, title: str = "", body: str = "", tags: tuple[str, ...] = ("Enderby",)) -> Post:
    return Post(
        id=f"id-{n}",
        link=f"http://x/{n}/",
        title=title or f"Post {n}",
        author="EYE",
        published=START + timedelta(days=n),
        updated=None,
        tags=tuple(Tag(t, slugify(t)) for t in tags),
        html=body or f"<p>Body of post {n}</p>",
        excerpt="",
    )


def store(archive: Archive, *posts: Post) -> None:
    archive.store_document("http://x/feed/", posts, Validators(), 100)
