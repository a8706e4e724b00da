"""Work made in a forked child: items in order, errors in their place, a child that
vanishes noticed, and nothing left behind (no process, no thread, no open pipe)."""

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from eye_tui import apart

pytestmark = pytest.mark.skipif(not apart.can_fork(), reason="this system makes no children")


def pipes_open() -> int:
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # closed meanwhile
            count += os.readlink(f"/proc/self/fd/{fd}").startswith("pipe:")
    return count


def children(parent: int | None = None) -> set[int]:
    """This process's children (or `parent`'s), zombies included (a child not reaped
    stays one)."""
    found = set()
    for entry in os.listdir("/proc"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if entry.isdigit():
                stat = Path(f"/proc/{entry}/stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == (parent or os.getpid()):
                    found.add(int(entry))
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def nothing_left(name: str, pipes_before: int) -> bool:
    """No thread of this name alive and no more pipes open than before (other tests'
    threads and files may end meanwhile, so counts are compared, not matched)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        ours = [t for t in threading.enumerate() if t.name == name and t.is_alive()]
        if not ours and pipes_open() <= pipes_before:
            return True
        time.sleep(0.01)
    return False


def numbers(count: int, parent: int) -> Iterator[dict[str, object]]:
    for n in range(count):
        # Made in another process, and big enough to need many reads of the pipe.
        yield {"n": n, "made_in": os.getpid(), "text": "Enderby " * 20_000, "parent": parent}


def test_items_come_in_order_from_another_process() -> None:
    pipes, before = pipes_open(), children()
    items = list(apart.made_apart(lambda: numbers(30, os.getpid()), 4, "test-order"))
    assert [item["n"] for item in items] == list(range(30))
    assert {item["made_in"] for item in items} != {os.getpid()}
    assert nothing_left("test-order", pipes)
    assert children() <= before  # the child was reaped: no zombie


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

    pipes = pipes_open()
    taken: list[int] = []
    with pytest.raises(apart.ChildLost):
        for item in apart.made_apart(dying, 4, "test-vanish"):
            taken.append(item)
    assert taken == [1]
    assert nothing_left("test-vanish", pipes)


def test_a_taker_that_stops_early_ends_the_child() -> None:
    pipes, before = pipes_open(), children()
    endless = apart.made_apart(lambda: numbers(10**9, os.getpid()), 4, "test-stop")
    assert next(endless)["n"] == 0
    assert children() - before  # the child is there while it works
    endless.close()
    assert nothing_left("test-stop", pipes)
    assert children() <= before


def test_where_no_child_can_be_had_a_thread_makes_the_items(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import errno

    def refused() -> int:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    pipes = pipes_open()
    items = list(apart.made_apart(lambda: numbers(5, os.getpid()), 4, "test-no-fork"))
    assert [item["n"] for item in items] == list(range(5))
    assert {item["made_in"] for item in items} == {os.getpid()}
    assert nothing_left("test-no-fork", pipes)  # the pipe made for the child is closed
