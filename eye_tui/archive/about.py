"""What `info` tells about the archive: counts, sizes and the last refresh."""

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from eye_tui.archive import comments, documents, pictures, state, tags, totals


@dataclass(frozen=True, slots=True)
class ArchiveInfo:
    """What `info` tells about the archive: counts, sizes and the last refresh."""

    posts: int
    tags: int
    comments: int
    unread: int
    starred: int
    last_refresh: str | None
    bytes_downloaded: int
    size_on_disk: int
    history_complete: bool = False
    pictures: int = 0
    pictures_bytes: int = 0
    documents: int = 0
    documents_bytes: int = 0


def archive_info(connection: sqlite3.Connection, path: Path) -> ArchiveInfo:
    posts, unread, starred = totals.counted(connection)  # counted: info may be asked why
    picture_count, picture_bytes = pictures.totals(connection)
    document_count, document_bytes = documents.totals(connection)
    size = sum(
        p.stat().st_size
        for p in path.parent.glob(path.name + "*")
        if p.is_file() and ".broken-" not in p.name
    )
    return ArchiveInfo(
        posts=posts,
        tags=tags.tag_total(connection),
        comments=comments.comment_total(connection),
        unread=unread,
        starred=starred,
        last_refresh=state.get_meta(connection, "last_refresh"),
        bytes_downloaded=int(state.get_meta(connection, "bytes_downloaded", "0") or 0),
        size_on_disk=size,
        history_complete=state.history(connection)[0],
        pictures=picture_count,
        pictures_bytes=picture_bytes,
        documents=document_count,
        documents_bytes=document_bytes,
    )
