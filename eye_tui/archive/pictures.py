"""Which pictures are kept, in which file, and when each was last looked at."""

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from eye_tui.archive.connection import count
from eye_tui.model import Validators


@dataclass(frozen=True, slots=True)
class StoredPicture:
    """A picture kept for reading offline, and where its file is."""

    url: str
    file: str  # under the media folder
    bytes: int
    width: int
    height: int


def picture_for(connection: sqlite3.Connection, url: str) -> StoredPicture | None:
    row = connection.execute(
        "SELECT url, file, bytes, width, height FROM pictures WHERE url = ?", (url,)
    ).fetchone()
    return StoredPicture(*row) if row else None


def pictures_for(connection: sqlite3.Connection, urls: Iterable[str]) -> dict[str, StoredPicture]:
    wanted = list(dict.fromkeys(urls))[:2000]
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    rows = connection.execute(
        f"SELECT url, file, bytes, width, height FROM pictures WHERE url IN ({marks})", wanted
    ).fetchall()
    return {row[0]: StoredPicture(*row) for row in rows}


def store_picture(
    connection: sqlite3.Connection, picture: StoredPicture, validators: Validators, now: int
) -> None:
    connection.execute(
        "INSERT INTO pictures (url, file, bytes, width, height, fetched, etag, last_modified)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET file = excluded.file,"
        " bytes = excluded.bytes, width = excluded.width, height = excluded.height,"
        " fetched = excluded.fetched, etag = excluded.etag,"
        " last_modified = excluded.last_modified",
        (
            picture.url,
            picture.file,
            picture.bytes,
            picture.width,
            picture.height,
            now,
            validators.etag,
            validators.last_modified,
        ),
    )


def note_viewed(connection: sqlite3.Connection, urls: Iterable[str], now: int) -> None:
    connection.executemany(
        "UPDATE pictures SET viewed = ? WHERE url = ?", [(now, url) for url in urls]
    )


def files_least_viewed_first(connection: sqlite3.Connection) -> list[tuple[str, int]]:
    """(file, bytes) of every kept picture, the one looked at longest ago first (never
    looked at: the oldest fetched first)."""
    rows = connection.execute(
        "SELECT file, max(bytes) FROM pictures GROUP BY file"
        " ORDER BY max(viewed), max(fetched), file"
    ).fetchall()
    return [(str(file), int(size)) for file, size in rows]


def forget_files(connection: sqlite3.Connection, files: Iterable[str]) -> None:
    connection.executemany("DELETE FROM pictures WHERE file = ?", [(f,) for f in files])


def totals(connection: sqlite3.Connection) -> tuple[int, int]:
    """(pictures kept, bytes on disk): a file shared by several addresses counts once."""
    files = count(connection, "SELECT count(DISTINCT file) FROM pictures")
    size = count(
        connection,
        "SELECT sum(bytes) FROM (SELECT max(bytes) AS bytes FROM pictures GROUP BY file)",
    )
    return files, size
