"""The program's start and end: Python's cycle collector waits until start-up is over,
and the end skips Python's teardown.

Starting makes a great many objects (modules, classes, the stylesheet, the first rows)
and no garbage cycles worth collecting, yet the collector ran 121 times before the
reader's first paint, 39 ms of it against a bare Textual app's 12 (measured 2026-12-06).
So it is held while the program starts, and what start-up made is then frozen: later
collections never walk it again, which keeps the reader's pauses short as well."""

import atexit
import contextlib
import gc
import os
import sys
import threading
from collections.abc import Sequence
from typing import NoReturn

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


def run() -> NoReturn:
    """The `eye-tui` command, and `python -m eye_tui`."""
    leave(main())


def leave(code: int) -> NoReturn:
    """Exit without Python's teardown, which frees every object of the run one by one
    (some 20 ms, measured, after everything is written, closed and restored): the exit
    handlers run and the output is flushed as at any exit. A thread still at work is
    waited for by an ordinary exit instead, and so is a profiler or tracer, which writes
    its findings once the program has returned (`python -m cProfile -m eye_tui`)."""
    others = [t for t in threading.enumerate() if t is not threading.main_thread()]
    working = any(thread.is_alive() and not thread.daemon for thread in others)
    if working or sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a reader that has gone (`| head`)
            stream.flush()
    os._exit(code)
