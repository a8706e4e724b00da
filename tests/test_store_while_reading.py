"""A long WordPress document is stored while it is still being read (by a child process
where the system forks safely, else by a thread; one transaction). The archive must come
out exactly as reading it whole would leave it, and a document the fast reader gives up
on part-way must be stored whole, once, by feedparser. Every test runs both ways.
"""

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from eye_tui import apart, reading_ahead, wordpress_rss
from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.model import Post, PostFilter, Validators
from eye_tui.sync import Sync
from tests.site import WordPressSite, make_posts


@pytest.fixture(autouse=True, params=["child", "thread"] if apart.can_fork() else ["thread"])
def reader_apart(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.param == "thread":
        monkeypatch.setattr(apart, "can_fork", lambda: False)


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Store-while-reading from 10 KB on, in parts of 4 KB: many parts from a small site."""
    monkeypatch.setattr(reading_ahead, "LONG_DOCUMENT", 10_000)
    monkeypatch.setattr(wordpress_rss, "PART", 4096)


def long_site() -> WordPressSite:
    posts = make_posts(120, tags=("Enderby", "Police", "Blaby", "Parish council", "Fête"))
    for post in posts:
        post.html = f"<p>Paragraph about the {post.number} bus route &amp; more.</p>" * 12
        post.categories = ["News"] if post.number % 3 else []
    return WordPressSite(posts, per_page=len(posts))


def everything(archive: Archive) -> object:
    """What a resident can see of an archive: every post whole, tags, months, search."""
    summaries = archive.list_posts(PostFilter(), limit=1000)
    posts = [archive.get_post(summary.key) for summary in summaries]
    hits = archive.search(PostFilter(query="route"), limit=1000)
    return (
        posts,
        archive.tag_counts(),
        archive.month_counts(),
        hits,
        archive.count_posts(PostFilter(query="bus")),
    )


def refreshed(folder: Path, feed: str) -> tuple[Archive, int]:
    archive = Archive(folder / "archive.sqlite3")
    report = Sync(archive, Settings(feed_url=feed, data_dir=folder)).refresh()
    return archive, report.new


def test_stored_while_read_or_read_whole_the_archive_is_the_same(
    small_parts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with long_site() as site:
        streamed, new = refreshed(tmp_path / "streamed", site.url)
        assert new == 120
        monkeypatch.setattr(reading_ahead, "LONG_DOCUMENT", 1 << 40)
        whole, new_whole = refreshed(tmp_path / "whole", site.url)
    assert new_whole == 120
    assert everything(streamed) == everything(whole)


def test_a_file_on_disk_is_stored_while_read_too(small_parts: None, tmp_path: Path) -> None:
    with long_site() as site:
        document = site.document_for("/feed/")
    assert document is not None
    path = tmp_path / "feed.xml"
    path.write_text(document)
    archive, new = refreshed(tmp_path / "data", str(path))
    assert new == 120 and archive.count_posts() == 120


def test_a_document_given_up_part_way_is_stored_whole_once(
    small_parts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The last post holds an element the fast reader does not know: it gives up after
    # storing parts of the document, in a transaction that is then rolled back.
    # Noted in a file: the reader may be a child process, whose lists are its own.
    given_up = tmp_path / "given-up-after"
    real = wordpress_rss.read_in_parts

    def watched(*args: object) -> object:
        parts = 0
        try:
            for part in real(*args):  # type: ignore[arg-type]
                parts += 1
                yield part
        except wordpress_rss.Declined:
            given_up.write_text(str(parts))
            raise

    monkeypatch.setattr(wordpress_rss, "read_in_parts", watched)
    with long_site() as site:
        document = site.document_for("/feed/")
        assert document is not None
        last = document.rfind("</item>")
        thumbnail = (
            "<media:thumbnail xmlns:media='http://search.yahoo.com/mrss/' url='http://x/a.jpg' />"
        )
        odd = document[:last] + thumbnail + document[last:]
        site.cache = {("/feed/", False): odd.encode()}
        archive, new = refreshed(tmp_path, site.url)
    assert int(given_up.read_text()) > 1, "the fast reader did not give up part-way"
    # Nothing of the parts stored before it gave up was kept: all 120 are new, once.
    assert new == 120 and archive.count_posts() == 120
    assert len({post.id for post in archive.list_posts(PostFilter(), limit=500)}) == 120


def test_two_posts_one_wordpress_number_are_one_stored_post(tmp_path: Path) -> None:
    # An odd document: two ids for one post (the API's number and address agree). Looked up
    # one by one, the second finds the first, as it always did.
    when = datetime(2015, 3, 2, tzinfo=UTC)
    first = Post(id="a", link="http://x/p/", title="One", author="", published=when,
                 updated=None, tags=(), html="<p>One</p>", excerpt="", wp_id=7)  # fmt: skip
    second = replace(first, id="b", title="One, edited", html="<p>One, edited</p>")
    with Archive(tmp_path / "archive.sqlite3") as archive:
        counts = archive.store_document("http://x/feed/", [first, second], Validators(), 0)
        assert counts.new == 1 and counts.updated == 1
        assert archive.count_posts() == 1
        stored = archive.get_post("a")
        assert stored is not None and stored.summary.title == "One, edited"


def test_one_post_twice_in_a_document_is_stored_once(tmp_path: Path) -> None:
    when = datetime(2015, 3, 2, tzinfo=UTC)
    post = Post(id="a", link="http://x/p/", title="One", author="", published=when,
                updated=None, tags=(), html="<p>One</p>", excerpt="")  # fmt: skip
    edited = replace(post, title="One, edited")
    with Archive(tmp_path / "archive.sqlite3") as archive:
        counts = archive.store_document("http://x/feed/", [post, edited], Validators(), 0)
        assert (counts.new, counts.updated) == (1, 1)
        stored = archive.get_post("a")
        assert stored is not None and stored.summary.title == "One, edited"
