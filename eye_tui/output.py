"""What the command line prints: every string through the same cleaning, so nothing from
a feed can drive the terminal, and errors as one line on stderr."""

import json
import os
import sys
import unicodedata
from typing import TextIO

from eye_tui.text import terminal_safe


def say(text: str, end: str = "\n", file: TextIO | None = None) -> None:
    print(terminal_safe(text), end=end, file=file or sys.stdout)


def say_row(text: str) -> None:
    """One row of a listing: in a terminal, cut to its width (a row that wraps breaks the
    columns a reader scans down); in a pipe or a file, whole."""
    print(fitted(text, sys.stdout))


def fitted(text: str, stream: TextIO, margin: int = 0) -> str:
    """text made safe and, when `stream` is a terminal, cut to its width less `margin`."""
    text = terminal_safe(text)
    width = terminal_width(stream)
    return cut_to(text, max(1, width - margin)) if width else text


def terminal_width(stream: TextIO) -> int:
    """The columns of the terminal `stream` is; 0 for a pipe or a file."""
    try:
        return os.get_terminal_size(stream.fileno()).columns if stream.isatty() else 0
    except (OSError, ValueError):  # not a real file (captured), or no size to ask
        return 0


def cut_to(text: str, width: int) -> str:
    """text in at most width terminal cells, ending in "…" when cut (a wide letter, as in
    Chinese or Japanese, takes two cells; a combining mark none)."""
    cells, mark_at = 0, 0
    for n, letter in enumerate(text):
        cells += _cells(letter)
        if cells <= width - 1:
            mark_at = n + 1  # the text up to here leaves a cell for "…"
        elif cells > width:
            return text[:mark_at] + "…"
    return text


def _cells(letter: str) -> int:
    if unicodedata.combining(letter):
        return 0
    return 2 if unicodedata.east_asian_width(letter) in "WF" else 1


def print_json(value: object) -> None:
    # json.dumps escapes C0 controls but writes C1 ones (U+009B, the 8-bit escape) and
    # non-characters raw: every string goes through the same cleaning as printed text.
    print(json.dumps(_cleaned(value), ensure_ascii=False, indent=2))


def fail(message: str) -> None:
    print(f"eye-tui: {terminal_safe(message)}", file=sys.stderr)


def _cleaned(value: object) -> object:
    if isinstance(value, str):
        return terminal_safe(value)
    if isinstance(value, dict):
        return {_cleaned(key): _cleaned(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_cleaned(item) for item in value]
    return value
