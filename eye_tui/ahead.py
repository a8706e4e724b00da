"""Work made ahead on another thread and handed over in order: while this thread stores
what is ready, the other makes the next (zlib and SQLite let go of the GIL, so two cores
both work). Bounded, so it never runs far ahead, and stopped when the taker stops."""

import contextlib
import queue
import threading
from collections.abc import Callable, Generator, Iterator
from typing import TypeVar

_T = TypeVar("_T")
_DONE = object()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def made_ahead(
    make: Callable[[], Iterator[_T]], lookahead: int, name: str
) -> Generator[_T, None, None]:
    """The items of `make()`, made on a thread of their own up to `lookahead` ahead. An
    error raised while making them is raised here, in the taker's thread, in its place."""
    ready: queue.Queue[object] = queue.Queue(lookahead)
    stop = threading.Event()

    def hand_over(item: object) -> bool:
        while not stop.is_set():
            with contextlib.suppress(queue.Full):
                ready.put(item, timeout=0.1)
                return True
        return False

    def work() -> None:
        try:
            for item in make():
                if not hand_over(item):
                    return
        except BaseException as error:
            hand_over(_Failed(error))
            return
        hand_over(_DONE)

    worker = threading.Thread(target=work, name=name, daemon=True)
    worker.start()
    try:
        while True:
            item = ready.get()
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item  # type: ignore[misc]
    finally:
        stop.set()  # a taker that stops early: the worker sees it within a tenth of a second
