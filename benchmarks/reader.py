"""In the reader (Textual, headless): opening posts of each size, switching filters, searching."""

import asyncio
import random
import time
from datetime import timedelta

from textual.pilot import Pilot

from benchmarks.archives import archive_of, fresh_copy
from benchmarks.corpus import VOCABULARY, body_html
from benchmarks.harness import Result, median, p95
from benchmarks.store import topical_words
from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.model import Post, PostFilter, Tag, Validators
from eye_tui.paths import archive_path
from eye_tui.start import hold_collector
from eye_tui.ui.app import EyeApp
from eye_tui.ui.screens.main import MainScreen
from eye_tui.ui.widgets.post_list import PostList
from eye_tui.ui.widgets.post_reader import PostReader

BODY_SIZES = (2_000, 10_000, 50_000, 200_000)
TYPING_INTERVAL = 0.15  # seconds between keys: a person typing at about 80 words a minute
TARGET = 0.100


def _add_sized_posts(data_dir) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    with Archive(archive_path(data_dir)) as archive:
        newest = archive.list_posts(limit=1)[0].published
        posts = [
            Post(
                id=f"sized-{size}",
                link=f"http://www.enderbyeye.co.uk/sized/{size}/",
                title=f"A post of {size // 1000} KB",
                author="Enderby EYE",
                published=newest + timedelta(hours=1 + index),
                updated=None,
                tags=(Tag("Enderby", "enderby"),),
                html=body_html(rng, size, index),
                excerpt="",
            )
            for index, size in enumerate(BODY_SIZES)
        ]
        archive.store_document("bench", posts, Validators(), 0)


async def _measure(size: int, repeats: int) -> list[Result]:
    data_dir = fresh_copy(archive_of(size))
    _add_sized_posts(data_dir)
    hold_collector()  # as the eye-tui command starts (start.py), so pauses are its own
    app = EyeApp(Settings(data_dir=data_dir, offline=True))
    results: list[Result] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        post_list = screen.query_one(PostList)
        reader = screen.query_one(PostReader)
        await pilot.pause()
        # Newest first: the four sized posts are rows 0-3, largest on top.
        opened: dict[int, float] = {}
        full: dict[int, float] = {}
        for row, body in enumerate(reversed(BODY_SIZES)):
            times, complete = [], []
            for _ in range(repeats):
                post_list.cursor = row + 4 if row < 3 else 5  # move away to force a real open
                await pilot.pause()
                reader.show_message([])
                await pilot.pause()
                post_list.cursor = row
                started = time.perf_counter()
                current = post_list.current
                assert current is not None
                screen.open_post(current)
                while not reader.first_painted_at:  # the pane drew this post's first lines
                    await asyncio.sleep(0.001)
                times.append(reader.first_painted_at - started)
                while reader._body is None or not reader._body.complete:
                    await asyncio.sleep(0.005)
                await pilot.pause()
                complete.append(time.perf_counter() - started)
            opened[body], full[body] = median(times), median(complete)
        floor = opened[BODY_SIZES[0]]
        for body in BODY_SIZES:
            results.append(
                Result(
                    f"open a {body // 1000} KB post (pane painted)",
                    opened[body],
                    "s",
                    floor,
                    "2 KB post",
                    "≤ 100 ms",
                    opened[body] <= TARGET,
                )
            )
        results.append(Result("  … 200 KB post, whole body rendered", full[200_000], "s"))

        tags = app.archive.tag_counts()
        filters = {
            "tag (most used)": PostFilter(tags=(tags[0].slug,)),
            "tag (rare)": PostFilter(tags=(tags[-1].slug,)),
            "two tags (AND)": PostFilter(tags=(tags[0].slug, tags[1].slug)),
            "month": PostFilter(month=app.archive.month_counts()[-1].month),
            "unread only": PostFilter(unread=True),
        }
        for label, post_filter in filters.items():
            times = []
            for _ in range(repeats):
                times.append(await _time_filter(pilot, screen, post_list, post_filter))
            results.append(
                _timed(f"switch filter: {label}, {size:,} posts", median(times), "≤ 100 ms")
            )
        # Searches start from the whole archive (the last filter timed was "unread only").
        await _filtered(pilot, screen, PostFilter())
        topical = topical_words(app.archive, size)
        typical = await _search_times(pilot, screen, post_list, topical, repeats * 5)
        # Typed letter by letter, so their first letters are prefix queries over most posts.
        common = await _search_times(pilot, screen, post_list, VOCABULARY[:30], repeats * 5)
        # The same within another filter (the two sides are listed together, not joined).
        await _filtered(pilot, screen, PostFilter(unread=True))
        unread = await _search_times(pilot, screen, post_list, VOCABULARY[:30], repeats * 5)
        searched = f"search in the reader, {size:,} posts"
        results += [
            _timed(f"{searched} (p95, topical words)", p95(typical)),
            _timed(f"{searched} (p95, words in nearly every post)", p95(common)),
            Result("  … worst, words in nearly every post", max(common), "s"),
            _timed("  … the same among unread posts only (p95)", p95(unread)),
        ]
    return results


def _timed(measure: str, seconds: float, target: str = "≤ 100 ms from the key") -> Result:
    return Result(measure, seconds, "s", target=target, ok=seconds <= TARGET)


async def _filtered(pilot: Pilot[int], screen: MainScreen, post_filter: PostFilter) -> None:
    screen.post_filter = post_filter
    screen.apply_filter()
    await pilot.pause()


async def _search_times(
    pilot: Pilot[int], screen: MainScreen, post_list: PostList, words: list[str], count: int
) -> list[float]:
    """As a person searches: the word typed into the search box a key every
    TYPING_INTERVAL, timed from its last key until the list draws the results (whatever
    the box waits for while typing goes on is included)."""
    rng = random.Random(5)
    times = []
    for _ in range(count):
        word = rng.choice(words)
        screen.clear_search()
        await pilot.pause()
        await pilot.press("slash")
        for letter in word[:-1]:
            await pilot.press(letter)
            await asyncio.sleep(TYPING_INTERVAL)
        started = time.perf_counter()
        await pilot.press(word[-1])
        while screen.post_filter.query != word:
            await asyncio.sleep(0.001)
        times.append(await _list_painted(post_list) - started)
        await pilot.press("escape")
    return times


async def _time_filter(
    pilot: Pilot[int], screen: MainScreen, post_list: PostList, post_filter: PostFilter
) -> float:
    """From setting a filter (starting from none) until the list draws its first row."""
    screen.post_filter = PostFilter()
    screen.apply_filter()
    await pilot.pause()
    started = time.perf_counter()
    screen.post_filter = post_filter
    screen.apply_filter()
    return await _list_painted(post_list) - started


async def _list_painted(post_list: PostList) -> float:
    """When the list drew its first rows after the last change."""
    while not post_list.first_painted_at:
        await asyncio.sleep(0.001)
    return post_list.first_painted_at


def run(size: int, repeats: int) -> list[Result]:
    return asyncio.run(_measure(size, repeats))
