"""Which documents are saved, in which file, and from which post."""

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from eye_tui.archive.connection import count


@dataclass(frozen=True, slots=True)
class SavedDocument:
    """A document (PDF, Word…) a post links to, saved for reading offline."""

    url: str
    file: str  # under the documents folder
    bytes: int
    post: int | None = None
    post_title: str = ""
    by_hand: bool = False


def documents_for(connection: sqlite3.Connection, urls: Iterable[str]) -> dict[str, SavedDocument]:
    wanted = list(dict.fromkeys(urls))[:2000]
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    rows = connection.execute(
        f"SELECT d.url, d.file, d.bytes, d.post, coalesce(p.title, ''), d.by_hand "
        f"FROM documents d LEFT JOIN posts p ON p.key = d.post WHERE d.url IN ({marks})",
        wanted,
    ).fetchall()
    return {row[0]: _saved(row) for row in rows}


def all_documents(connection: sqlite3.Connection) -> list[SavedDocument]:
    rows = connection.execute(
        "SELECT d.url, d.file, d.bytes, d.post, coalesce(p.title, ''), d.by_hand "
        "FROM documents d LEFT JOIN posts p ON p.key = d.post ORDER BY d.fetched DESC"
    ).fetchall()
    return [_saved(row) for row in rows]


def _saved(row: tuple[object, ...]) -> SavedDocument:
    url, file, size, post, title, by_hand = row
    return SavedDocument(
        str(url),
        str(file),
        int(str(size)),
        int(str(post)) if post else None,
        str(title),
        bool(by_hand),
    )


def store_document_file(connection: sqlite3.Connection, saved: SavedDocument, now: int) -> None:
    connection.execute(
        "INSERT INTO documents (url, file, bytes, post, by_hand, fetched) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (url) DO UPDATE SET file = excluded.file, bytes = excluded.bytes,"
        " by_hand = max(by_hand, excluded.by_hand), fetched = excluded.fetched",
        (saved.url, saved.file, saved.bytes, saved.post, int(saved.by_hand), now),
    )


def totals(connection: sqlite3.Connection) -> tuple[int, int]:
    return (
        count(connection, "SELECT count(*) FROM documents"),
        count(connection, "SELECT sum(bytes) FROM documents"),
    )
