"""The archive's own speed: search latency at archive scale, and size on disk."""

import os
import random
import shutil
import time
from pathlib import Path

from benchmarks.archives import archive_of, fresh_copy
from benchmarks.corpus import VOCABULARY
from benchmarks.harness import Result, median, p95
from eye_tui.archive import Archive
from eye_tui.model import PostFilter
from eye_tui.paths import archive_path


def run(size: int, queries: int) -> list[Result]:
    rng = random.Random(3)
    path = archive_path(archive_of(size))
    with Archive(path) as archive:
        # What residents search for: names, places, topics, i.e. words found in at most
        # a tenth of the posts (read from the search index's own word counts).
        topical = topical_words(archive, size)
    asked = [
        " ".join(rng.choice(topical) for _ in range(rng.randint(1, 2))) for _ in range(queries)
    ]
    # The same searches twice, the cache state set each time rather than left to whatever
    # ran before: first with the archive read from disk (as after a restart: the OS is
    # told to drop its copy), then with all of it in memory, as in a session in use.
    _dropped_from_memory(path)
    with Archive(path) as archive:
        from_disk = _search_times(archive, asked)
    _read_into_memory(path)
    with Archive(path) as archive:
        archive.search(PostFilter(query="warm up"))
        times = _search_times(archive, asked)
        # The worst case: words found in nearly every post ("the council").
        common = _search_times(
            archive,
            [
                " ".join(rng.choice(VOCABULARY[:30]) for _ in range(rng.randint(1, 2)))
                for _ in range(queries // 4)
            ],
        )
        list_times = []
        for offset in (0, 1000, size // 2):
            started = time.perf_counter()
            archive.list_posts(limit=100, offset=offset)
            list_times.append(time.perf_counter() - started)
    unread, marking, undoing = _mark_all_read(size)
    return [
        Result(
            f"search p95 in the store, {size:,} posts ({queries} topical queries)",
            p95(times),
            "s",
            target="≤ 20 ms",
            ok=p95(times) <= 0.020,
        ),
        Result("  … median search", median(times), "s"),
        Result("  … the same searches, archive read from disk: p95", p95(from_disk), "s"),
        Result("  … and median", median(from_disk), "s"),
        Result(
            "  … p95 for words in nearly every post",
            p95(common),
            "s",
            target="≤ 50 ms",
            ok=p95(common) <= 0.050,
        ),
        Result(f"list page of 100 (offset 0 / 1000 / {size // 2:,})", max(list_times), "s"),
        Result(
            f"mark all read, {size:,} posts ({unread:,} unread)",
            marking,
            "s",
            target="≤ 1 s",
            ok=marking <= 1.0,
        ),
        Result("  … and undone", undoing, "s"),
    ]


def _mark_all_read(size: int) -> tuple[int, float, float]:
    """Every unread post marked read (A), then unread again (z), on a copy in memory."""
    copy = fresh_copy(archive_of(size))
    try:
        _read_into_memory(archive_path(copy))
        with Archive(archive_path(copy)) as archive:
            started = time.perf_counter()
            keys = archive.mark_all_read()
            marking = time.perf_counter() - started
            started = time.perf_counter()
            archive.mark_unread(keys)
            return len(keys), marking, time.perf_counter() - started
    finally:
        shutil.rmtree(copy)


def _dropped_from_memory(path: Path) -> None:
    """Ask the OS to forget its cached copy of the archive (no root needed; pages not yet
    written are kept, so this is asked after the archive is closed)."""
    if hasattr(os, "posix_fadvise"):
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
            os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(descriptor)


def _read_into_memory(path: Path) -> None:
    with path.open("rb") as archive:
        while archive.read(1 << 20):
            pass


def _search_times(archive: Archive, queries: list[str]) -> list[float]:
    times = []
    for query in queries:
        started = time.perf_counter()
        archive.search(PostFilter(query=query), limit=50)
        times.append(time.perf_counter() - started)
    return times


def topical_words(archive: Archive, size: int) -> list[str]:
    """Words of the generated corpus found in at most 10% of the posts."""
    rows = archive._db.execute(
        "SELECT term FROM post_search_words WHERE doc <= ? AND length(term) > 3 ORDER BY term",
        (size // 10,),
    ).fetchall()
    return [term for (term,) in rows if term in _VOCABULARY]


_VOCABULARY = set(VOCABULARY)
