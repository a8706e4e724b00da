"""Hostile dates: a date no post can have is unknown, not trusted; stored dates no calendar
holds never stop the reader, and the migration mends them. Each case failed before its fix."""

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from eye_tui.archive import Archive
from eye_tui.feed import parse_feed
from eye_tui.paths import archive_path
from eye_tui.ui.app import EyeApp
from eye_tui.ui.widgets.sidebar import ArchivePane
from tests.old_archive import as_schema_9
from tests.pilot import archive_of, started, titles
from tests.site import make_posts

NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)


def _feed_with_dates(*dates: str) -> bytes:
    items = "".join(
        f"<item><title>Post {n}</title><guid>g{n}</guid><pubDate>{date}</pubDate></item>"
        for n, date in enumerate(dates)
    )
    channel = f"<channel><title>T</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


@pytest.mark.parametrize(
    "date",
    [
        "Mon, 01 Jan 0001 00:00:00 +0000",  # year 1
        "1420070400",  # a bare epoch number, which feedparser reads as the year 1447
        "Sat, 01 Jan 1972 00:00:00 +0000",  # before the web
        "Fri, 31 Dec 9999 23:59:59 +0000",  # the far future
    ],
)
def test_a_date_no_post_can_have_is_unknown_and_marked_guessed(date: str) -> None:
    (post,) = parse_feed(_feed_with_dates(date), fetched_at=NOW).posts
    assert post.published == NOW and post.date_is_guess


def test_a_plausible_date_is_kept() -> None:
    (post,) = parse_feed(_feed_with_dates("Tue, 06 Jan 2015 09:00:00 +0000"), fetched_at=NOW).posts
    assert post.published == datetime(2015, 1, 6, 9, tzinfo=UTC) and not post.date_is_guess


def _damage(path: Path, version: int) -> None:
    """What an older eye-tui stored from a year-1 date, and a time no calendar holds."""
    from eye_tui.archive.migrations import SCHEMA_VERSION

    if version < SCHEMA_VERSION:
        as_schema_9(path, version)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE posts SET month = '1-01', published = -62135596800 WHERE key = 1")
        db.execute("UPDATE posts SET published = 999999999999999 WHERE key = 2")
        db.execute("INSERT OR IGNORE INTO months VALUES ('zz', 3)")
        db.execute(f"PRAGMA user_version = {version}")


async def test_stored_dates_no_calendar_holds_never_stop_the_reader(data_dir: Path) -> None:
    settings = archive_of(make_posts(5), data_dir)
    with Archive(archive_path(data_dir)):
        pass
    from eye_tui.archive.migrations import SCHEMA_VERSION

    _damage(archive_path(data_dir), SCHEMA_VERSION)  # no migration will mend it
    app = EyeApp(settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot, app)
        assert len(titles(app)) == 5
        months = [
            node.data
            for year in app.screen.query_one(ArchivePane).root.children
            for node in year.children
        ]
        assert months and all(len(m) == 7 and m[:4].isdigit() for m in months)
        await pilot.press("G", "enter")  # the damaged posts open too
        await pilot.press("g", "enter")


def test_the_migration_mends_dates_stored_before(data_dir: Path) -> None:
    archive_of(make_posts(5), data_dir)
    _damage(archive_path(data_dir), 6)
    with Archive(archive_path(data_dir)) as archive:
        first, second = archive.get_post(1), archive.get_post(2)
        assert first is not None and second is not None
        assert first.date_is_guess and second.date_is_guess
        assert first.summary.published.year >= 2024 and second.summary.published.year >= 2024
        assert all(m.month[:2] == "20" for m in archive.month_counts())
        assert sum(m.posts for m in archive.month_counts()) == 5
