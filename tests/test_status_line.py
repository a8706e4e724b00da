"""The status line at any width: the parts that matter least give way first."""

from dataclasses import replace
from pathlib import Path

from rich.cells import cell_len
from textual.widgets import Static

from eye_tui.config import Settings
from eye_tui.ui.app import EyeApp
from eye_tui.ui.widgets.status import fitted
from tests.pilot import archive_of, filled, started, wait_for
from tests.site import WordPressSite, answer, make_posts

PARTS = [
    ("Last refresh 18:05", "", 0),
    ("100,000 posts · 99,000 unread · 0 starred", "", 2),
    ("whole history", "italic", 3),
    ("offline", "italic", 1),
]


def test_every_part_shows_where_there_is_room() -> None:
    line = fitted(PARTS, 200).plain
    assert line == (
        "Last refresh 18:05  ·  100,000 posts · 99,000 unread · 0 starred"
        "  ·  whole history  ·  offline"
    )


def test_the_parts_that_matter_least_give_way_first() -> None:
    assert fitted(PARTS, 78).plain == (
        "Last refresh 18:05  ·  100,000 posts · 99,000 unread · 0 starred  ·  offline"
    )
    assert fitted(PARTS, 40).plain == "Last refresh 18:05  ·  offline"
    assert fitted(PARTS, 10).plain == "Last refresh 18:05"  # cut by the widget itself


def test_width_is_counted_in_cells_not_characters() -> None:
    wide = [("更新しました", "", 0), ("offline", "", 1)]  # six characters, twelve cells
    assert fitted(wide, 24).plain == "更新しました  ·  offline"
    assert fitted(wide, 23).plain == "更新しました"


def test_before_the_line_has_a_width_every_part_is_kept() -> None:
    assert fitted(PARTS, 0).plain.endswith("offline")


async def test_one_post_is_a_post(data_dir: Path) -> None:
    app = EyeApp(replace(archive_of(make_posts(1), data_dir), offline=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await wait_for(pilot, lambda: "1 post · 1 unread" in status_of(app))


def status_of(app: EyeApp) -> str:
    return str(app.screen.query_one("#status", Static).render())


async def test_offline_stays_in_sight_at_80_columns_and_after_resizes(
    settings: Settings,
) -> None:
    app = EyeApp(filled(settings))

    def status() -> str:
        return str(app.screen.query_one("#status", Static).render())

    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await wait_for(pilot, lambda: "whole history" in status() and "offline" in status())
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: "whole history" not in status())
        assert status().rstrip().endswith("offline") and "25 unread" in status()
        await pilot.resize_terminal(120, 40)
        await wait_for(pilot, lambda: "whole history" in status())
        assert "offline" in status()


async def test_a_long_failure_is_cut_with_an_ellipsis_at_80_columns(
    site: WordPressSite, settings: Settings
) -> None:
    # Found in tmux at 80x24: "Refresh failed: cannot reach … the address could not be",
    # cut mid-phrase with nothing to say that more was there.
    site.fault = lambda handler: answer(handler, 404)
    long_address = site.url + "?from=the-parish-council-newsletter-sign-up-page"
    app = EyeApp(replace(settings, feed_url=long_address, offline=False))
    async with app.run_test(size=(80, 24)) as pilot:
        status = app.screen.query_one("#status", Static)
        await wait_for(pilot, lambda: "Refresh failed" in str(status.render()))
        await pilot.pause()
        drawn = status.render_line(0).text.strip()
        assert drawn.startswith("Refresh failed: the feed http") and drawn.endswith("…"), drawn
        assert cell_len(drawn) <= 80


async def test_the_sample_archive_says_so_not_when_it_was_refreshed(data_dir: Path) -> None:
    # The bundled sample is never refreshed: "Last refresh 09:40" was the time it opened.
    app = EyeApp(Settings(feed_url="http://127.0.0.1:9/feed/", data_dir=data_dir), demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        await wait_for(pilot, lambda: "5 posts" in status_of(app))
        assert status_of(app).startswith("Sample archive  ·  5 posts")
        assert "Last refresh" not in status_of(app) and "Never refreshed" not in status_of(app)
