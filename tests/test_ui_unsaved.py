"""A change the archive cannot take now (busy in another program, a full disk): the reader
says so and goes on reading; nothing on screen claims what was not saved."""

import sqlite3
from pathlib import Path

from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.errors import ArchiveError, ArchiveUnchangedError
from eye_tui.paths import archive_path
from eye_tui.ui.widgets.post_list import PostList
from tests.pilot import Notice, RecordingApp, filled, reader_text, started, wait_for


def held(data_dir: Path) -> sqlite3.Connection:
    """Another program in the middle of writing the archive: its write lock held."""
    other = sqlite3.connect(archive_path(data_dir), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def let_go(other: sqlite3.Connection) -> None:
    """The other program is done writing."""
    other.execute("ROLLBACK")
    other.close()


def not_saved(app: RecordingApp) -> list[Notice]:
    return [notice for notice in app.notices if notice.title == "Not saved"]


async def test_marks_that_cannot_be_saved_are_said_and_the_reader_goes_on(
    settings: Settings,
) -> None:
    app = RecordingApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        other = held(settings.data_dir)
        post_list = app.screen.query_one(PostList)
        first = post_list.current
        assert first is not None and not first.read and not first.starred

        await pilot.press("m", "s")
        await wait_for(pilot, lambda: bool(not_saved(app)))
        unsaved = not_saved(app)
        assert len(unsaved) == 1  # two keys, one notice: not one at every key
        assert unsaved[0].message.startswith("The archive ")
        assert "busy in another program" in unsaved[0].message
        row = post_list.row(0)
        assert row is not None and not row.read and not row.starred  # as it is on disk
        assert not any(n.message == "Starred." for n in app.notices)

        # Reading goes on: the next post shows. The place in the list is not tried (and
        # waited for) at every move while the archive is busy.
        tried: list[object] = []
        save_ui_state = app.archive.save_ui_state
        app.archive.save_ui_state = lambda values: (tried.append(values), save_ui_state(values))  # type: ignore[method-assign]
        await pilot.press("down")
        await wait_for(pilot, lambda: "Story number 24" in reader_text(app))
        assert app.is_running and app.failure is None and not tried

        let_go(other)  # the next mark is kept
        await pilot.press("up", "s")
        await wait_for(pilot, lambda: any(n.message == "Starred." for n in app.notices))
    with Archive(archive_path(settings.data_dir)) as archive:
        assert archive.get_post(first.key).summary.starred  # type: ignore[union-attr]
        assert not archive.get_post(first.key).summary.read  # type: ignore[union-attr]


async def test_mark_all_read_that_cannot_be_saved_leaves_nothing_to_undo(
    settings: Settings,
) -> None:
    app = RecordingApp(filled(settings))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot, app)
        other = held(settings.data_dir)
        await pilot.press("A")
        await wait_for(pilot, lambda: bool(not_saved(app)))
        assert not any(n.message.startswith("Marked ") for n in app.notices)
        let_go(other)
        await pilot.press("z")
        await wait_for(pilot, lambda: any(n.message == "Nothing to undo." for n in app.notices))
        assert "25 unread" in str(app.screen.query_one("#status").render())


def test_only_changes_refused_for_now_are_unchanged_errors(data_dir: Path) -> None:
    """Busy, read-only, a full disk: the reader goes on. Anything else (the archive
    damaged, its connection gone) is not one, and ends the reader as before."""
    from eye_tui.archive.connection import archive_error

    for message in ("database is locked", "attempt to write a readonly database"):
        assert isinstance(
            archive_error(sqlite3.OperationalError(message), "a"), ArchiveUnchangedError
        )
    full = archive_error(sqlite3.OperationalError("database or disk is full"), "a")
    assert isinstance(full, ArchiveUnchangedError)
    for message in ("database disk image is malformed", "Cannot operate on a closed database."):
        error = archive_error(sqlite3.ProgrammingError(message), "a")
        assert isinstance(error, ArchiveError) and not isinstance(error, ArchiveUnchangedError)
