"""Pictures: opening a post whose pictures are kept still paints its text at once, and
keeping the pictures of many posts costs what the link allows, no more."""

import asyncio
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Result, median
from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.paths import archive_path
from eye_tui.start import hold_collector
from eye_tui.sync import Sync
from eye_tui.ui.app import EyeApp
from eye_tui.ui.screens.main import MainScreen
from eye_tui.ui.widgets.post_list import PostList
from eye_tui.ui.widgets.post_reader import PostReader
from tests.pictures import picture
from tests.site import WordPressSite, make_posts

UPLOADS = "/wp-content/uploads/2024/06"


def _site(posts: int, latency: float = 0.0, bandwidth: float = 0.0) -> WordPressSite:
    site_posts = make_posts(posts)
    files: dict[str, tuple[bytes, str]] = {}
    for post in site_posts:
        names = [f"{UPLOADS}/p{post.number}-{n}.jpg" for n in range(5)]
        post.html = "<p>The fete in five pictures.</p>" + "".join(
            f'<figure><img src="{name}" alt=""><figcaption>Picture {n}</figcaption></figure>'
            for n, name in enumerate(names)
        )
        for n, name in enumerate(names):
            colour = ("red", "green", "blue", "orange", "purple")[n]
            files[name] = (picture(640, 420, "JPEG", colour), "image/jpeg")
    site = WordPressSite(site_posts, latency=latency, bandwidth=bandwidth)
    site.files = files
    return site


async def _open_times(settings: Settings, repeats: int) -> tuple[float, float]:
    """(text painted, pictures drawn) for the newest post, median of `repeats`."""
    hold_collector()  # as the eye-tui command starts (start.py), so pauses are its own
    app = EyeApp(settings)
    painted, drawn = [], []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        post_list = screen.query_one(PostList)
        reader = screen.query_one(PostReader)
        await pilot.pause()
        for _ in range(repeats):
            post_list.cursor = 1
            await pilot.pause()
            reader.show_message([])
            reader.pictures = type(reader.pictures)()  # decoded afresh each time
            await pilot.pause()
            post_list.cursor = 0
            started = time.perf_counter()
            current = post_list.current
            assert current is not None
            screen.open_post(current)
            while not reader.first_painted_at:
                await asyncio.sleep(0.001)
            painted.append(reader.first_painted_at - started)
            deadline = time.perf_counter() + 10
            while "▀" not in reader.plain_text and time.perf_counter() < deadline:
                await asyncio.sleep(0.002)
            drawn.append(time.perf_counter() - started)
    return median(painted), median(drawn)


def run(posts: int, repeats: int) -> list[Result]:
    results: list[Result] = []
    # Opening: five kept pictures against the same post with none kept (same text).
    with tempfile.TemporaryDirectory() as folder, _site(2) as site:
        data_dir = Path(folder)
        settings = Settings(feed_url=site.url, data_dir=data_dir, offline=True)
        with Archive(archive_path(data_dir)) as archive:
            online = Settings(feed_url=site.url, data_dir=data_dir)
            Sync(archive, online).refresh()
        floor, _ = asyncio.run(_open_times(settings, repeats))
        with Archive(archive_path(data_dir)) as archive:
            newest = archive.list_posts(limit=1)[0].key
            Sync(archive, Settings(feed_url=site.url, data_dir=data_dir)).fetch_pictures([newest])
        painted, drawn = asyncio.run(_open_times(settings, repeats))
    results.append(
        Result(
            "open a post with five kept pictures (text painted)",
            painted,
            "s",
            floor,
            "same post, no pictures kept",
            "≤ 100 ms",
            painted <= 0.100,
        )
    )
    results.append(Result("  … the five pictures drawn", drawn, "s"))
    # Keeping the pictures of `posts` posts over a slow link, one picture at a time.
    latency, bandwidth = 0.05, 2_000_000.0
    with tempfile.TemporaryDirectory() as folder, _site(posts) as site:
        data_dir = Path(folder)
        settings = Settings(feed_url=site.url, data_dir=data_dir)
        with Archive(archive_path(data_dir)) as archive:
            Sync(archive, settings).refresh(all_pages=True)
            keys = [post.key for post in archive.list_posts(limit=posts)]
            site.latency, site.bandwidth = latency, bandwidth
            started = time.perf_counter()
            report = Sync(archive, settings).fetch_pictures(keys)
            elapsed = time.perf_counter() - started
    fetched = report.fetched
    floor = fetched * latency / 4 + report.bytes / bandwidth  # four connections, as used
    results.append(
        Result(
            f"keep the pictures of {posts} posts, 50 ms latency, 2.0 MB/s",
            elapsed,
            "s",
            floor,
            "pictures×latency÷4 + bytes÷bw",
            "≤ 1.5× floor",
            elapsed <= 1.5 * floor,
        )
    )
    results.append(Result("  … bytes downloaded for pictures", report.bytes, "B"))
    results.append(Result("  … pictures kept", fetched, "", target="all", ok=fetched == posts * 5))
    return results
