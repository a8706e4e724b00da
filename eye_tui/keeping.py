"""Keeping a refresh's pictures and documents: which files the posts name, fetched on
the refresh's own connection and counted in its report (pictures.py and documents.py
do the checking and the storing)."""

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from eye_tui.errors import ArchiveError, FetchError
from eye_tui.model import Validators

if TYPE_CHECKING:
    from eye_tui.files import KeepReport
    from eye_tui.sync import Sync


def keep_pictures(
    sync: "Sync",
    post_keys: Sequence[int],
    budget_bytes: int | None,
    progress: "Callable[[KeepReport], None] | None",
) -> "KeepReport":
    from eye_tui.pictures import MAX_BYTES, evict, fetch_pictures
    from eye_tui.render import render_body

    archive = sync.archive
    if archive.read_only:
        raise ArchiveError(f"the archive {archive.path} is read-only here")
    urls: list[str] = []
    for key in post_keys:
        post = archive.get_post(key)
        if post is not None:
            urls += render_body(post.html, post.summary.link).pictures
    budget = sync.settings.pictures_budget_mb * 1024 * 1024
    with sync.open_fetcher(max_bytes=MAX_BYTES) as fetcher:

        def get(url: str) -> tuple[bytes, Validators]:
            fetched = fetcher.get(url)
            if fetched.status != 200:
                raise FetchError(f"HTTP {fetched.status}")
            sync.count_request(fetched)
            return fetched.body, fetched.validators

        report = fetch_pictures(
            archive,
            get,
            urls,
            budget if budget_bytes is None else budget_bytes,
            progress or (lambda report: None),
        )
    # Within the cap: the least recently viewed go, but never one of these posts'.
    cap = sync.settings.pictures_cap_mb * 1024 * 1024
    archive.note_pictures_viewed(urls)
    report.evicted = evict(archive, cap)
    return report


def keep_documents(
    sync: "Sync", post_keys: Sequence[int], only: str | None, by_hand: bool
) -> "KeepReport":
    from eye_tui.documents import MAX_BYTES, document_links, fetch_documents
    from eye_tui.render import render_body

    archive = sync.archive
    if archive.read_only:
        raise ArchiveError(f"the archive {archive.path} is read-only here")
    wanted: list[tuple[str, int]] = []
    for key in post_keys:
        post = archive.get_post(key)
        if post is not None:
            links = render_body(post.html, post.summary.link).links
            wanted += [(url, key) for url in document_links(links, post.summary.link)]
    if only is not None:
        wanted = [(url, key) for url, key in wanted if url == only]
    with sync.open_fetcher(max_bytes=MAX_BYTES) as fetcher:

        def get(url: str) -> bytes:
            # The site's own document, or none: a redirect elsewhere is not followed.
            fetched = fetcher.get(url, same_host=True)
            if fetched.status != 200:
                raise FetchError(f"HTTP {fetched.status}")
            sync.count_request(fetched)
            return fetched.body

        budget = sync.settings.documents_budget_mb * 1024 * 1024
        return fetch_documents(archive, get, wanted, budget, by_hand=by_hand)
