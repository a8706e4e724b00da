"""The REST API against the feed, on the same posts from the same loopback site: a whole
history fetched on a throttled link (time, requests, bytes), and ingest on an unthrottled
one. The floor of each is the feed path doing the same work: every post stored."""

import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import site_posts
from benchmarks.harness import Result, median
from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.paths import archive_path
from eye_tui.sync import Sync
from tests.site import SitePost, WordPressSite

SECTIONS = ("News", "Civic", "Events", "Sport", "Features")


def _posts(count: int) -> list[SitePost]:
    posts = site_posts(count)
    for post in posts:  # as the site files them: one section each
        post.categories = [SECTIONS[post.number % len(SECTIONS)]]
    return posts


def _whole_history(
    posts: list[SitePost],
    rest: str,
    latency: float,
    bandwidth: float,
    per_page: int = 10,
    repeats: int = 1,
) -> tuple[float, int, int]:
    """(seconds, requests, body bytes) to store every post, by the feed or the API: the
    median of `repeats` runs, each into a new archive. Unthrottled, a run first fills the
    site's memory untimed: the server shares this process, and making its answers is not
    the client's work."""
    with WordPressSite(posts, per_page=per_page, latency=latency, bandwidth=bandwidth) as site:
        site.rest = rest
        site.cache = {}  # served from memory once made
        if not latency and not bandwidth:
            _store_every_post(site)
        times = []
        for _ in range(repeats):
            site.requests.clear()
            times.append(_store_every_post(site))
        return median(times), len(site.requests), sum(r.body_bytes for r in site.requests)


def _store_every_post(site: WordPressSite) -> float:
    data_dir = Path(tempfile.mkdtemp(prefix="eye-tui-bench-rest-"))
    try:
        with Archive(archive_path(data_dir)) as archive:
            sync = Sync(archive, Settings(feed_url=site.url, data_dir=data_dir))
            started = time.perf_counter()
            sync.refresh(all_pages=True)
            elapsed = time.perf_counter() - started
            assert archive.count_posts() == len(site.posts)
    finally:
        shutil.rmtree(data_dir)
    return elapsed


def backfill(count: int, latency: float, bandwidth: float) -> list[Result]:
    posts = _posts(count)
    feed = _whole_history(posts, "off", latency, bandwidth)
    api = _whole_history(posts, "on", latency, bandwidth)
    link = f"{latency * 1000:.0f} ms, {bandwidth / 1000:.0f} KB/s"
    return [
        Result(
            f"whole history of {count:,} posts by REST ({link})",
            api[0],
            "s",
            feed[0],
            "the same by feed pages",
            "faster than the feed",
            api[0] < feed[0],
        ),
        Result("  … requests", api[1], "", feed[1], "by feed pages"),
        Result(
            "  … body bytes",
            api[2],
            "B",
            feed[2],
            "by feed pages",
            "fewer than the feed",
            api[2] < feed[2],
        ),
    ]


def ingest(count: int, repeats: int) -> list[Result]:
    """Storing every post with nothing in the way (loopback, unthrottled)."""
    posts = _posts(count)
    by_feed = _whole_history(posts, "off", 0, 0, repeats=repeats)[0]
    by_api = _whole_history(posts, "on", 0, 0, repeats=repeats)[0]
    return [
        Result(
            f"ingest {count:,} posts by REST, unthrottled",
            by_api,
            "s",
            by_feed,
            "the same by feed pages",
            "≤ 1.0× the feed",
            by_api <= by_feed,
        )
    ]
