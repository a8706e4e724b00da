"""The history walk through the site's API reads each page in a child process while the
page before it is stored (rest_pages.py): the same archive as reading them here, the
caption a featured picture adds searchable, a child that dies handled, and nothing left
behind. (A page the child cannot read: tests/test_rest.py, mid-history.) Against the
tests' site (tests/site_rest.py)."""

import json
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from eye_tui import apart, rest, rest_found, rest_pages
from eye_tui.archive import Archive
from eye_tui.config import Settings, load_settings
from eye_tui.model import PostFilter, utc_now
from eye_tui.sync import Sync
from tests.site import WordPressSite
from tests.test_apart import children, running
from tests.wordpress_site import wordpress_posts

two_cores = pytest.mark.skipif(
    not apart.can_fork() or len(os.sched_getaffinity(0)) < 2,
    reason="pages are read apart only where there is a fork and a second core",
)


@pytest.fixture
def site() -> Iterator[WordPressSite]:
    posts = wordpress_posts(450)  # five pages of 100: four after the first
    for post in posts:
        post.tags = [f"Week {post.number // 20}"]
    posts[400].featured = ("/wp-content/uploads/maypole.jpg", "Dancing round the maypole")
    with WordPressSite(posts) as site:
        site.rest = "on"
        yield site


@pytest.fixture
def settings(site: WordPressSite, data_dir: Path) -> Settings:
    return load_settings(feed=site.url, data_dir=str(data_dir))


def readers_noted(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Each page of the history walk read notes the process that read it (the child is
    forked after this, so it reads with the noting parser too)."""
    parse = rest.parse_posts

    def noting(body: bytes, fetched_at: datetime) -> list[rest.RestPost]:
        posts = parse(body, fetched_at)
        if len(posts) > 10:  # a page of the history, not the news's first ten
            with log.open("a") as out:
                out.write(f"{os.getpid()}\n")
        return posts

    monkeypatch.setattr(rest, "parse_posts", noting)


def the_archive(archive: Archive) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    return [(p.title, p.author, p.tags, p.categories) for p in archive.list_posts(limit=1000)]


@two_cores
def test_history_pages_are_read_in_a_child_and_the_archive_is_the_same_as_read_here(
    site: WordPressSite, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "readers"
    readers_noted(monkeypatch, log)
    before = children()
    with Archive(tmp_path / "apart.db") as apart_archive:
        Sync(apart_archive, settings).refresh(all_pages=True)
        read_apart = the_archive(apart_archive)
        maypole = [hit.post.title for hit in apart_archive.search(PostFilter(query="maypole"))]
    readers = [int(pid) for pid in log.read_text().split()]
    assert len(readers) == 5 and os.getpid() not in readers  # every history page, apart
    assert children() <= before  # the child was ended with the walk
    monkeypatch.setattr(rest_pages, "can_fork", lambda: False)
    log.unlink()
    with Archive(tmp_path / "here.db") as here:
        Sync(here, load_settings(feed=site.url, data_dir=str(tmp_path / "h"))).refresh(
            all_pages=True
        )
        assert the_archive(here) == read_apart
    assert set(log.read_text().split()) == {str(os.getpid())}
    assert len(read_apart) == 450 and {p[1] for p in read_apart} == {"Ann Smith", "Bob Jones"}
    # Its featured picture's caption is put above the post's body once its names are
    # known, after the child read it: the caption's words are searchable all the same.
    assert maypole == [site.posts[400].title]


@two_cores
def test_a_child_that_dies_mid_walk_leaves_the_walk_whole(
    settings: Settings, archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parse, parent, first = rest.parse_posts, os.getpid(), tmp_path / "first"

    def dying_on_the_second(body: bytes, fetched_at: datetime) -> list[rest.RestPost]:
        if os.getpid() != parent and first.exists():
            os._exit(9)  # as if killed for want of memory
        if os.getpid() != parent:
            first.touch()
        return parse(body, fetched_at)

    monkeypatch.setattr(rest, "parse_posts", dying_on_the_second)
    before = children()
    report = Sync(archive, settings).refresh(all_pages=True)
    assert archive.count_posts() == 450 and report.new == 450
    assert rest_found.remembered_api(archive) is not None  # the API still used
    assert children() <= before


def test_a_page_read_here_or_there_is_the_same() -> None:
    posts = [
        {"id": n, "title": {"rendered": f"Fete {n}"}, "content": {"rendered": f"<p>Stall {n}</p>"},
         "tags": [n], "categories": [1], "author": 2, "featured_media": 0,
         "modified_gmt": f"2026-05-0{n}T10:00:00"}
        for n in range(1, 4)
    ]  # fmt: skip
    body, now = json.dumps(posts).encode(), utc_now()
    reader = rest_pages.PageReader()
    try:
        taken = reader.begin(body, now)()
    finally:
        reader.close()
    assert taken == rest_pages.read_page(body, now)
    assert [p.post.title for p in taken.posts] == ["Fete 1", "Fete 2", "Fete 3"]
    assert taken.words[0] == "Stall 1" or "Stall 1" in taken.words[0]
    later = taken.only(lambda post: post.modified > "2026-05-01T10:00:00")
    assert [p.post.title for p in later.posts] == ["Fete 2", "Fete 3"]
    assert later.words == taken.words[1:] and later.packed == taken.packed[1:]


def test_a_walk_stopped_part_way_leaves_no_child_and_keeps_what_was_stored(
    settings: Settings, archive: Archive
) -> None:
    from eye_tui.errors import Cancelled
    from eye_tui.model import SyncReport

    def stop_after_two_history_pages(report: SyncReport) -> None:
        if report.phase == "older posts" and report.pages >= 3:
            sync.cancel()

    before = children()
    sync = Sync(archive, settings, stop_after_two_history_pages)
    with pytest.raises(Cancelled) as stopped:
        sync.refresh(all_pages=True)
    # Ended by the walk itself, not by the collector: the error still holds the walk's frame.
    assert stopped.traceback and children() <= before
    assert 200 <= archive.count_posts() < 450  # the news, and the pages stored before
    Sync(archive, settings).refresh(all_pages=True)  # the next walk carries on
    assert archive.count_posts() == 450


def no_semaphores(monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    def refused(*args: object, **kwargs: object) -> None:
        raise ImportError("This platform lacks a functioning sem_open implementation")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refused)


def no_processes_left(monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    def refused() -> int:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)


@two_cores
@pytest.mark.parametrize("refusal", [no_semaphores, no_processes_left])
def test_where_no_child_can_be_had_the_pages_are_read_here(
    settings: Settings,
    archive: Archive,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    refusal: Callable[[pytest.MonkeyPatch], None],
) -> None:
    log = tmp_path / "readers"
    readers_noted(monkeypatch, log)
    refusal(monkeypatch)
    report = Sync(archive, settings).refresh(all_pages=True)
    assert archive.count_posts() == 450 and report.new == 450 and not report.notice
    assert set(log.read_text().split()) == {str(os.getpid())}


@two_cores
def test_the_reading_child_ends_with_its_parent_even_killed(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    with WordPressSite(wordpress_posts(450), latency=0.5) as site:
        site.rest = "on"
        walk = subprocess.Popen(
            [sys.executable, "-m", "eye_tui", "--feed", site.url, "--data-dir", str(tmp_path),
             "refresh", "--all", "--quiet"],
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while not (child := children(walk.pid)) and walk.poll() is None:
                assert time.monotonic() < deadline, "the walk never made its reading child"
                time.sleep(0.02)
        finally:
            walk.send_signal(signal.SIGKILL)  # no handler, no finally: as the OOM killer does
            walk.wait()
    assert child, "the walk ended before its child was seen"
    deadline = time.monotonic() + 10
    while any(running(pid) for pid in child):  # a worker waiting for work it never gets
        assert time.monotonic() < deadline, "the reading child outlived its parent"
        time.sleep(0.02)
