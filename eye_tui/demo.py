"""The bundled sample archive: real Enderby EYE posts, readable with no network."""

import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from eye_tui.config import Settings

SAMPLE_FEED = "sample-feed.xml"
DEMO_PREFIX = "eye-tui-demo-"
OWNER_FILE = "owner.pid"


def sample_feed_path() -> Path:
    """The sample WordPress RSS file shipped inside the package."""
    from importlib import resources  # 1 ms of imports that only --demo needs

    return Path(str(resources.files("eye_tui") / "data" / SAMPLE_FEED))


def demo_settings(settings: Settings) -> Settings:
    """Settings that read the sample feed into a fresh temporary data folder."""
    _remove_abandoned_demo_dirs()
    data_dir = Path(tempfile.mkdtemp(prefix=DEMO_PREFIX))
    (data_dir / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
    return replace(settings, feed_url=str(sample_feed_path()), data_dir=data_dir)


def remove_demo_dir(settings: Settings) -> None:
    if settings.data_dir.name.startswith(DEMO_PREFIX):
        shutil.rmtree(settings.data_dir, ignore_errors=True)


def _remove_abandoned_demo_dirs() -> None:
    """A demo whose terminal was closed ends at once and cannot tidy up after itself;
    the next demo removes every sample folder whose process is gone."""
    for folder in Path(tempfile.gettempdir()).glob(DEMO_PREFIX + "*"):
        try:
            owner = int((folder / OWNER_FILE).read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue  # not ours to judge (no owner written): leave it
        if not _is_running(owner):
            shutil.rmtree(folder, ignore_errors=True)


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True
