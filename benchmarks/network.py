"""Refreshing from a loopback WordPress site: ingest speed, unchanged refresh, backfill, size."""

import gzip
import shutil
import tempfile
import time
from pathlib import Path

import feedparser

from benchmarks.corpus import site_posts
from benchmarks.harness import Result, median
from eye_tui import wordpress_rss
from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.model import SyncReport
from eye_tui.net import Fetcher
from eye_tui.paths import archive_path
from eye_tui.sync import Sync
from tests.site import WordPressSite


def _fresh_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="eye-tui-bench-net-"))


def ingest(posts: int, repeats: int) -> list[Result]:
    with WordPressSite(site_posts(posts), per_page=posts) as site:
        document = site.document_for("/feed/")
        assert document is not None
        raw = document.encode("utf-8")
        site.cache = {}  # serve from memory: the server's own work is not the client's
        with Fetcher() as warm_up:
            warm_up.get(site.url)
        # The floor is the very call eye-tui makes (feed.py): WordPress's RSS is read by
        # wordpress_rss.py. feedparser's call, which ingest made before, is shown beside.
        content_type = "application/rss+xml; charset=UTF-8"
        assert wordpress_rss.read(raw, content_type) is not None, "not the fast path"
        floor = median(
            [_time(lambda: wordpress_rss.read(raw, content_type)) for _ in range(repeats)]
        )
        feedparser_call = median(
            [
                _time(
                    lambda: feedparser.parse(raw, sanitize_html=False, resolve_relative_uris=False)
                )
                for _ in range(repeats)
            ]
        )
        times, sizes = [], []
        for _ in range(repeats):
            data_dir = _fresh_dir()
            settings = Settings(feed_url=site.url, data_dir=data_dir)
            with Archive(archive_path(data_dir)) as archive:
                times.append(_time(lambda a=archive, s=settings: Sync(a, s).refresh()))
                assert archive.count_posts() == posts
            sizes.append(sum(f.stat().st_size for f in data_dir.iterdir() if f.is_file()))
            # The unchanged refresh, on the last archive.
            site.requests.clear()
            with Archive(archive_path(data_dir)) as archive:
                report = Sync(archive, settings).refresh()
            unchanged_requests = len(site.requests)
            unchanged_bytes = sum(r.body_bytes for r in site.requests)
            shutil.rmtree(data_dir)
    wire = len(gzip.compress(raw, 6))
    ingest_time = median(times)
    return [
        Result(
            f"ingest one {posts:,}-post document",
            ingest_time,
            "s",
            floor,
            "the same parse call (wordpress_rss)",
            "≤ 1.3× floor",
            ingest_time <= 1.3 * floor,
        ),
        Result(
            "  … beside feedparser's parse alone",
            ingest_time,
            "s",
            feedparser_call,
            "feedparser.parse, same options",
        ),
        Result("  … posts per second", posts / ingest_time, "posts/s"),
        Result(
            f"archive size per {posts:,} posts",
            median(sizes),
            "B",
            len(raw),
            "raw feed bytes",
            "≤ 1.5× raw",
            median(sizes) <= 1.5 * len(raw),
        ),
        Result("  … the same feed gzipped on the wire", wire, "B"),
        Result(
            "unchanged refresh: requests",
            unchanged_requests,
            "",
            target="1",
            ok=unchanged_requests == 1,
        ),
        # A fact, not a target: a 304 has no body, so this cannot fail while the request
        # count above holds.
        Result("unchanged refresh: body bytes", unchanged_bytes + report.bytes, "B"),
    ]


def backfill(posts: int, latency: float, bandwidth: float) -> list[Result]:
    per_page = 10
    with WordPressSite(
        site_posts(posts), per_page=per_page, latency=latency, bandwidth=bandwidth
    ) as site:
        site.cache = {}
        data_dir = _fresh_dir()
        with Archive(archive_path(data_dir)) as archive:
            elapsed = _time(
                lambda: Sync(archive, Settings(feed_url=site.url, data_dir=data_dir)).refresh(
                    all_pages=True
                )
            )
            assert archive.count_posts() == posts
        wire = sum(r.body_bytes for r in site.requests)
        pages = posts // per_page
        floor = pages * latency / 4 + wire / bandwidth
        shutil.rmtree(data_dir)
        return [
            Result(
                f"backfill {posts:,} posts, {latency * 1000:.0f} ms latency, "
                f"{bandwidth / 1e6:.1f} MB/s",
                elapsed,
                "s",
                floor,
                "pages×latency÷4 + bytes÷bw",
                "≤ 1.5× floor",
                elapsed <= 1.5 * floor,
            ),
            Result(
                "  … requests made / pages in the history", len(site.requests), "", pages, "pages"
            ),
            # A fact: the client's pool allows four, so it cannot be more.
            Result("  … most connections at once", site.max_active, ""),
        ]


def first_fetch_on_a_slow_link(posts: int, latency: float, bandwidth: float) -> list[Result]:
    """A new resident's first fetch on a village link: when can they read, when is it all
    there, and what did it cost, against bytes ÷ bandwidth + pages × latency ÷ connections."""
    per_page = 10
    with WordPressSite(
        site_posts(posts), per_page=per_page, latency=latency, bandwidth=bandwidth
    ) as site:
        site.cache = {}
        data_dir = _fresh_dir()
        first_readable: list[float] = []
        started = time.perf_counter()

        def progress(report: SyncReport) -> None:
            if report.pages and not first_readable:
                first_readable.append(time.perf_counter() - started)

        with Archive(archive_path(data_dir)) as archive:
            settings = Settings(feed_url=site.url, data_dir=data_dir)
            Sync(archive, settings, progress).refresh()  # a plain refresh, as the reader runs
            whole = time.perf_counter() - started
            assert archive.count_posts() == posts and archive.history()[0]
        wire = sum(r.body_bytes for r in site.requests)
        pages = -(-posts // per_page) + 1  # and the 404 that says the history has ended
        floor = wire / bandwidth + pages * latency / 4
        first_page = site.requests[0].body_bytes / bandwidth + latency
        shutil.rmtree(data_dir)
        link = f"{latency * 1000:.0f} ms, {bandwidth * 8 / 1000:.0f} kbit/s"
        return [
            Result(
                f"first fetch {posts:,} posts ({link}): first post readable",
                first_readable[0],
                "s",
                first_page,
                "page 1 bytes÷bw + latency",
                "≤ 2× floor",
                first_readable[0] <= 2 * first_page,
            ),
            Result(
                "  … the whole history",
                whole,
                "s",
                floor,
                "bytes÷bw + pages×latency÷4",
                "≤ 1.3× floor",
                whole <= 1.3 * floor,
            ),
            Result("  … bytes on the wire", wire, "B"),
        ]


def _time(action) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    action()
    return time.perf_counter() - started
