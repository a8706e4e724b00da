"""The program's start: Python's cycle collector waits until start-up is over.

Starting makes a great many objects (modules, classes, the stylesheet, the first rows)
and no garbage cycles worth collecting, yet the collector ran 121 times before the
reader's first paint, 39 ms of it against a bare Textual app's 12 (measured 2026-12-06).
So it is held while the program starts, and what start-up made is then frozen: later
collections never walk it again, which keeps the reader's pauses short as well."""

import gc
from collections.abc import Sequence

_held = False


def hold_collector() -> None:
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def start_is_over() -> None:
    """Collect again (only if hold_collector held it: a caller who turned it off keeps
    it off), treating everything made so far as permanent."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    """The `eye-tui` command."""
    hold_collector()
    from eye_tui.cli import main as run_command  # imported with the collector held

    return run_command(argv)
