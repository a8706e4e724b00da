"""The local archive: one SQLite file that holds every post the reader has seen.

`Archive` is the only way in; the UI and the CLI never see SQL. Each fetched document is
stored in one transaction, so a page's posts all land or none do, and a crash or a kill
at any moment leaves the archive as it was after the last whole page. The connection's
life cycle is in `connection.py`; the SQL for each subject in its own module.
"""

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eye_tui.archive import about, documents, listing, pictures, posts, search, state, tags, totals
from eye_tui.archive import comments as comment_store
from eye_tui.archive.about import ArchiveInfo
from eye_tui.archive.connection import (
    is_behind,
    is_damaged,
    open_connection,
    roomy_cache,
    set_aside,
    transaction,
    translating_errors,
)
from eye_tui.archive.documents import SavedDocument
from eye_tui.archive.pictures import StoredPicture
from eye_tui.archive.posts import check_month
from eye_tui.links import same_site
from eye_tui.model import (
    Comment,
    MonthCount,
    Post,
    PostFilter,
    PostSummary,
    SearchHit,
    StoredPost,
    TagCount,
    UnreadPlace,
    Validators,
)

if TYPE_CHECKING:
    from eye_tui.archive.storing import ReadyPost, StoreCounts

_READY_AT_ONCE = 500

__all__ = [
    "Archive",
    "ArchiveInfo",
    "SavedDocument",
    "StoredPicture",
    "is_behind",
    "set_aside",
]


class Archive:
    """An open archive file. Not shared between threads: open one per thread."""

    def __init__(self, path: Path, *, reset: bool = False) -> None:
        self.path = path
        # With reset, a damaged archive is moved aside (never deleted) and a fresh one
        # started; a healthy one is left alone. set_aside_to says where the old one went.
        self.set_aside_to = set_aside(path) if reset and is_damaged(path) else None
        # read_only: the file or its folder cannot be written; reading works, writes
        # raise our ArchiveError.
        self._db, self.read_only = open_connection(path)
        self._version_seen = self._version()

    # -- life cycle --------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def wait_at_most(self, seconds: float) -> None:
        """How long a change waits for another program writing the archive (30 s until
        set): the reader's own marks wait less, as its screen waits with them."""
        self._db.execute(f"PRAGMA busy_timeout = {round(seconds * 1000)}")

    def changed_elsewhere(self) -> bool:
        """Whether another connection (a cron refresh, a second reader, our own workers)
        wrote the archive since this was last asked; one pragma, cheap to ask often."""
        version, seen = self._version(), self._version_seen
        self._version_seen = version
        return version != seen

    @translating_errors
    def _version(self) -> int:
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- writing what a refresh fetched ------------------------------------------------

    def store_document(
        self, url: str, fetched_posts: Sequence[Post], validators: Validators, wire_bytes: int
    ) -> "StoreCounts":
        """Store one fetched document's posts, its validators and its byte count, atomically."""
        # Storing (and hashlib) load on first use: the reader's first frame needs neither.
        from eye_tui.archive import storing

        # Made ready a few hundred at a time: a long document's compressed bodies and
        # words are never all held at once.
        parts = (
            storing.made_ready(fetched_posts[start : start + _READY_AT_ONCE])
            for start in range(0, len(fetched_posts), _READY_AT_ONCE)
        )
        return self.store_document_in_parts(url, parts, validators, wire_bytes)

    @translating_errors
    def store_document_in_parts(
        self,
        url: str,
        parts: Iterable[Sequence["ReadyPost"]],
        validators: Validators,
        wire_bytes: int,
    ) -> "StoreCounts":
        """The same for a document whose posts come a part at a time, as it is read, made
        ready for storing there (storing.made_ready): still one transaction, so a part
        that fails (or a reader that gives up) leaves the archive as it was before."""
        from eye_tui.archive import storing

        new = updated = unchanged = 0
        with transaction(self._db) as db:
            seen_at = int(datetime.now(UTC).timestamp())
            known = storing.Known()
            for part in parts:
                counts = storing.store_posts(db, part, seen_at, known)
                new, updated = new + counts.new, updated + counts.updated
                unchanged += counts.unchanged
            state.set_validators(db, url, validators)
            state.add_to_counter(db, "bytes_downloaded", wire_bytes)
        return storing.StoreCounts(new, updated, unchanged)

    @translating_errors
    def store_comments(
        self,
        post_key: int,
        url: str,
        comments: Sequence[Comment],
        validators: Validators,
        wire_bytes: int,
    ) -> int:
        with transaction(self._db) as db:
            new = comment_store.store_comments(db, post_key, comments)
            state.set_validators(db, url, validators)
            state.add_to_counter(db, "bytes_downloaded", wire_bytes)
        return new

    @translating_errors
    def summaries(self, limit: int) -> list[tuple[int, str]]:
        """(key, link) of posts stored as the site's summary only, newest first."""
        from eye_tui.archive import storing

        return storing.summaries(self._db, limit)

    @translating_errors
    def fill_summary(self, post_key: int, html: str, wire_bytes: int) -> None:
        """The whole text of a post stored as a summary, from its own page."""
        from eye_tui.archive import storing

        with transaction(self._db) as db:
            storing.fill_summary(db, post_key, html)
            state.add_to_counter(db, "bytes_downloaded", wire_bytes)

    @translating_errors
    def add_downloaded(self, wire_bytes: int) -> None:
        with transaction(self._db) as db:
            state.add_to_counter(db, "bytes_downloaded", wire_bytes)

    @translating_errors
    def post_key_for_wp_id(self, wp_id: int, site: str | None = None) -> int | None:
        """The stored post WordPress numbers `wp_id`; on `site` (an address there) when
        given, as an archive read from two sites holds two posts numbered alike."""
        rows = self._db.execute("SELECT key, link FROM posts WHERE wp_id = ?", (wp_id,))
        return next((int(key) for key, link in rows if site is None or same_site(link, site)), None)

    @translating_errors
    def validators_for(self, url: str) -> Validators:
        return state.get_validators(self._db, url)

    @translating_errors
    def posts_with_comments(self) -> list[tuple[int, str]]:
        return comment_store.posts_with_comments(self._db)

    # -- remembered facts --------------------------------------------------------------

    @translating_errors
    def get_meta(self, key: str) -> str | None:
        return state.get_meta(self._db, key)

    @translating_errors
    def set_meta(self, key: str, value: str | None) -> None:
        with transaction(self._db) as db:
            state.set_meta(db, key, value)

    @translating_errors
    def ui_state(self) -> dict[str, Any]:
        return state.get_json(self._db, "ui_state")

    @translating_errors
    def save_ui_state(self, values: dict[str, Any]) -> None:
        with transaction(self._db) as db:
            state.set_meta(db, "ui_state", json.dumps(values))

    @translating_errors
    def history(self) -> tuple[bool, int | None]:
        """(whole history stored?, the first feed page a backfill still has to fetch)."""
        return state.history(self._db)

    @translating_errors
    def note_history_page(self, page: int) -> None:
        with transaction(self._db) as db:
            state.note_history_page(db, page)

    @translating_errors
    def mark_history_complete(self) -> None:
        with transaction(self._db) as db:
            state.mark_history_complete(db)

    @translating_errors
    def forget_history(self) -> None:
        """Walk the whole history again on the next refresh (a feed moved, a test)."""
        with transaction(self._db) as db:
            state.set_meta(db, state.HISTORY_COMPLETE, None)
            state.set_meta(db, state.NEXT_PAGE, None)
            state.set_meta(db, state.REST_HISTORY_COMPLETE, None)
            state.set_meta(db, "rest_history_page", None)

    # -- reading -----------------------------------------------------------------------

    def tag_ids(self, post_filter: PostFilter) -> list[int] | None:
        """The filter's tags as ids (rarest first), or None if one is not in the archive.
        Every read of a filtered list starts here: a month that is none ("2015-13") is a
        usage error, said before anything is listed or marked."""
        if post_filter.month:
            check_month(post_filter.month)
        return tags.tag_ids_rarest_first(self._db, post_filter.tags)

    @translating_errors
    def list_posts(
        self,
        post_filter: PostFilter = PostFilter(),
        limit: int = 50,
        offset: int = 0,
        after: tuple[int, int] | None = None,
    ) -> list[PostSummary]:
        """Posts matching the filter: by date, or by relevance when it has search words."""
        tag_ids = self.tag_ids(post_filter)
        if tag_ids is None:
            return []
        return listing.list_posts(self._db, post_filter, tag_ids, limit, offset, after)

    @translating_errors
    def position_of(self, post_filter: PostFilter, key: int) -> int | None:
        """Where post `key` stands in the filtered list (None: not in it, or a search)."""
        tag_ids = self.tag_ids(post_filter)
        return None if tag_ids is None else listing.position_of(self._db, post_filter, tag_ids, key)

    @translating_errors
    def next_unread(self, post_filter: PostFilter, key: int, step: int) -> UnreadPlace | None:
        """The next unread post of the filtered list after post `key` (step 1: down,
        -1: up), going on round the list's end; None when no other post is unread."""
        tag_ids = self.tag_ids(post_filter)
        if tag_ids is None:
            return None
        return listing.next_unread(self._db, post_filter, tag_ids, key, step)

    @translating_errors
    def status_counts(self) -> tuple[int, int, int]:
        """(posts, unread, starred), cheap enough to ask after every change."""
        return totals.status_counts(self._db)

    @translating_errors
    def mend_totals(self) -> bool:
        """Count the posts once (a whole index: ask it after the first frame) and mend
        the totals kept for the list and the status line if they were wrong (True)."""
        return totals.mend_totals(self._db, writable=not self.read_only)

    @translating_errors
    def count_posts(self, post_filter: PostFilter = PostFilter()) -> int:
        tag_ids = self.tag_ids(post_filter)
        return 0 if tag_ids is None else listing.count_posts(self._db, post_filter, tag_ids)

    @translating_errors
    def tidy_search_index(self) -> bool:
        """After storing many posts: the search index merged if it is in many pieces."""
        with transaction(self._db) as db:
            return search.tidy_index(db)

    @translating_errors
    def searchable_while_typing(self, query: str) -> str:
        """What of a query still being typed is worth searching yet (typed_far_enough)."""
        return listing.searchable_while_typing(self._db, query)

    @translating_errors
    def search(self, post_filter: PostFilter, limit: int = 50, offset: int = 0) -> list[SearchHit]:
        """Ranked search results with a snippet; markers in search.MATCH_START/END."""
        tag_ids = self.tag_ids(post_filter)
        if tag_ids is None:
            return []
        return listing.search_posts(self._db, post_filter, tag_ids, limit, offset)

    @translating_errors
    def get_post(self, key_or_id: int | str) -> StoredPost | None:
        return posts.get_post(self._db, key_or_id)

    @translating_errors
    def post_key_for_link(self, url: str) -> int | None:
        """The post whose address `url` is (however the link spells it), or None."""
        return posts.key_for_link(self._db, url)

    @translating_errors
    def comments_for(self, post_key: int) -> list[Comment]:
        return comment_store.comments_for(self._db, post_key)

    @translating_errors
    def tag_counts(self) -> list[TagCount]:
        return tags.tag_counts(self._db)

    @translating_errors
    def month_counts(self) -> list[MonthCount]:
        return tags.month_counts(self._db)

    @translating_errors
    def set_read(self, post_key: int, read: bool = True) -> None:
        with transaction(self._db) as db:
            posts.set_flag(db, post_key, "read", read)

    @translating_errors
    def mark_all_read(self, post_filter: PostFilter = PostFilter()) -> list[int]:
        """Mark every post the filter lists as read; returns those that were unread, so
        the change can be undone with mark_unread()."""
        tag_ids = self.tag_ids(post_filter)
        if tag_ids is None:
            return []
        with roomy_cache(self._db), transaction(self._db) as db:
            keys = listing.unread_keys(db, post_filter, tag_ids)
            posts.set_read_many(db, keys, True)
        return keys

    @translating_errors
    def mark_unread(self, keys: Sequence[int]) -> None:
        with roomy_cache(self._db), transaction(self._db) as db:
            posts.set_read_many(db, keys, False)

    @translating_errors
    def set_starred(self, post_key: int, starred: bool = True) -> None:
        with transaction(self._db) as db:
            posts.set_flag(db, post_key, "starred", starred)

    @translating_errors
    def info(self) -> ArchiveInfo:
        return about.archive_info(self._db, self.path)

    # -- pictures --------------------------------------------------------------------------

    @property
    def media_folder(self) -> Path:
        """Where picture files live: beside the archive, never anywhere else."""
        return self.path.parent / "media"

    @translating_errors
    def pictures_for(self, urls: Sequence[str]) -> dict[str, StoredPicture]:
        return pictures.pictures_for(self._db, urls)

    @translating_errors
    def store_picture(self, picture: StoredPicture, validators: Validators) -> None:
        with transaction(self._db) as db:
            pictures.store_picture(db, picture, validators, int(datetime.now(UTC).timestamp()))

    @translating_errors
    def note_pictures_viewed(self, urls: Sequence[str]) -> None:
        if self.read_only:
            return
        with transaction(self._db) as db:  # milliseconds: the order of views matters
            pictures.note_viewed(db, urls, int(datetime.now(UTC).timestamp() * 1000))

    @translating_errors
    def evict_pictures(self, cap_bytes: int) -> list[str]:
        """Forget the least recently viewed pictures until the rest fit `cap_bytes`; the
        files to delete are returned (deleted by the caller, after the commit). Posts and
        documents are never touched."""
        with transaction(self._db) as db:
            files = pictures.files_least_viewed_first(db)
            total = sum(size for _, size in files)
            gone: list[str] = []
            for file, size in files:
                if total <= cap_bytes:
                    break
                gone.append(file)
                total -= size
            pictures.forget_files(db, gone)
        return gone

    # -- documents -------------------------------------------------------------------------

    @property
    def documents_folder(self) -> Path:
        return self.path.parent / "documents"

    @translating_errors
    def documents_for(self, urls: Sequence[str]) -> dict[str, SavedDocument]:
        return documents.documents_for(self._db, urls)

    @translating_errors
    def all_documents(self) -> list[SavedDocument]:
        return documents.all_documents(self._db)

    @translating_errors
    def store_document_file(self, saved: SavedDocument) -> None:
        with transaction(self._db) as db:
            documents.store_document_file(db, saved, int(datetime.now(UTC).timestamp()))

    @translating_errors
    def mark_refreshed(self) -> None:
        now = datetime.now(UTC).replace(microsecond=0).isoformat()
        self.set_meta("last_refresh", now)
