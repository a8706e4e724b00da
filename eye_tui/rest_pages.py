"""Pages of the site's posts read for storing: parsed, and each body's words for the
search index and its compressed copy made. In the history walk a child process reads
each page while the page before it is stored: reading is Python through and through
and storing mostly SQLite's, so on two cores they overlap instead of taking turns at
the interpreter lock (the whole history of 1,000 posts: ~10% sooner, paired runs).

One child for the walk, not one per page: a fork per page cost more than it saved (each
copies the parent's page tables and both sides then copy the pages they touch)."""

import os
import warnings
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from eye_tui import rest
from eye_tui.apart import can_fork, ends_with_its_parent, quiet_child
from eye_tui.archive.packing import pack_html
from eye_tui.text import html_to_words

if TYPE_CHECKING:
    from eye_tui.archive.storing import ReadyPost


@dataclass(frozen=True, slots=True)
class ReadPage:
    posts: list[rest.RestPost]
    words: list[str]  # each body's words, as the search index takes them
    packed: list[bytes]  # each body compressed, as the archive keeps it

    def only(self, wanted: Callable[[rest.RestPost], bool]) -> "ReadPage":
        kept = [i for i, post in enumerate(self.posts) if wanted(post)]
        return ReadPage(
            posts=[self.posts[i] for i in kept],
            words=[self.words[i] for i in kept],
            packed=[self.packed[i] for i in kept],
        )


def read_page(body: bytes, fetched_at: datetime) -> ReadPage:
    """One page of `wp/v2/posts` (rest.parse_posts), its words and bodies packed."""
    posts = rest.parse_posts(body, fetched_at)
    htmls = [each.post.html for each in posts]
    return ReadPage(posts, list(map(html_to_words, htmls)), list(map(pack_html, htmls)))


def ready_posts(page: ReadPage, names: rest.Names) -> "list[ReadyPost]":
    """The page's posts with their names (rest.finish), ready to store. A body that
    finishing changed (its featured picture put above it) is made ready again."""
    # Storing loads on first use: the reader's first frame does not need it.
    from eye_tui.archive.storing import ready_from

    ready = []
    for post, words, packed in zip(page.posts, page.words, page.packed, strict=True):
        done = rest.finish(post, names)
        if done.html is not post.post.html:
            words, packed = html_to_words(done.html), pack_html(done.html)
        ready.append(ready_from(done, packed, words))
    return ready


class PageReader:
    """Reads pages one after another in a child process, each begun as it arrives and
    taken when it is to be stored. Where that cannot help or cannot be (one core; no
    fork: apart.can_fork; no semaphores, as in containers without /dev/shm; no process
    to be had), and once the child is gone (killed, out of memory), pages are read when
    taken, here."""

    def __init__(self) -> None:
        self._child: Executor | None = None
        if can_fork() and len(os.sched_getaffinity(0)) > 1:  # one core: no overlap to win
            self._child = _child_process()

    def begin(self, body: bytes, fetched_at: datetime) -> Callable[[], ReadPage]:
        """The page, as a call that waits for it; an error reading it is raised there."""

        def here() -> ReadPage:
            return read_page(body, fetched_at)

        if self._child is None:
            return here
        from concurrent.futures.process import BrokenProcessPool

        try:
            # Python 3.12 warns of any fork beside other threads, for what a child might
            # find locked; this one only reads the pages it is sent.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                reading = self._child.submit(read_page, body, fetched_at)
        except (BrokenProcessPool, OSError):  # OSError: no fork to be had (EAGAIN, ENOMEM)
            self.close()
            return here

        def taken() -> ReadPage:
            try:
                return reading.result()
            except BrokenProcessPool:
                self.close()
                return here()

        return taken

    def close(self) -> None:
        if self._child is not None:
            self._child.shutdown(wait=True, cancel_futures=True)
            self._child = None


def _child_process() -> Executor | None:
    """The child, forked now rather than on the first page it is sent: its start (~20 ms)
    is then done while that page downloads. None where no child can be had."""
    # Loaded here: only a history walk needs them (~9 ms).
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        child = ProcessPoolExecutor(
            1, multiprocessing.get_context("fork"), initializer=_begin_child,
            initargs=(os.getpid(),),
        )  # fmt: skip
    except (OSError, ImportError):  # ImportError: "lacks a functioning sem_open"
        return None
    try:
        with warnings.catch_warnings():  # see begin()
            warnings.simplefilter("ignore", DeprecationWarning)
            child.submit(os.getpid)
    except OSError:  # no fork to be had (EAGAIN, ENOMEM)
        child.shutdown(wait=False, cancel_futures=True)
        return None
    return child


def _begin_child(parent: int) -> None:  # pragma: no cover - runs in the child
    quiet_child()
    ends_with_its_parent(parent)
