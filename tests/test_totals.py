"""The archive's totals (posts, unread, starred), kept by triggers so the list's length
and the status line need not count 100,000 rows; checked against a real count once a
session, and mended when a tool or a damaged file has made them wrong."""

import sqlite3
from contextlib import closing
from pathlib import Path

from eye_tui.archive import Archive
from eye_tui.archive.migrations import SCHEMA_VERSION
from eye_tui.config import Settings
from eye_tui.model import PostFilter
from eye_tui.paths import archive_path
from eye_tui.ui.app import EyeApp
from tests.old_archive import as_schema_10
from tests.pilot import archive_of, started, titles
from tests.read_only import read_only_folder
from tests.site import make_posts
from tests.stored_posts import post, store


def _kept(path: Path) -> tuple[int, int, int]:
    with sqlite3.connect(path) as db:
        row = db.execute("SELECT posts, unread, starred FROM totals").fetchone()
    return (row[0], row[1], row[2])


def _counted(path: Path) -> tuple[int, int, int]:
    with sqlite3.connect(path) as db:
        row = db.execute(
            "SELECT count(*), count(*) FILTER (WHERE read = 0), "
            "count(*) FILTER (WHERE starred = 1) FROM posts"
        ).fetchone()
    return (row[0], row[1], row[2])


def test_totals_follow_storing_marking_starring_and_deleting(archive: Archive) -> None:
    store(archive, *(post(n) for n in range(1, 6)))
    assert _kept(archive.path) == _counted(archive.path) == (5, 5, 0)
    archive.set_read(1)
    archive.mark_all_read(PostFilter(month="2014-01"))  # posts 1 to 5 are in January
    archive.mark_unread([3, 5])
    archive.set_read(2)  # already read: counted once
    archive.set_starred(4)
    archive.set_starred(4)
    assert _kept(archive.path) == _counted(archive.path) == (5, 2, 1)
    archive.mark_unread([1])
    archive.set_starred(4, False)
    store(archive, post(6))
    assert _kept(archive.path) == _counted(archive.path) == (6, 4, 0)
    with sqlite3.connect(archive.path) as db:  # nothing in eye-tui deletes a post; a tool may
        db.execute("UPDATE posts SET starred = 1 WHERE key = 6")
        db.execute("DELETE FROM post_tags WHERE post IN (5, 6)")
        db.execute("DELETE FROM posts WHERE key IN (5, 6)")
    assert _kept(archive.path) == _counted(archive.path) == (4, 2, 0)
    assert archive.count_posts() == 4 and archive.status_counts() == (4, 2, 0)


def test_wrong_totals_are_found_and_mended(archive: Archive) -> None:
    store(archive, *(post(n) for n in range(1, 6)))
    assert archive.mend_totals() is False  # right: nothing to mend
    with sqlite3.connect(archive.path) as db:
        db.execute("UPDATE totals SET posts = 2, unread = 9, starred = -1")
    assert archive.mend_totals() is True
    assert archive.count_posts() == 5 and archive.status_counts() == (5, 5, 0)
    assert _kept(archive.path) == (5, 5, 0)
    with sqlite3.connect(archive.path) as db:  # the row itself gone
        db.execute("DELETE FROM totals")
    assert archive.status_counts() == (5, 5, 0)  # counted, until mended
    assert archive.mend_totals() is True and _kept(archive.path) == (5, 5, 0)


def test_the_migration_counts_the_posts_already_stored(data_dir: Path) -> None:
    path = data_dir / "archive.sqlite3"
    with Archive(path) as archive:
        store(archive, *(post(n) for n in range(1, 8)))
        archive.mark_all_read()
        archive.mark_unread([4, 5, 6, 7])
        archive.set_starred(7)
    as_schema_10(path)
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 10
    with Archive(path) as archive:
        assert _kept(path) == _counted(path) == (7, 4, 1)
        assert archive.status_counts() == (7, 4, 1)
        with closing(sqlite3.connect(path)) as db:
            assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_an_older_archive_read_only_is_counted(data_dir: Path) -> None:
    path = data_dir / "archive.sqlite3"
    with Archive(path) as archive:
        store(archive, *(post(n) for n in range(1, 4)))
        archive.set_read(1)
    as_schema_10(path)
    with read_only_folder(data_dir), Archive(path) as archive:
        assert archive.read_only
        assert archive.count_posts() == 3 and archive.status_counts() == (3, 2, 0)
        assert archive.mend_totals() is False  # nothing kept to be wrong


def test_wrong_totals_in_a_read_only_archive_are_not_believed(data_dir: Path) -> None:
    path = data_dir / "archive.sqlite3"
    with Archive(path) as archive:
        store(archive, *(post(n) for n in range(1, 4)))
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE totals SET posts = 1, unread = 1")
    with read_only_folder(data_dir), Archive(path) as archive:
        assert archive.mend_totals() is True  # found wrong; cannot be written: counted since
        assert archive.count_posts() == 3 and archive.status_counts() == (3, 3, 0)


async def test_the_reader_lists_every_post_when_the_totals_are_wrong(data_dir: Path) -> None:
    settings: Settings = archive_of(make_posts(5), data_dir)
    with closing(sqlite3.connect(archive_path(data_dir))) as db, db:
        db.execute("UPDATE totals SET posts = 2, unread = 2")
    app = EyeApp(settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot, app)
        assert len(titles(app)) == 5
        status = str(app.screen.query_one("#status").render())
        assert "5 posts" in status and "5 unread" in status, status
    assert _kept(archive_path(data_dir)) == (5, 5, 0)
