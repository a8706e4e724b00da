"""Storage under abuse: kill -9 mid-refresh, two writers at once, a full disk, bad files."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from textual.widgets import Static

from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.errors import ArchiveError
from eye_tui.model import Post, Tag, Validators
from eye_tui.paths import archive_path
from eye_tui.sync import Sync
from eye_tui.ui.widgets.post_list import PostList
from tests.conftest import CliRun
from tests.pilot import RecordingApp
from tests.site import SitePost, WordPressSite, make_posts

KILLS = 50


def cli_command(data_dir: Path, feed: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "eye_tui", "--data-dir", str(data_dir), "--feed", feed, *args]


def stored_ids(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {row[0] for row in db.execute("SELECT id FROM posts")}


def held_at_page(stop_page: int, reached: threading.Event, release: threading.Event):  # type: ignore[no-untyped-def]
    """A fault that holds every request for page `stop_page` and later until released."""

    def hold(handler: BaseHTTPRequestHandler) -> bool:
        query = parse_qs(urlsplit(handler.path).query)
        if int(query.get("paged", ["1"])[0]) >= stop_page:
            reached.set()
            release.wait(60)
        return False

    return hold


def test_kill_9_at_random_moments_loses_nothing(data_dir: Path) -> None:
    rng = random.Random(2015)
    posts = make_posts(400)
    for post in posts:
        post.html = "<p>" + "Enderby parish council news. " * 60 + "</p>"
    with WordPressSite(posts, per_page=10) as site:
        path = archive_path(data_dir)
        known: set[str] = set()
        for round_number in range(KILLS):
            # Publish and edit between runs, so every run has real work to do.
            newest = max(p.published for p in site.posts)
            site.posts.insert(
                0,
                SitePost(
                    1000 + round_number,
                    f"Late news {round_number}",
                    "<p>fresh</p>",
                    ["Enderby"],
                    newest + timedelta(hours=1),
                ),
            )
            for post in site.posts:  # every page changes: the run must rewrite them all
                post.title = f"{post.title.split(' #')[0]} #{round_number}"
            if path.exists():  # and walk the whole history again, not just the news
                with sqlite3.connect(path) as db:
                    db.execute(
                        "DELETE FROM meta WHERE key IN ('history_complete', 'backfill_next_page')"
                    )
            # The site holds the walk at a random page, so the kill always lands mid-way
            # (however fast the machine): while earlier pages may still be being written.
            reached, release = threading.Event(), threading.Event()
            site.fault = held_at_page(rng.randint(2, 41), reached, release)
            process = subprocess.Popen(
                cli_command(data_dir, site.url, "refresh", "--all"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            assert reached.wait(60), "the refresh never reached the held page"
            time.sleep(rng.uniform(0.0, 0.3))  # a random moment, not a wait for a result
            assert process.poll() is None, f"round {round_number}: the refresh ended early"
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            release.set()
            if path.exists():
                now = stored_ids(path)
                assert known <= now, f"round {round_number}: posts lost after kill -9"
                known = now
        site.fault = None
        print(f"\nkill -9: {KILLS} runs killed mid-refresh, {len(known)} posts held, none lost")
        # After all that, a calm plain refresh resumes the history and it is whole.
        subprocess.run(
            cli_command(data_dir, site.url, "refresh"),
            check=True,
            capture_output=True,
            timeout=120,
        )
        assert stored_ids(path) == {p.guid or f"{site.base}/?p={p.number}" for p in site.posts}


def test_two_refreshes_at_once_both_succeed(tmp_path: Path) -> None:
    # Several rounds, each on a new archive: two processes creating the same new file at
    # once once got "database is locked" (the switch to WAL ignores the busy timeout).
    with WordPressSite(make_posts(200), per_page=10, latency=0.02) as site:
        for round_number in range(5):
            data_dir = tmp_path / f"round-{round_number}"
            runs = [
                subprocess.Popen(
                    cli_command(data_dir, site.url, "refresh", "--all"),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for _ in range(2)
            ]
            results = [run.communicate(timeout=120) for run in runs]
            for run, (_, err) in zip(runs, results, strict=True):
                assert run.returncode == 0, err
            with Archive(archive_path(data_dir)) as archive:
                assert archive.count_posts() == 200


async def test_reader_stays_usable_while_cron_refreshes(data_dir: Path) -> None:
    with WordPressSite(make_posts(300), per_page=10, latency=0.01) as site:
        settings = Settings(feed_url=site.url, data_dir=data_dir, offline=True)
        with Archive(archive_path(data_dir)) as archive:
            Sync(archive, Settings(feed_url=site.url, data_dir=data_dir)).refresh()
            archive.set_meta("history_complete", None)
        for post in site.posts:
            post.title += " (updated)"  # the cron run rewrites every post
        cron = subprocess.Popen(
            cli_command(data_dir, site.url, "refresh", "--all"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        app = RecordingApp(settings)
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(30):
                await pilot.press("enter", "down", "s", "m")
                app.screen.apply_filter()
            await pilot.pause()
            assert not [n for n in app.notices if n.severity == "error"]
            assert app.screen.query_one(PostList).total == 300
            assert "Refresh failed" not in str(app.screen.query_one("#status", Static).render())
        _, err = cron.communicate(timeout=120)
        assert cron.returncode == 0, err


def post(n: int) -> Post:
    from datetime import UTC, datetime

    return Post(
        f"id-{n}",
        f"http://x/{n}",
        f"Post {n}",
        "",
        datetime(2015, 1, 1, tzinfo=UTC) + timedelta(hours=n),
        None,
        (Tag("Enderby", "enderby"),),
        "<p>" + "x" * 4000 + f"{n}</p>",
        "",
    )


def test_full_disk_is_a_clear_error_and_nothing_partial(archive: Archive) -> None:

    archive.store_document("u", [post(n) for n in range(5)], Validators(), 0)
    pages = archive._db.execute("PRAGMA page_count").fetchone()[0]
    # SQLite's own limit on the file's size stands in for a full disk: same error, same path.
    archive._db.execute(f"PRAGMA max_page_count = {pages + 5}")
    with pytest.raises(ArchiveError, match="disk is full"):
        archive.store_document("u", [post(n) for n in range(5, 200)], Validators(), 0)
    assert archive.count_posts() == 5  # the page landed whole or not at all


def test_cli_on_a_file_that_is_not_an_archive(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    data_dir.mkdir(parents=True)
    path = archive_path(data_dir)
    path.write_text("this is somebody's novel, not a database\n" * 50)
    cli = CliRun(capsys, data_dir, "http://127.0.0.1:9/feed/")
    code, out, err = cli("list")
    assert code == 1 and out == ""
    assert "not an eye-tui archive" in err and "--reset" in err and err.count("\n") == 1
    assert path.read_text().startswith("this is somebody's novel")
    code, _, err = cli("--reset", "list")
    assert code == 0
    kept = list(data_dir.glob("archive.sqlite3.broken-*"))
    assert kept and kept[0].read_text().startswith("this is somebody's novel")
    assert f"the damaged archive was kept as {kept[0]}" in err


def test_reset_leaves_a_healthy_archive_alone(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    with Archive(archive_path(data_dir)) as archive:
        archive.store_document("u", [post(n) for n in range(3)], Validators(), 0)
    cli = CliRun(capsys, data_dir, "http://127.0.0.1:9/feed/")
    code, out, err = cli("--reset", "list")
    assert code == 0 and out.count("\n") == 3  # the three posts are still there
    assert "is not damaged: --reset left it as it was" in err
    assert not list(data_dir.glob("archive.sqlite3.broken-*"))


def test_cli_with_an_unwritable_data_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")  # a folder cannot be made inside a file, even by root
    cli = CliRun(capsys, blocker / "data", "http://127.0.0.1:9/feed/")
    code, out, err = cli("info")
    assert (code, out) == (1, "")
    assert err.startswith("eye-tui: cannot create the data folder") and err.count("\n") == 1
    # A file where the folder should be: said so, not "File exists".
    code, out, err = CliRun(capsys, blocker, "http://127.0.0.1:9/feed/")("info")
    assert (code, out) == (1, "")
    assert err == f"eye-tui: the data folder {blocker} is a file, not a folder\n"
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        code, _, err = CliRun(capsys, locked, "http://127.0.0.1:9/feed/")("info")
        assert code == 1 and "cannot write" in err


def test_another_program_reading_while_the_reader_refreshes_damages_nothing(
    data_dir: Path,
) -> None:
    """The reader keeps the archive open while each refresh opens a connection of its
    own. Opening the file apart from SQLite (to look at its first bytes) dropped the
    locks SQLite held on it for the whole process; another program reading the archive
    meanwhile (`eye-tui list` in a second terminal) then took its WAL away on closing,
    and the next refresh damaged the archive ("database disk image is malformed")."""
    path = archive_path(data_dir)
    reader = Archive(path)
    try:
        reader.store_document("u", [post(n) for n in range(40)], Validators(), 0)
        with Archive(path) as refresh:  # as each refresh opens its own
            refresh.store_document("u", [post(n) for n in range(40, 80)], Validators(), 0)
        listed = subprocess.run(
            [sys.executable, "-m", "eye_tui", "--data-dir", str(data_dir), "--offline", "list"],
            capture_output=True,
            text=True,
            env={**os.environ, "HOME": str(data_dir.parent)},
            check=True,
        )
        assert "Post 79" in listed.stdout
        with Archive(path) as refresh:  # the next refresh
            refresh.store_document("u", [post(n) for n in range(80, 120)], Validators(), 0)
        reader.store_document("u", [post(n) for n in range(120, 160)], Validators(), 0)
        assert reader.count_posts() == 160
    finally:
        reader.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM posts").fetchone() == (160,)
