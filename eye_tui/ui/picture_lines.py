"""Pictures drawn in the reading pane as coloured half-blocks ("▀": the top pixel in the
character's colour, the bottom one in its background), which every terminal shows, tmux
and SSH included, and which scroll line by line with the text around them.

Decoding is done off the UI thread, once per picture, into a small copy held in memory;
laying out at a width then only scales that copy, which takes microseconds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.color import Color
from rich.style import Style
from rich.text import Text

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_ROWS = 18  # a picture never takes more than this many lines of the pane
MAX_COLUMNS = 100
_THUMBNAIL = (2 * MAX_COLUMNS, 4 * MAX_ROWS * 2)  # pixels kept in memory per picture


class PictureCache:
    """Small decoded copies of kept pictures, prepared in a background thread."""

    def __init__(self) -> None:
        self._ready: dict[Path, Image | None] = {}
        self._lock = threading.Lock()

    def get(self, path: Path) -> Image | None:
        with self._lock:
            return self._ready.get(path)

    def missing(self, paths: Iterable[Path]) -> list[Path]:
        with self._lock:
            return [path for path in dict.fromkeys(paths) if path not in self._ready]

    def prepare(self, paths: Iterable[Path], then: Callable[[], None]) -> None:
        """Decode `paths` in a daemon thread (quitting never waits); `then()` runs in
        that thread once they are ready."""
        wanted = self.missing(paths)
        if not wanted:
            return

        def work() -> None:
            for path in wanted:
                small = _decode(path)
                with self._lock:
                    self._ready[path] = small
            then()

        threading.Thread(target=work, name="eye-tui pictures", daemon=True).start()


def _decode(path: Path) -> Image | None:
    from PIL import Image as Images

    try:
        with Images.open(path) as image:
            image.draft("RGB", _THUMBNAIL)  # JPEG: decode at a fraction of full size
            image.thumbnail(_THUMBNAIL)
            return image.convert("RGB")
    except (OSError, ValueError, Images.DecompressionBombError):
        return None  # a file changed or damaged on disk: the placeholder stays


def picture_lines(image: Image, width: int, max_rows: int = MAX_ROWS) -> list[Text]:
    """The picture `width` cells wide at most (never wider than its pixels), at most
    `max_rows` lines high, keeping its shape (two pixels a line, square-ish pixels)."""
    columns = max(1, min(width, MAX_COLUMNS, image.width))
    pixel_rows = max(2, round(columns * image.height / image.width))
    if pixel_rows > 2 * max_rows:
        pixel_rows = 2 * max_rows
        columns = max(1, round(pixel_rows * image.width / image.height))
    pixel_rows += pixel_rows % 2
    scaled = image.resize((columns, pixel_rows))
    pixels = scaled.load()
    assert pixels is not None
    lines = []
    for top in range(0, pixel_rows, 2):
        line = Text()
        for x in range(columns):
            upper, lower = pixels[x, top], pixels[x, top + 1]
            line.append(
                "▀",
                Style(
                    color=Color.from_rgb(*upper[:3]),  # type: ignore[index]
                    bgcolor=Color.from_rgb(*lower[:3]),  # type: ignore[index]
                ),
            )
        lines.append(line)
    return lines
