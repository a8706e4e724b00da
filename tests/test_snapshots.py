"""SVG snapshots of what a resident sees: main screen (wide and 80×24), help, empty state.

Update them after an intended change with `pytest tests/test_snapshots.py --snapshot-update`.
"""

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.demo import sample_feed_path
from eye_tui.paths import archive_path
from eye_tui.sync import Sync
from eye_tui.ui.app import EyeApp


@pytest.fixture
def utc_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC for the test, and the machine's own zone again after it."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def sample_settings(data_dir: Path, utc_clock: None) -> Settings:
    """The bundled sample, with a fixed 'last refresh' and clock zone, offline."""
    settings = Settings(feed_url=str(sample_feed_path()), data_dir=data_dir, offline=True)
    with Archive(archive_path(data_dir)) as archive:
        Sync(archive, settings).refresh()
        archive.set_meta("last_refresh", "2015-10-22T10:00:00+00:00")
    return settings


def test_main_screen_wide(snap_compare, sample_settings: Settings) -> None:
    assert snap_compare(EyeApp(sample_settings), terminal_size=(120, 40), press=["down", "enter"])


def test_main_screen_80x24(snap_compare, sample_settings: Settings) -> None:
    assert snap_compare(EyeApp(sample_settings), terminal_size=(80, 24), press=["enter"])


def test_help_screen(snap_compare, sample_settings: Settings) -> None:
    assert snap_compare(EyeApp(sample_settings), terminal_size=(120, 40), press=["question_mark"])


def test_empty_state(snap_compare, data_dir: Path) -> None:
    settings = Settings(feed_url="http://127.0.0.1:9/feed/", data_dir=data_dir, offline=True)
    assert snap_compare(EyeApp(settings), terminal_size=(100, 30))
