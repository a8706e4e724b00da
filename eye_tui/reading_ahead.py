"""A long WordPress document (a whole site in one feed) stored while it is still being
read. Three at work: the reader, with each post's lock-bound work (fingerprint, words
for the index), in a child process where the system allows (apart.py); a thread that
compresses the bodies (zlib lets go of the GIL); and the caller's thread, storing (so
does SQLite). Memory holds the document and a few parts of it, never all its posts."""

from collections.abc import Iterator
from dataclasses import dataclass

from eye_tui import wordpress_rss
from eye_tui.ahead import made_ahead
from eye_tui.apart import ChildLost, made_apart
from eye_tui.archive import Archive
from eye_tui.archive.storing import ReadyPost, StoreCounts, packed, ready_but_packing
from eye_tui.feed import posts_as_read
from eye_tui.model import utc_now
from eye_tui.net import Fetched

# From this length on; a page of ten posts is read whole first, as the walk's rules want.
LONG_DOCUMENT = 1 << 20
READ_AHEAD = 4  # parts of the document read ahead of the one being stored


@dataclass(frozen=True, slots=True)
class StoredPage:
    counts: StoreCounts
    ids: list[str]  # the posts' ids, in the document's order


def is_long(fetched: Fetched) -> bool:
    return fetched.status == 200 and len(fetched.body) >= LONG_DOCUMENT


def store_while_reading(archive: Archive, fetched: Fetched) -> StoredPage | None:
    """Its counts and post ids; None, with nothing stored, where the document is to be
    read whole: a short one, feedparser's kind, or an odd one the fast reader gives up on
    part-way (its transaction is rolled back)."""
    if not is_long(fetched):
        return None
    ids: list[str] = []

    def read() -> Iterator[list[ReadyPost]]:
        found = posts_as_read(
            fetched.body,
            source=fetched.url,
            content_type=fetched.content_type,
            fetched_at=utc_now(),
        )
        return map(ready_but_packing, found)

    def packing() -> Iterator[list[ReadyPost]]:
        return map(packed, made_apart(read, READ_AHEAD, "eye-tui-reading"))

    def parts() -> Iterator[list[ReadyPost]]:
        for ready in made_ahead(packing, READ_AHEAD, "eye-tui-packing"):
            ids.extend(each.post.id for each in ready)
            yield ready

    try:
        counts = archive.store_document_in_parts(
            fetched.kept_as, parts(), fetched.validators, fetched.wire_bytes
        )
    except (wordpress_rss.Declined, ChildLost):
        return None
    return StoredPage(counts, ids)
