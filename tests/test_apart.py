"""Work made in a forked child: items in order, errors in their place, a child that
vanishes noticed, and nothing left behind (no process, no thread, no open pipe)."""

import os
import threading
import time
from collections.abc import Iterator

import pytest

from eye_tui import apart

pytestmark = pytest.mark.skipif(not apart.can_fork(), reason="this system makes no children")


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def nothing_left(threads_before: int, files_before: int) -> bool:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if threading.active_count() == threads_before and open_files() == files_before:
            return True
        time.sleep(0.01)
    return False


def numbers(count: int, parent: int) -> Iterator[dict[str, object]]:
    for n in range(count):
        # Made in another process, and big enough to need many reads of the pipe.
        yield {"n": n, "made_in": os.getpid(), "text": "Enderby " * 20_000, "parent": parent}


def test_items_come_in_order_from_another_process() -> None:
    threads, files = threading.active_count(), open_files()
    items = list(apart.made_apart(lambda: numbers(30, os.getpid()), 4, "test"))
    assert [item["n"] for item in items] == list(range(30))
    assert {item["made_in"] for item in items} != {os.getpid()}
    assert nothing_left(threads, files)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # the child was reaped: no zombie


def test_an_error_in_the_child_is_raised_here_after_the_items_before_it() -> None:
    def failing() -> Iterator[int]:
        yield 1
        raise ValueError("the parish newsletter is not a feed")

    taken: list[int] = []
    with pytest.raises(ValueError, match="parish newsletter"):
        for item in apart.made_apart(failing, 4, "test"):
            taken.append(item)
    assert taken == [1]


def test_a_child_that_vanishes_is_noticed() -> None:
    def dying() -> Iterator[int]:
        yield 1
        os._exit(9)  # as if killed for want of memory

    threads, files = threading.active_count(), open_files()
    taken: list[int] = []
    with pytest.raises(apart.ChildLost):
        for item in apart.made_apart(dying, 4, "test"):
            taken.append(item)
    assert taken == [1]
    assert nothing_left(threads, files)


def test_a_taker_that_stops_early_ends_the_child() -> None:
    threads, files = threading.active_count(), open_files()
    endless = apart.made_apart(lambda: numbers(10**9, os.getpid()), 4, "test")
    assert next(endless)["n"] == 0
    endless.close()
    assert nothing_left(threads, files)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
