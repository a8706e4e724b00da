"""The bundled sample archive: real Enderby EYE posts, readable with no network."""

import shutil
import tempfile
from dataclasses import replace
from importlib import resources
from pathlib import Path

from eye_tui.config import Settings

SAMPLE_FEED = "sample-feed.xml"


def sample_feed_path() -> Path:
    """The sample WordPress RSS file shipped inside the package."""
    return Path(str(resources.files("eye_tui") / "data" / SAMPLE_FEED))


def demo_settings(settings: Settings) -> Settings:
    """Settings that read the sample feed into a fresh temporary data folder."""
    data_dir = Path(tempfile.mkdtemp(prefix="eye-tui-demo-"))
    return replace(settings, feed_url=str(sample_feed_path()), data_dir=data_dir)


def remove_demo_dir(settings: Settings) -> None:
    if settings.data_dir.name.startswith("eye-tui-demo-"):
        shutil.rmtree(settings.data_dir, ignore_errors=True)
