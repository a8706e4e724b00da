"""Shared fixtures: a loopback WordPress site, a fresh data folder, the CLI in-process."""

import json
import os
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from eye_tui.archive import Archive
from eye_tui.cli import main
from eye_tui.config import Settings, load_settings
from eye_tui.paths import archive_path
from tests.site import WordPressSite
from tests.wordpress_site import wordpress_posts

# Links the reader opens go to tests/browser.py, which logs them (see the `browser` fixture).
os.environ["BROWSER"] = (
    f"{shlex.quote(sys.executable)} {shlex.quote(str(Path(__file__).with_name('browser.py')))} %s"
)


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The file that lists every URL handed to the browser during the test."""
    log = tmp_path / "browser.log"
    log.touch()
    monkeypatch.setenv("EYE_TEST_BROWSER_LOG", str(log))
    return log


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's own config or archive."""
    monkeypatch.setenv("EYE_TUI_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.delenv("EYE_TUI_FEED", raising=False)
    monkeypatch.delenv("EYE_TUI_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


@pytest.fixture
def site() -> Iterator[WordPressSite]:
    with WordPressSite() as running:
        yield running


@pytest.fixture
def rest_site() -> Iterator[WordPressSite]:
    """A WordPress site of 250 posts with its REST API on."""
    site = WordPressSite(wordpress_posts(250))
    site.rest = "on"
    with site:
        yield site


@pytest.fixture
def rest_settings(rest_site: WordPressSite, data_dir: Path) -> Settings:
    return load_settings(feed=rest_site.url, data_dir=str(data_dir))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def settings(site: WordPressSite, data_dir: Path) -> Settings:
    return load_settings(feed=site.url, data_dir=str(data_dir))


@pytest.fixture
def archive(data_dir: Path) -> Iterator[Archive]:
    with Archive(archive_path(data_dir)) as opened:
        yield opened


class CliRun:
    """Run `eye-tui` in-process with a given data folder and feed, capturing output."""

    def __init__(self, capsys: pytest.CaptureFixture[str], data_dir: Path, feed: str) -> None:
        self.capsys, self.data_dir, self.feed = capsys, data_dir, feed

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--data-dir", str(self.data_dir), "--feed", self.feed, *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> object:
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], data_dir: Path, site: WordPressSite) -> CliRun:
    return CliRun(capsys, data_dir, site.url)


def archive_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the archive's own tables, to compare before and after a failure."""
    import sqlite3

    tables = ("posts", "tags", "post_tags", "comments", "http_cache", "meta")
    with sqlite3.connect(path) as db:
        return {
            table: db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in tables
        }
