"""What the command line prints: every string through the same cleaning, so nothing from
a feed can drive the terminal, and errors as one line on stderr."""

import json
import sys
from typing import TextIO

from eye_tui.text import terminal_safe


def say(text: str, end: str = "\n", file: TextIO | None = None) -> None:
    print(terminal_safe(text), end=end, file=file or sys.stdout)


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
