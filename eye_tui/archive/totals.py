"""The whole archive's totals: posts, unread and starred.

Since schema 11 triggers keep them in one row, so the list's length at start and the
status line after each mark cost a row read instead of a count over an index (1.5 MB at
100,000 posts: 4.7 ms from memory, 55 ms from disk). A tool or a damaged file can make
them wrong, so the reader counts once a session, after its first frame, and mends them.
"""

import sqlite3

from eye_tui.archive.connection import ArchiveConnection, transaction

Totals = tuple[int, int, int]  # posts, unread, starred

_COUNTED = (
    "(SELECT count(*) FROM posts), (SELECT count(*) FROM posts WHERE read = 0), "
    "(SELECT count(*) FROM posts WHERE starred = 1)"
)


def status_counts(connection: sqlite3.Connection) -> Totals:
    """(posts, unread, starred): the kept row where it is believed, else counted."""
    if _believed(connection):
        row = connection.execute("SELECT posts, unread, starred FROM totals").fetchone()
        if row is not None:
            return (int(row[0]), int(row[1]), int(row[2]))
    return counted(connection)


def all_posts(connection: sqlite3.Connection) -> int:
    return status_counts(connection)[0]


def counted(connection: sqlite3.Connection) -> Totals:
    """(posts, unread, starred), each counted off an index."""
    row = connection.execute(f"SELECT {_COUNTED}").fetchone()
    return (int(row[0]), int(row[1]), int(row[2]))


def mend_totals(connection: sqlite3.Connection, writable: bool) -> bool:
    """Count the posts and compare with the kept totals (one statement: one snapshot,
    whatever another process is storing). True when they differed: then they are
    written again, or, where the archive cannot be written now, no longer believed."""
    if not _believed(connection):
        return False
    row = connection.execute(
        f"SELECT {_COUNTED}, (SELECT json_array(posts, unread, starred) FROM totals)"
    ).fetchone()
    if row[3] == f"[{row[0]},{row[1]},{row[2]}]":
        return False
    if writable:
        try:
            with transaction(connection) as db:  # counted again under the write lock
                db.execute(f"INSERT OR REPLACE INTO totals SELECT 1, {_COUNTED}")
            return True
        except sqlite3.OperationalError:  # another program holds the archive: count instead
            pass
    assert isinstance(connection, ArchiveConnection)  # _believed said so
    connection.totals_believed = False
    return True


def _believed(connection: sqlite3.Connection) -> bool:
    return isinstance(connection, ArchiveConnection) and connection.totals_believed
