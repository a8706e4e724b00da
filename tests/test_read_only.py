"""An archive on a read-only folder or medium opens for reading: the list, search, posts
and the reader all work; anything that would write says so in one line and changes nothing."""

import hashlib
from pathlib import Path

import pytest

from eye_tui.archive import Archive
from eye_tui.cli import main
from eye_tui.config import Settings
from eye_tui.paths import archive_path
from eye_tui.ui.widgets.post_list import PostList
from eye_tui.ui.widgets.post_reader import PostReader
from tests.pilot import RecordingApp, filled, reader_text, started, titles, wait_for
from tests.read_only import read_only_folder
from tests.site import WordPressSite, make_posts


def _digest(folder: Path) -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in sorted(folder.iterdir()))).hexdigest()


def test_every_reading_command_works_on_a_read_only_archive(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with WordPressSite(make_posts(12)) as site:
        filled(Settings(feed_url=site.url, data_dir=data_dir))
        before = _digest(data_dir)
        with read_only_folder(data_dir):
            with Archive(archive_path(data_dir)) as archive:
                assert archive.read_only
            args = ["--data-dir", str(data_dir)]
            assert main([*args, "list"]) == 0
            assert "Village news item 12" in capsys.readouterr().out
            assert main([*args, "search", "item 7"]) == 0
            assert "Village news item 7" in capsys.readouterr().out
            assert main([*args, "show", "3"]) == 0
            assert "Story number" in capsys.readouterr().out
            assert main([*args, "info"]) == 0
            capsys.readouterr()
            for writing in (["mark-read"], ["--feed", site.url, "refresh"]):
                site.requests.clear()
                assert main([*args, *writing]) == 1
                error = capsys.readouterr().err
                assert error.count("\n") == 1 and "read-only" in error, error
                assert not site.requests  # refused before a byte was fetched
    assert _digest(data_dir) == before


async def test_the_reader_opens_a_read_only_archive_for_reading(data_dir: Path) -> None:
    posts = make_posts(8)
    with WordPressSite(posts) as site:
        settings = filled(Settings(feed_url=site.url, data_dir=data_dir), offline=False)
        before = _digest(data_dir)
        with read_only_folder(data_dir):
            app = RecordingApp(settings)
            async with app.run_test(size=(100, 30)) as pilot:
                await started(pilot, app)
                assert len(titles(app)) == 8 and app.sub_title == "read-only archive"
                site.requests.clear()
                await pilot.press("enter")  # opened, not marked read: nothing can be stored
                await wait_for(pilot, lambda: "Story number 8" in reader_text(app))
                assert app.screen.query_one(PostList).current.read is False  # type: ignore[union-attr]
                await pilot.press("m", "s", "A", "R", "slash", *"item 5", "enter")
                await wait_for(pilot, lambda: titles(app)[:1] == ["Village news item 5"])
                messages = [notice.message for notice in app.notices]
                assert messages.count("This archive is read-only here: nothing can be marked.") == 3
                assert "Offline (the archive is read-only): not refreshing." in messages
                status = str(app.screen.query_one("#status").render())
                assert "read-only" in status and "8 unread" in status
                reader = app.screen.query_one(PostReader)
                await wait_for(pilot, lambda: reader.post is not None)
            assert not site.requests  # the start-up refresh did not run either
    assert _digest(data_dir) == before
