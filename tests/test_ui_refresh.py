"""The reader while a refresh runs: posts appear page by page, progress is readable, R is
honest, any failure leaves R working, and quitting never waits for the network."""

import subprocess
from dataclasses import replace
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from textual.widgets import Static

from eye_tui.config import Settings
from tests.pilot import (
    RecordingApp,
    filled,
    started,
    titles,
    wait_for,
)
from tests.site import SitePost, WordPressSite, answer, make_posts
from tests.test_slow_links import HeldPages
from tests.test_terminal import site_terminal
from tests.wordpress_site import newer_post


def status_text(app: RecordingApp) -> str:
    from textual.widgets import Static

    return str(app.screen.query_one("#status", Static).render())


async def test_posts_appear_while_the_first_fetch_runs(data_dir: Path) -> None:
    with WordPressSite(make_posts(60), per_page=10) as site:
        held = HeldPages(4)
        site.fault = held
        app = RecordingApp(Settings(feed_url=site.url, data_dir=data_dir))
        try:
            async with app.run_test(size=(120, 40)) as pilot:
                # Pages 1-3 are committed while page 4 is still on its way.
                await wait_for(pilot, lambda: len(titles(app)) == 30)
                assert app.screen.refreshing
                assert titles(app)[0] == "Village news item 60"
                assert "Fetching new posts, page 4:" in status_text(app)
                assert "history: 30 so far" in status_text(app)
                assert app.screen.query_one("#progress").display  # the bar shows while fetching
                await pilot.press("R")
                await wait_for(pilot, lambda: app.notices)
                assert app.notices[-1].message.startswith("A refresh is already running")
                held.release.set()
                await wait_for(pilot, lambda: not app.screen.refreshing)
                assert len(titles(app)) == 60
                assert "60 posts" in status_text(app) and "whole history" in status_text(app)
                assert not app.screen.query_one("#progress").display
        finally:
            held.release.set()


async def test_new_posts_slot_in_without_moving_the_cursor(data_dir: Path) -> None:
    with WordPressSite(make_posts(30), per_page=10) as site:
        settings = Settings(feed_url=site.url, data_dir=data_dir)
        app = RecordingApp(settings)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: len(titles(app)) == 30 and not app.screen.refreshing)
            await pilot.press("down", "down", "down")
            reading = app.screen.query_one("PostList").current  # type: ignore[attr-defined]
            newest = site.posts[0]
            for number in (31, 32):
                post = make_posts(number)[0]
                post.published = newest.published.replace(hour=number - 20)
                site.posts.insert(0, post)
            await pilot.press("R")
            await wait_for(pilot, lambda: len(titles(app)) == 32 and not app.screen.refreshing)
            current = app.screen.query_one("PostList").current  # type: ignore[attr-defined]
            assert current.key == reading.key  # still on the post being read
            assert titles(app)[:2] == ["Village news item 32", "Village news item 31"]


async def test_an_unexpected_error_in_the_first_refresh_is_said_and_r_still_works(
    site: WordPressSite, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eye_tui import sync

    real_refresh = sync.Sync.refresh

    def broken(self: sync.Sync, **kwargs: bool) -> object:
        raise RuntimeError("injected failure")

    monkeypatch.setattr(sync.Sync, "refresh", broken)
    app = RecordingApp(Settings(feed_url=site.url, data_dir=data_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        empty = app.screen.query_one("#empty", Static)
        await wait_for(pilot, lambda: "injected failure" in str(empty.render()))
        assert "RuntimeError: injected failure" in str(empty.render())
        assert "Press d to open the bundled sample" in str(empty.render())
        # Said once, where the resident looks: no notice repeats it over the same screen.
        assert not any(n.title == "Refresh failed" for n in app.notices)
        assert not app.screen.refreshing
        # R asked again, and failing again is answered: the pane alone would not change.
        await wait_for(pilot, lambda: app.keys.ready)
        await pilot.press("R")
        await wait_for(pilot, lambda: any(n.title == "Refresh failed" for n in app.notices))
        note = next(n for n in app.notices if n.title == "Refresh failed")
        assert "RuntimeError: injected failure" in note.message and note.severity == "error"
        await wait_for(pilot, lambda: not app.screen.refreshing)
        monkeypatch.setattr(sync.Sync, "refresh", real_refresh)
        await pilot.press("R")
        await wait_for(pilot, lambda: len(titles(app)) == 25 and not app.screen.refreshing)


async def test_the_whole_history_on_demand_when_backfill_is_off(data_dir: Path) -> None:
    with WordPressSite(make_posts(40), per_page=10) as site:
        held = HeldPages(3)
        site.fault = held
        first = RecordingApp(Settings(feed_url=site.url, data_dir=data_dir))
        async with first.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: len(titles(first)) == 20)
        held.release.set()  # quitting stopped the fetch; 20 of 40 posts are kept
        site.fault = None
        metered = Settings(feed_url=site.url, data_dir=data_dir, auto_backfill=False)
        app = RecordingApp(metered)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: not app.screen.refreshing)
            await started(pilot, app)
            assert len(titles(app)) == 20
            assert "20 posts · 20 unread · 0 starred  ·  H: older posts" in status_text(app)
            # Found in tmux: at 100 columns and under, the hint was the first part dropped.
            await pilot.resize_terminal(80, 24)
            await wait_for(pilot, lambda: "H: older posts" in status_text(app))
            await pilot.resize_terminal(120, 40)
            await pilot.press("H")
            await wait_for(pilot, lambda: len(titles(app)) == 40 and not app.screen.refreshing)
            await pilot.press("H")
            await wait_for(pilot, lambda: app.notices)
            assert app.notices[-1].message == "The whole history is already here."


def reader_processes(data_dir: Path) -> list[str]:
    found = subprocess.run(
        ["pgrep", "-f", f"--data-dir {data_dir}"], capture_output=True, text=True
    )
    return found.stdout.split()


@pytest.mark.parametrize("key", ["q", "C-c", "close the terminal"])
def test_quitting_during_a_held_download_does_not_wait_for_it(tmp_path: Path, key: str) -> None:
    with WordPressSite(make_posts(40), per_page=10) as site:
        held = HeldPages(1)  # the very first page never arrives
        site.fault = held
        terminal = site_terminal(site.url, tmp_path)
        try:
            terminal.wait_for("Fetching new posts, page 1:")
            assert held.reached.wait(30)
            # The page is held for two minutes: an app that waited for it would still run.
            if key == "close the terminal":
                terminal.close()
            else:
                terminal.keys(key)
                terminal.wait_until(lambda: not terminal.alive(), f"{key} did not quit")
            terminal.wait_until(lambda: not reader_processes(tmp_path), "the reader lives on")
        finally:
            held.release.set()
            terminal.close()


async def test_the_open_post_is_redrawn_when_a_refresh_updates_it(
    site: WordPressSite, data_dir: Path
) -> None:
    settings = Settings(feed_url=site.url, data_dir=data_dir)
    app = RecordingApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: len(titles(app)) == 25 and not app.screen.refreshing)
        await pilot.press("enter")
        pane = app.screen.query_one("PostReader")
        await wait_for(pilot, lambda: "Story number 25" in pane.plain_text)  # type: ignore[attr-defined]
        site.posts[0].html = "<p>Story number 25, corrected: the fete moved to Sunday.</p>"
        await pilot.press("R")
        await wait_for(pilot, lambda: "moved to Sunday" in pane.plain_text)  # type: ignore[attr-defined]
        assert any("was updated on the site" in n.message for n in app.notices)


async def test_the_first_fetch_names_the_site_it_fetches(data_dir: Path) -> None:
    """ "Fetching the Enderby EYE…" was said of every feed: another site is named by its
    host until its feed gives its name."""
    with WordPressSite(make_posts(3)) as site:
        held = HeldPages(1)
        site.fault = held
        app = RecordingApp(Settings(feed_url=site.url, data_dir=data_dir))
        async with app.run_test(size=(100, 30)) as pilot:
            empty = app.screen.query_one("#empty", Static)
            await wait_for(pilot, lambda: "first time" in str(empty.render()))
            assert str(empty.render()).startswith("Fetching 127.0.0.1 for the first time…")
            held.release.set()
            await wait_for(pilot, lambda: len(titles(app)) == 3 and not app.screen.refreshing)


async def test_background_refresh_brings_new_posts(site: WordPressSite, settings: Settings) -> None:
    settings = filled(settings, offline=False)
    site.posts.insert(
        0,
        SitePost(
            99,
            "Enderby carnival is back",
            "<p>Floats!</p>",
            ["Enderby"],
            site.posts[0].published + timedelta(days=1),
        ),
    )
    app = RecordingApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        # The list paints from the archive before the refresh has finished.
        assert titles(app)[0] == "Village news item 25"
        await wait_for(pilot, lambda: titles(app)[0] == "Enderby carnival is back")
        await wait_for(pilot, lambda: not app.screen.refreshing)
        assert any("1 new" in n.message for n in app.notices)
        app.screen.network._look_at_archive()  # as its timer does: our refresh is not another's
        assert not any("another eye-tui" in n.message for n in app.notices)


async def test_refresh_minutes_brings_new_posts_while_the_reader_stays_open(
    site: WordPressSite, settings: Settings
) -> None:
    # Left open all day, the reader showed the morning's posts until R was pressed.
    settings = replace(filled(settings, offline=False), refresh_minutes=0.01)  # 0.6 s
    app = RecordingApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.keys.ready and not app.screen.refreshing)
        assert " ·  next " in status_text(app)  # when it will look again
        fetched = len(site.requests)
        site.posts.insert(0, newer_post(site, 99))
        await wait_for(pilot, lambda: titles(app)[0] == "Village news item 99")
        assert len(site.requests) > fetched
        assert any("1 new" in n.message for n in app.notices)
        asked = len(site.requests)
        await wait_for(pilot, lambda: len(site.requests) > asked)  # and on it goes
        assert not any(n.title == "Refresh failed" for n in app.notices)


async def test_a_scheduled_refresh_that_fails_says_so_in_the_status_line_only(
    site: WordPressSite, settings: Settings
) -> None:
    # A laptop offline all afternoon would get a red notice every few minutes.
    settings = replace(filled(settings, offline=False), refresh_minutes=0.01)
    app = RecordingApp(settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.keys.ready and not app.screen.refreshing)
        site.fault = lambda handler: answer(handler, 503)
        await wait_for(pilot, lambda: "Refresh failed" in status_text(app))
        asked = len(site.requests)
        await wait_for(pilot, lambda: len(site.requests) > asked)  # tried again, later
        assert not any(n.title == "Refresh failed" for n in app.notices)
        await pilot.press("R")  # asked for: answered out loud, as always
        await wait_for(pilot, lambda: any(n.title == "Refresh failed" for n in app.notices))


async def test_no_refresh_on_a_schedule_unless_asked_for(
    site: WordPressSite, settings: Settings
) -> None:
    app = RecordingApp(filled(settings, offline=False))  # refresh_minutes = 0, the default
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.keys.ready and not app.screen.refreshing)
        assert app.screen.network.scheduled is None and "next" not in status_text(app)


async def test_failed_refresh_notifies_and_keeps_the_list(
    site: WordPressSite, settings: Settings
) -> None:
    settings = filled(settings, offline=False)

    def broken(handler: BaseHTTPRequestHandler) -> bool:
        handler.send_response(500)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
        return True

    site.fault = broken
    app = RecordingApp(replace(settings, retries=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: not app.screen.refreshing and app.notices)
        note = app.notices[0]
        assert note.title == "Refresh failed" and note.severity == "error"
        assert "HTTP 500" in note.message and "Last good refresh" in note.message
        assert len(titles(app)) == 25
        assert "Refresh failed" in str(app.screen.query_one("#status", Static).render())


async def test_a_notice_of_the_refresh_keeps_its_words_as_written(
    site: WordPressSite, settings: Settings
) -> None:
    def history_not_posts(handler: BaseHTTPRequestHandler) -> bool:
        """The API works for the news; its history's first page is not posts."""
        if "orderby=id" not in handler.path:
            return False
        return answer(handler, 200, b'{"code": "odd"}', {"Content-Type": "application/json"})

    site.rest, site.fault = "on", history_not_posts
    app = RecordingApp(replace(settings, offline=False))  # a first fetch, then the history
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: any("instead" in n.message for n in app.notices))
        said = [n.message for n in app.notices if "instead" in n.message]
    assert said == [
        "The site's API sent something other than a list of posts: reading its feed instead."
    ]


async def test_posts_and_marks_another_program_stores_show_while_the_reader_is_open(
    data_dir: Path,
) -> None:
    """Found in tmux: a cron `eye-tui refresh` stored 2 new posts while the reader was
    open, and the reader listed the old 3 until it was started again; a second reader's
    marks stayed unseen the same way."""
    import sys

    def eye_tui(*args: str) -> None:
        command = [sys.executable, "-m", "eye_tui", "--data-dir", str(data_dir), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    with WordPressSite(make_posts(3)) as site:
        app = RecordingApp(filled(Settings(feed_url=site.url, data_dir=data_dir)))
        async with app.run_test(size=(120, 40)) as pilot:
            await started(pilot, app)
            assert len(titles(app)) == 3
            for number in (4, 5):
                site.posts.insert(0, newer_post(site, number))
            eye_tui("--feed", site.url, "refresh", "--quiet")  # as cron would
            await wait_for(pilot, lambda: len(titles(app)) == 5)
            assert titles(app)[0] == "Village news item 5"
            await wait_for(pilot, lambda: any("2 new posts" in n.message for n in app.notices))
            assert "5 posts · 5 unread" in status_text(app)
            eye_tui("--offline", "mark-read")  # a second reader, or a script
            await wait_for(pilot, lambda: "5 posts · 0 unread" in status_text(app))
            row = app.screen.query_one("#posts").row(0)  # type: ignore[attr-defined]
            assert row is not None and row.read
