"""The local archive: one SQLite file that holds every post the reader has seen.

`Archive` is the only way in; the UI and the CLI never see SQL. Each fetched document is
stored in one transaction, so a page's posts all land or none do, and a crash or a kill
at any moment leaves the archive as it was after the last whole page.
"""

import functools
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from eye_tui.archive import comments as comment_store
from eye_tui.archive import listing, posts, schema, state, tags
from eye_tui.archive.posts import StoreCounts, check_month
from eye_tui.errors import ArchiveCorruptError, ArchiveError
from eye_tui.model import (
    Comment,
    MonthCount,
    Post,
    PostFilter,
    PostSummary,
    SearchHit,
    StoredPost,
    TagCount,
    Validators,
)

__all__ = ["Archive", "ArchiveInfo", "StoreCounts"]

_SQLITE_MAGIC = b"SQLite format 3\x00"
_P = ParamSpec("_P")
_R = TypeVar("_R")


@dataclass(frozen=True, slots=True)
class ArchiveInfo:
    posts: int
    tags: int
    comments: int
    unread: int
    starred: int
    last_refresh: str | None
    bytes_downloaded: int
    size_on_disk: int


def _translating_errors(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """Turn sqlite3's errors into ours, with a message a resident can act on."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as error:
            raise _archive_error(error, args[0]) from None

    return wrapper


class Archive:
    """An open archive file. Not shared between threads: open one per thread."""

    def __init__(self, path: Path, *, reset: bool = False) -> None:
        self.path = path
        _prepare_directory(path.parent)
        if reset:
            set_aside(path)
        _refuse_foreign_file(path)
        try:
            self._db = sqlite3.connect(path, isolation_level=None, timeout=30)
            schema.register_functions(self._db)
            # Another process (cron refresh, a second reader) may hold the write lock for
            # a moment; wait for it instead of telling the user "database is locked".
            self._db.execute("PRAGMA busy_timeout = 30000")
            _use_wal(self._db)
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute("PRAGMA foreign_keys = ON")
            schema.migrate(self._db)
        except sqlite3.Error as error:
            raise _archive_error(error, self) from None

    # -- lifecycle ---------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            # SQLite has already rolled back after some errors (a full disk): rolling back
            # again would fail and hide the real reason.
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- writing what a refresh fetched ------------------------------------------------

    @_translating_errors
    def store_document(
        self, url: str, fetched_posts: Sequence[Post], validators: Validators, wire_bytes: int
    ) -> StoreCounts:
        """Store one fetched document's posts, its validators and its byte count, atomically."""
        with self._transaction() as db:
            counts = posts.store_posts(db, fetched_posts, int(time.time()))
            state.set_validators(db, url, validators)
            state.add_to_counter(db, "bytes_downloaded", wire_bytes)
        return counts

    @_translating_errors
    def store_comments(
        self,
        post_key: int,
        url: str,
        comments: Sequence[Comment],
        validators: Validators,
        wire_bytes: int,
    ) -> int:
        with self._transaction() as db:
            new = comment_store.store_comments(db, post_key, comments)
            state.set_validators(db, url, validators)
            state.add_to_counter(db, "bytes_downloaded", wire_bytes)
        return new

    @_translating_errors
    def validators_for(self, url: str) -> Validators:
        return state.get_validators(self._db, url)

    @_translating_errors
    def posts_with_comments(self) -> list[tuple[int, str]]:
        return self._db.execute(
            "SELECT key, comments_url FROM posts WHERE comment_count > 0 AND comments_url != ''"
            " ORDER BY published DESC"
        ).fetchall()

    # -- remembered facts --------------------------------------------------------------

    @_translating_errors
    def get_meta(self, key: str) -> str | None:
        return state.get_meta(self._db, key)

    @_translating_errors
    def set_meta(self, key: str, value: str | None) -> None:
        with self._transaction() as db:
            state.set_meta(db, key, value)

    @_translating_errors
    def ui_state(self) -> dict[str, Any]:
        return state.get_json(self._db, "ui_state")

    @_translating_errors
    def save_ui_state(self, values: dict[str, Any]) -> None:
        with self._transaction() as db:
            state.set_meta(db, "ui_state", json.dumps(values))

    # -- reading -----------------------------------------------------------------------

    def tag_ids(self, post_filter: PostFilter) -> list[int] | None:
        """The filter's tags as ids (rarest first), or None if one is not in the archive."""
        return tags.tag_ids_rarest_first(self._db, post_filter.tags)

    @_translating_errors
    def list_posts(
        self,
        post_filter: PostFilter = PostFilter(),
        limit: int = 50,
        offset: int = 0,
        after: tuple[int, int] | None = None,
    ) -> list[PostSummary]:
        """Posts matching the filter: by date, or by relevance when it has search words."""
        if post_filter.month:
            check_month(post_filter.month)
        tag_ids = self.tag_ids(post_filter)
        if tag_ids is None:
            return []
        return listing.list_posts(self._db, post_filter, tag_ids, limit, offset, after)

    @_translating_errors
    def position_of(self, post_filter: PostFilter, key: int) -> int | None:
        """Where post `key` stands in the filtered list (None: not in it, or a search)."""
        tag_ids = self.tag_ids(post_filter)
        return None if tag_ids is None else listing.position_of(self._db, post_filter, tag_ids, key)

    @_translating_errors
    def status_counts(self) -> tuple[int, int, int]:
        """(posts, unread, starred), cheap enough to ask after every change."""
        db = self._db
        return (
            db.execute("SELECT count(*) FROM posts").fetchone()[0],
            db.execute("SELECT count(*) FROM posts WHERE read = 0").fetchone()[0],
            db.execute("SELECT count(*) FROM posts WHERE starred = 1").fetchone()[0],
        )

    @_translating_errors
    def count_posts(self, post_filter: PostFilter = PostFilter()) -> int:
        if post_filter.month:
            check_month(post_filter.month)
        tag_ids = self.tag_ids(post_filter)
        return 0 if tag_ids is None else listing.count_posts(self._db, post_filter, tag_ids)

    @_translating_errors
    def search(self, post_filter: PostFilter, limit: int = 50, offset: int = 0) -> list[SearchHit]:
        """Ranked search results with a snippet; markers in search.MATCH_START/END."""
        tag_ids = self.tag_ids(post_filter)
        if tag_ids is None:
            return []
        return listing.search_posts(self._db, post_filter, tag_ids, limit, offset)

    @_translating_errors
    def get_post(self, key_or_id: int | str) -> StoredPost | None:
        return posts.get_post(self._db, key_or_id)

    @_translating_errors
    def comments_for(self, post_key: int) -> list[Comment]:
        return comment_store.comments_for(self._db, post_key)

    @_translating_errors
    def tag_counts(self) -> list[TagCount]:
        return tags.tag_counts(self._db)

    @_translating_errors
    def month_counts(self) -> list[MonthCount]:
        return tags.month_counts(self._db)

    @_translating_errors
    def set_read(self, post_key: int, read: bool = True) -> None:
        with self._transaction() as db:
            db.execute("UPDATE posts SET read = ? WHERE key = ?", (int(read), post_key))

    @_translating_errors
    def set_starred(self, post_key: int, starred: bool = True) -> None:
        with self._transaction() as db:
            db.execute("UPDATE posts SET starred = ? WHERE key = ?", (int(starred), post_key))

    @_translating_errors
    def info(self) -> ArchiveInfo:
        db = self._db
        posts_total, unread, starred = db.execute(
            "SELECT count(*), count(*) - coalesce(sum(read), 0), coalesce(sum(starred), 0) "
            "FROM posts"
        ).fetchone()
        size = sum(
            p.stat().st_size
            for p in self.path.parent.glob(self.path.name + "*")
            if p.is_file() and ".broken-" not in p.name
        )
        return ArchiveInfo(
            posts=posts_total,
            tags=db.execute("SELECT count(*) FROM tags WHERE posts > 0").fetchone()[0],
            comments=comment_store.comment_total(db),
            unread=unread,
            starred=starred,
            last_refresh=state.get_meta(db, "last_refresh"),
            bytes_downloaded=int(state.get_meta(db, "bytes_downloaded", "0") or 0),
            size_on_disk=size,
        )

    @_translating_errors
    def mark_refreshed(self) -> None:
        now = datetime.now(UTC).replace(microsecond=0).isoformat()
        self.set_meta("last_refresh", now)


def _use_wal(db: sqlite3.Connection, patience: float = 30.0) -> None:
    """Switch to WAL. Two processes creating a new archive at once can find it locked:
    the journal-mode switch does not wait on the busy timeout, so wait here."""
    deadline = time.monotonic() + patience
    while db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def set_aside(path: Path) -> Path | None:
    """Move a broken archive (and its WAL files) aside instead of overwriting it."""
    if not path.exists():
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.name}.broken-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(path) + suffix)
        if source.exists():
            os.replace(source, Path(str(kept) + suffix))
    return kept


def _prepare_directory(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ArchiveError(
            f"cannot create the data folder {directory}: {error.strerror or error}"
        ) from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise ArchiveError(f"cannot write to the data folder {directory}: permission denied")


def _refuse_foreign_file(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except OSError as error:
        raise ArchiveError(f"cannot read the archive {path}: {error.strerror}") from None
    if head and head != _SQLITE_MAGIC:
        raise ArchiveCorruptError(
            f"{path} is not an eye-tui archive (corrupt or another file); "
            "run with --reset to keep it aside and start a fresh archive"
        )


def _archive_error(error: sqlite3.Error, archive: object) -> ArchiveError:
    path = getattr(archive, "path", "the archive")
    text = str(error).lower()
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return ArchiveCorruptError(
            f"the archive {path} is damaged ({error}); run with --reset to keep it aside "
            "and start a fresh archive"
        )
    if "disk is full" in text or "disk full" in text:
        return ArchiveError(f"the disk is full: nothing was saved to {path}")
    if "readonly" in text or "unable to open" in text or "permission" in text:
        return ArchiveError(f"cannot write the archive {path}: {error}")
    if "locked" in text or "busy" in text:
        return ArchiveError(f"the archive {path} is busy in another program; try again")
    return ArchiveError(f"archive error in {path}: {error}")
