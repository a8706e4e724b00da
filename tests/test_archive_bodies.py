"""Post bodies kept apart from the rows the list reads: marking posts read or starred
rewrites small rows, never the pages that hold their bodies."""

import random
import sqlite3
from contextlib import closing
from pathlib import Path

from eye_tui.archive import Archive
from eye_tui.archive.migrations import SCHEMA_VERSION
from eye_tui.model import PostFilter
from tests.old_archive import as_schema_11
from tests.read_only import read_only_folder
from tests.stored_posts import post, store


def _body(n: int) -> str:
    """About 3 KB of words that do not compress away: a page of its own, packed."""
    pick = random.Random(n)
    words = (
        "".join(pick.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7)) for _ in range(400)
    )
    return f"<p>Body of post {n}: {' '.join(words)}</p>"


def _wal_pages(path: Path) -> int:
    wal = path.with_name(path.name + "-wal")
    with closing(sqlite3.connect(path)) as db:
        page = int(db.execute("PRAGMA page_size").fetchone()[0])
    return wal.stat().st_size // (page + 24) if wal.exists() else 0


def _pages_written_marking_all_read(archive: Archive) -> int:
    with closing(sqlite3.connect(archive.path)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert _wal_pages(archive.path) == 0
    marked = archive.mark_all_read()
    written = _wal_pages(archive.path)
    archive.mark_unread(marked)
    return written


def test_marking_every_post_read_leaves_their_bodies_unwritten(data_dir: Path) -> None:
    path = data_dir / "archive.sqlite3"
    with Archive(path) as archive:
        store(archive, *(post(n, body=_body(n)) for n in range(1, 201)))
        written = _pages_written_marking_all_read(archive)
        # Bodies in the posts' rows: every one of those pages again (200 and more).
        assert written < 200 // 4, f"{written} pages written to mark 200 posts read"
        assert archive.status_counts() == (200, 200, 0)
        assert archive.get_post(7).html == _body(7)  # type: ignore[union-attr]


def _stored_then_schema_11(path: Path) -> None:
    with Archive(path) as archive:
        bodies = [_body(n) for n in range(2, 201)]
        store(archive, post(1, body="<p>The carnival parade</p>"))
        store(archive, *(post(n, body=body) for n, body in enumerate(bodies, start=2)))
        archive.set_starred(2)
    as_schema_11(path)
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 11


def _found(archive: Archive, words: str) -> list[int]:
    return [hit.post.key for hit in archive.search(PostFilter(query=words))]


def test_the_migration_moves_every_body_and_the_index_still_forgets(data_dir: Path) -> None:
    path = data_dir / "archive.sqlite3"
    _stored_then_schema_11(path)
    with Archive(path) as archive:
        with closing(sqlite3.connect(path)) as db:
            assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            columns = [row[1] for row in db.execute("PRAGMA table_info(posts)")]
        assert "html" not in columns
        assert archive.get_post(2).html == _body(2)  # type: ignore[union-attr]
        assert archive.status_counts() == (200, 200, 1)
        written = _pages_written_marking_all_read(archive)  # the rows packed again
        assert written < 200 // 4, f"{written} pages written to mark 200 posts read"
        assert _found(archive, "carnival") == [1]
        # An edit after the move: the index forgets the old words, as it must be told them.
        store(archive, post(1, body="<p>The summer fete</p>"))
        assert _found(archive, "carnival") == [] and _found(archive, "fete") == [1]
        assert archive.get_post(1).html == "<p>The summer fete</p>"  # type: ignore[union-attr]


def test_an_archive_of_schema_11_read_only_still_shows_its_bodies(data_dir: Path) -> None:
    path = data_dir / "archive.sqlite3"
    _stored_then_schema_11(path)
    with read_only_folder(data_dir), Archive(path) as archive:
        assert archive.read_only
        assert archive.get_post(2).html == _body(2)  # type: ignore[union-attr]
        assert _found(archive, "carnival") == [1]
        assert [p.key for p in archive.list_posts(limit=200)][-2:] == [2, 1]


def test_marking_many_posts_gives_its_roomy_page_cache_back(data_dir: Path) -> None:
    """Marking takes a 16 MB page cache for its long write; every other write keeps
    SQLite's own, or storing a document would hold 4 MB more at its peak."""
    with Archive(data_dir / "archive.sqlite3") as archive:
        store(archive, *(post(n) for n in range(1, 11)))
        cache_size = "PRAGMA cache_size"
        before = archive._db.execute(cache_size).fetchone()[0]
        archive.mark_unread(archive.mark_all_read())
        assert archive._db.execute(cache_size).fetchone()[0] == before == -2000
