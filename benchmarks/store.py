"""The archive's own speed: search latency at archive scale, and size on disk."""

import random
import time

from benchmarks.archives import archive_of
from benchmarks.corpus import VOCABULARY
from benchmarks.harness import Result, median, p95
from eye_tui.archive import Archive
from eye_tui.model import PostFilter
from eye_tui.paths import archive_path


def run(size: int, queries: int) -> list[Result]:
    rng = random.Random(3)
    with Archive(archive_path(archive_of(size))) as archive:
        archive.search(PostFilter(query="warm up"))
        # What residents search for: names, places, topics, i.e. words found in at most
        # a tenth of the posts (read from the search index's own word counts).
        topical = topical_words(archive, size)
        times = _search_times(
            archive,
            queries,
            lambda: " ".join(rng.choice(topical) for _ in range(rng.randint(1, 2))),
        )
        # The worst case: words found in nearly every post ("the council").
        common = _search_times(
            archive,
            queries // 4,
            lambda: " ".join(rng.choice(VOCABULARY[:30]) for _ in range(rng.randint(1, 2))),
        )
        list_times = []
        for offset in (0, 1000, size // 2):
            started = time.perf_counter()
            archive.list_posts(limit=100, offset=offset)
            list_times.append(time.perf_counter() - started)
    return [
        Result(
            f"search p95 in the store, {size:,} posts ({queries} topical queries)",
            p95(times),
            "s",
            target="≤ 20 ms",
            ok=p95(times) <= 0.020,
        ),
        Result("  … median search", median(times), "s"),
        Result(
            "  … p95 for words in nearly every post",
            p95(common),
            "s",
            target="≤ 50 ms",
            ok=p95(common) <= 0.050,
        ),
        Result(f"list page of 100 (offset 0 / 1000 / {size // 2:,})", max(list_times), "s"),
    ]


def _search_times(archive: Archive, count: int, make_query) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(count):
        query = make_query()
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
