"""The archive file's life cycle: opening it safely, transactions, and our error messages.

Everything here is about the SQLite connection itself; what is stored lives in the subject
modules (posts, listing, tags, comments, state).
"""

import functools
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import ParamSpec, TypeVar

from eye_tui.archive import migrations, schema
from eye_tui.errors import ArchiveCorruptError, ArchiveError, ArchiveUnchangedError

_P = ParamSpec("_P")
_R = TypeVar("_R")


class ArchiveConnection(sqlite3.Connection):
    """The archive's connection. It remembers how many posts its last search query found
    (listing.matches): a keystroke's count and then its list each ask, and the start of
    a word shared by many costs the index some 50 ms a time at 100,000 posts."""

    last_matches: tuple[tuple[str, int, int], int] | None = None
    # Whether the totals kept by triggers (schema 11) are read: not in an older archive
    # read where it cannot be migrated, nor once a count found them wrong and they could
    # not be mended (totals.py).
    totals_believed: bool = True


_ROOMY_CACHE_KIB = 16 * 1024


def open_connection(path: Path) -> tuple[sqlite3.Connection, bool]:
    """Open (or create) the archive at `path`, migrated to the current schema.

    An archive on a read-only folder or medium (a CD, a share, a locked-down copy) opens
    for reading; the second value says so. Writing to it then fails with our error."""
    if path.exists() and not _writable(path):
        return _open_read_only(path), True
    _prepare_directory(path.parent)
    try:
        connection = sqlite3.connect(
            path, isolation_level=None, timeout=30, factory=ArchiveConnection
        )
        schema.register_functions(connection)
        # Another process (cron refresh, a second reader) may hold the write lock for
        # a moment; wait for it instead of telling the user "database is locked".
        connection.execute("PRAGMA busy_timeout = 30000")
        _use_wal(connection)
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")
        schema.migrate(connection)
    except sqlite3.Error as error:
        raise archive_error(error, path) from None
    return connection, False


def is_behind(path: Path) -> bool:
    """Is the archive at `path` from an older eye-tui, so that opening it will bring it up
    to date (once: a moment, or seconds for 100,000 posts)? False when in doubt."""
    if not path.exists() or not _writable(path):
        return False
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error:
        return False  # opening it says what is wrong
    return 0 < version < migrations.SCHEMA_VERSION


def _writable(path: Path) -> bool:
    """Can the archive and its folder (where SQLite keeps its journal) be written?"""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def _open_read_only(path: Path) -> sqlite3.Connection:
    """Open for reading only. SQLite wants a shared-memory file beside an archive in WAL
    mode; where none can be made, the file is read as immutable (nothing can change it
    meanwhile: nobody can write there)."""
    address = path.resolve().as_uri()
    last_error: sqlite3.Error | None = None
    for options in ("mode=ro", "immutable=1"):
        try:
            connection = sqlite3.connect(
                f"{address}?{options}", uri=True, isolation_level=None, factory=ArchiveConnection
            )
            schema.register_functions(connection)
            version = connection.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as error:
            last_error = error
            continue
        if version < migrations.READABLE_FROM:
            connection.close()
            raise ArchiveError(
                f"the archive {path} is from an older eye-tui and cannot be written here to "
                "bring it up to date; open it once where it can be written"
            )
        if version > migrations.SCHEMA_VERSION:
            connection.close()
            raise ArchiveError(
                f"the archive was written by a newer eye-tui (schema {version}); upgrade eye-tui"
            )
        connection.totals_believed = version >= migrations.TOTALS_FROM
        if version < migrations.BODIES_FROM:  # bodies still in the posts' rows: read them there
            connection.execute("CREATE TEMP VIEW bodies AS SELECT key, html FROM main.posts")
        return connection
    assert last_error is not None
    raise archive_error(last_error, path) from None


@contextmanager
def roomy_cache(connection: sqlite3.Connection) -> Iterator[None]:
    """A 16 MB page cache for one long write, not SQLite's 2 MB: marking 66,667 posts of
    100,000 read changes ~7,000 pages, which spilled from the small one and were read
    again (0.7 s of updating, 0.35 s with this). Given back after: kept for every write,
    storing 1,000 posts took 4 MB more at its peak."""
    before = connection.execute("PRAGMA cache_size").fetchone()[0]
    connection.execute(f"PRAGMA cache_size = -{_ROOMY_CACHE_KIB}")
    try:
        yield
    finally:
        connection.execute(f"PRAGMA cache_size = {int(before)}")


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: everything in it lands, or nothing does."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        # SQLite has already rolled back after some errors (a full disk): rolling back
        # again would fail and hide the real reason.
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def count(connection: sqlite3.Connection, sql: str, params: Sequence[object] = ()) -> int:
    """The single number a `SELECT count(*) …` (or similar) query answers."""
    row = connection.execute(sql, params).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def translating_errors(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """Turn sqlite3's errors into ours, with a message a resident can act on."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as error:
            raise archive_error(error, getattr(args[0], "path", "the archive")) from None

    return wrapper


def set_aside(path: Path) -> Path | None:
    """Move a broken archive (and its WAL files) aside instead of overwriting it."""
    if not path.exists():
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.name}.broken-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(path) + suffix)
        if source.exists():
            try:
                os.replace(source, Path(str(kept) + suffix))
            except OSError as error:
                raise ArchiveError(
                    f"cannot move the damaged archive {path} aside: {error.strerror}"
                ) from None
    return kept


def is_damaged(path: Path) -> bool:
    """True if the file at `path` cannot serve as an archive: not SQLite, or failing
    SQLite's own check. A missing file is not damaged."""
    if not path.exists():
        return False
    try:
        connection, _ = open_connection(path)
    except ArchiveCorruptError:
        return True
    try:
        return str(connection.execute("PRAGMA quick_check").fetchone()[0]) != "ok"
    except sqlite3.DatabaseError:
        return True
    finally:
        connection.close()


def archive_error(error: sqlite3.Error, path: object) -> ArchiveError:
    text = str(error).lower()
    if "not a database" in text:
        # Found by SQLite reading the header itself: the archive file is never opened
        # apart from SQLite, as closing any other handle on it drops the locks SQLite
        # holds on it for the whole process, and another program's closing connection
        # then checkpoints and deletes the WAL under ours (an archive was damaged so).
        return ArchiveCorruptError(
            f"{path} is not an eye-tui archive (corrupt or another file); "
            "run with --reset to keep it aside and start a fresh archive"
        )
    if "malformed" in text or "corrupt" in text:
        return ArchiveCorruptError(
            f"the archive {path} is damaged ({error}); run with --reset to keep it aside "
            "and start a fresh archive"
        )
    if "disk is full" in text or "disk full" in text:
        return ArchiveUnchangedError(f"the disk is full: nothing was saved to {path}")
    if "readonly" in text:
        return ArchiveUnchangedError(
            f"the archive {path} is read-only here: it can be read, not changed"
        )
    if "unable to open" in text or "permission" in text:
        return ArchiveError(f"cannot write the archive {path}: {error}")
    if "locked" in text or "busy" in text:
        return ArchiveUnchangedError(f"the archive {path} is busy in another program; try again")
    return ArchiveError(f"archive error in {path}: {error}")


def _use_wal(connection: sqlite3.Connection, patience: float = 30.0) -> None:
    """Switch to WAL. Two processes creating a new archive at once can find it locked:
    the journal-mode switch does not wait on the busy timeout, so wait here."""
    deadline = time.monotonic() + patience
    while connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            connection.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _prepare_directory(directory: Path) -> None:
    if directory.is_file():  # "File exists", mkdir would say
        raise ArchiveError(f"the data folder {directory} is a file, not a folder")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ArchiveError(
            f"cannot create the data folder {directory}: {error.strerror or error}"
        ) from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise ArchiveError(f"cannot write to the data folder {directory}: permission denied")
