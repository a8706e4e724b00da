"""Work made in a child process and handed over in order: reading a long document and
making its posts ready is Python through and through, and threads take turns at the one
interpreter lock, so the reader and the storer waited on each other; a forked child has a
lock of its own, and both cores work. Where fork is missing or unsafe (Windows, macOS,
where system libraries may not survive it), a thread makes the items instead.

The child sends each item pickled through a pipe; a thread here drains the pipe as it
fills, so the child never waits while this side stores."""

import contextlib
import os
import pickle
import signal
import struct
import sys
import warnings
from collections.abc import Callable, Generator, Iterator
from typing import TypeVar

from eye_tui.ahead import made_ahead

_T = TypeVar("_T")
_SIZE = struct.Struct("<Q")
_ITEM, _DONE, _FAILED = 0, 1, 2
_PR_SET_PDEATHSIG = 1  # <sys/prctl.h>


class ChildLost(Exception):
    """The child ended without saying it was done (killed, out of memory): the caller
    does the work another way."""


def can_fork() -> bool:
    return sys.platform == "linux" and hasattr(os, "fork")


def made_apart(
    make: Callable[[], Iterator[_T]], lookahead: int, name: str
) -> Generator[_T, None, None]:
    """The items of `make()`, made in a forked child (where it can be, and one can be had;
    else on a thread, as ahead.made_ahead). An error raised while making them is raised
    here, in its place; a child that vanishes raises ChildLost."""
    if not can_fork():
        yield from made_ahead(make, lookahead, name)
        return
    read_end, write_end = os.pipe()
    try:
        # Python 3.12 warns of any fork beside other threads, for what a child might
        # find locked; this one reads, pickles and writes its pipe, its imports all done.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            child = os.fork()
    except OSError:  # no process to be had (EAGAIN, ENOMEM): a thread makes them instead
        os.close(read_end)
        os.close(write_end)
        yield from made_ahead(make, lookahead, name)
        return
    if child == 0:  # pragma: no cover - the child's side; its items are what is tested
        os.close(read_end)
        _make_and_send(make, write_end)
    os.close(write_end)
    frames = made_ahead(lambda: _frames(read_end), lookahead, name)  # read_end is its now
    finished = False
    try:
        for kind, item in map(pickle.loads, frames):
            if kind == _DONE:
                finished = True
                return
            if kind == _FAILED:
                finished = True
                raise item
            yield item
        raise ChildLost(f"{name} ended early")
    finally:
        if not finished:  # the taker stopped early, or the child vanished: end it
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        frames.close()


def quiet_child() -> None:  # pragma: no cover - runs in children
    """A child's first step: Ctrl+C and a resized terminal reach the whole process group,
    and are the parent's to handle (the reader's resize handler would wake the parent's
    event loop)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGWINCH"):
        signal.signal(signal.SIGWINCH, signal.SIG_DFL)


def ends_with_its_parent(parent: int) -> None:  # pragma: no cover - runs in children
    """For a child that waits on a pipe it holds both ends of (a process pool's worker
    waits for work): the kernel ends it when the parent ends, however the parent ends
    (kill -9 too), so it is never left behind. Linux's prctl, as children are only made
    there (can_fork)."""
    import ctypes

    ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before that was asked
        os._exit(0)


def _make_and_send(make: Callable[[], Iterator[object]], pipe: int) -> None:  # pragma: no cover
    """The child's whole life: it leaves by os._exit, never returning into the parent's
    code (no atexit handlers, no flushing of the parent's buffers twice)."""
    status = 0
    try:
        quiet_child()
        try:
            for item in make():
                _send(pipe, (_ITEM, item))
            _send(pipe, (_DONE, None))
        except Exception as error:
            _send(pipe, (_FAILED, error))
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def _send(pipe: int, message: object) -> None:  # pragma: no cover - runs in the child
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_SIZE.pack(len(data)) + data)
    while view:
        view = view[os.write(pipe, view) :]


def _frames(pipe: int) -> Iterator[bytes]:
    """Each pickled message, read off the pipe; ends quietly where the pipe does. The
    pipe is closed here, by the thread reading it, so it is never closed under a read."""
    try:
        while True:
            head = _read_exactly(pipe, _SIZE.size)
            body = _read_exactly(pipe, _SIZE.unpack(head)[0]) if head else None
            if body is None:
                return
            yield body
    finally:
        os.close(pipe)


def _read_exactly(pipe: int, size: int) -> bytes | None:
    chunks = []
    while size:
        chunk = os.read(pipe, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)
