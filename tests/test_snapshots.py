"""SVG snapshots of what a resident sees: main screen (wide and 80×24), help, empty state,
and a WordPress post with every part at 80 and 120 columns.

Update them after an intended change with `pytest tests/test_snapshots.py --snapshot-update`.
"""

import time
from collections.abc import Iterator
from dataclasses import replace
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


@pytest.fixture
def wordpress_settings(data_dir: Path, utc_clock: None) -> Settings:
    """One post with every part WordPress writes (tests/wordpress_posts.py)."""
    from tests.pilot import archive_of
    from tests.site import make_posts
    from tests.wordpress_posts import CLASSIC, GUTENBERG

    posts = make_posts(1)
    posts[0].title = "Enderby Village Fete: every part of a WordPress post"
    posts[0].html = GUTENBERG + CLASSIC  # the site's closing lines last, where they are
    settings = archive_of(posts, data_dir)
    with Archive(archive_path(data_dir)) as archive:
        archive.set_meta("last_refresh", "2015-10-22T10:00:00+00:00")
    return settings


@pytest.mark.parametrize(("width", "height"), [(80, 110), (120, 90)])
def test_a_wordpress_post_with_every_part(
    snap_compare, wordpress_settings: Settings, width: int, height: int
) -> None:
    app = EyeApp(wordpress_settings)
    assert snap_compare(app, terminal_size=(width, height), press=["enter", "f"])


def test_a_post_with_its_pictures_kept(snap_compare, data_dir: Path, utc_clock: None) -> None:
    """Pictures drawn in half-blocks above their captions, from the archive, offline."""
    from eye_tui.ui.widgets.post_reader import PostReader
    from tests.pictures import picture
    from tests.pilot import filled, wait_for
    from tests.site import WordPressSite, make_posts

    posts = make_posts(1)
    posts[0].title = "The fete in pictures"
    posts[0].html = (
        '<p>The stalls:</p><figure><img src="/uploads/stalls.png" alt=""><figcaption>'
        "Stalls on the playing field</figcaption></figure><p>The last line.</p>"
    )
    with WordPressSite(posts) as site:
        site.files = {"/uploads/stalls.png": (picture(160, 80, "PNG", "green"), "image/png")}
        settings = filled(Settings(feed_url=site.url, data_dir=data_dir))
        with Archive(archive_path(data_dir)) as archive:
            Sync(archive, replace(settings, offline=False)).fetch_pictures([1])
            archive.set_meta("last_refresh", "2015-10-22T10:00:00+00:00")

    async def pictures_drawn(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("enter", "f")
        await wait_for(pilot, lambda: "▀" in pilot.app.screen.query_one(PostReader).plain_text)

    assert snap_compare(EyeApp(settings), terminal_size=(80, 30), run_before=pictures_drawn)
