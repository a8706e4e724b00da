"""How long hostile input costs, against the same amount of ordinary input in the same run.

These figures were once timing assertions in the tests; tests now check only what happens.
"""

from contextlib import suppress
from datetime import UTC, datetime

from benchmarks.harness import Result, median, scratch, timed
from eye_tui.errors import NotAFeedError
from eye_tui.feed import parse_feed
from eye_tui.render import render_body
from tests.hostile import BILLION_LAUGHS, rss

NOW = datetime(2026, 11, 22, tzinfo=UTC)


def _item(title: str, body: str) -> str:
    return (
        f"<item><title>{title}</title><guid>g</guid>"
        f"<description><![CDATA[{body}]]></description></item>"
    )


def _parse(document: bytes) -> None:
    # Refusing it is a fine outcome: the time to decide is what counts.
    with suppress(NotAFeedError):
        parse_feed(document, fetched_at=NOW)


def run(repeats: int) -> list[Result]:
    # Billion laughs against an ordinary document of the same number of bytes.
    plain = rss(_item("Ordinary", "x" * max(0, len(BILLION_LAUGHS) - 200)))
    laughs = median([timed(lambda: _parse(BILLION_LAUGHS)) for _ in range(repeats)])
    floor = median([timed(lambda: _parse(plain)) for _ in range(repeats)])
    # 10,000-deep nesting against the same words and tags side by side (no depth).
    depth = 2500
    opening, closing = "<div><blockquote><ul><li>", "</li></ul></blockquote></div>"
    nested = opening * depth + "deep" + closing * depth
    flat = (opening + closing) * depth + "deep"
    deep = median([timed(lambda: _parse_and_render(nested)) for _ in range(repeats)])
    shallow = median([timed(lambda: _parse_and_render(flat)) for _ in range(repeats)])
    # 5,000 links and 5,000 pictures against the same paragraphs and words with none:
    # numbering links must not grow with the square of their count (it took 6 s).
    linked = "".join(
        f'<p><a href="https://example.org/{n}">link {n}</a> <img src="/i{n}.jpg" alt="p{n}"></p>'
        for n in range(5000)
    )
    unlinked = "".join(f"<p><b>link {n}</b> <i>p{n}</i></p>" for n in range(5000))
    many = median([timed(lambda: render_body(linked, "http://x/")) for _ in range(repeats)])
    none = median([timed(lambda: render_body(unlinked, "http://x/")) for _ in range(repeats)])
    return [
        Result(
            "10,000 links and pictures: render",
            many,
            "s",
            none,
            "same paragraphs, no links",
            "≤ 5× floor",
            many <= 5 * none,
        ),
        Result(
            "billion laughs: parse or refuse",
            laughs,
            "s",
            floor,
            "same-size plain feed",
            "≤ 3× floor",
            laughs <= 3 * floor,
        ),
        Result(
            "10,000-deep nesting: parse and render",
            deep,
            "s",
            shallow,
            "same tags, not nested",
            "≤ 5× floor",
            deep <= 5 * shallow,
        ),
    ]


def stall(window: float = 2.0) -> list[Result]:
    """A server that sends a byte every half second: how long until the refresh gives
    up, against the stall window (the rule's own floor)."""
    import threading
    import time as clock

    from eye_tui.archive import Archive
    from eye_tui.config import Settings
    from eye_tui.errors import FetchError
    from eye_tui.sync import Sync
    from tests.site import WordPressSite

    stop = threading.Event()

    def trickle(handler) -> bool:  # type: ignore[no-untyped-def]
        handler.send_response(200)
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        while not stop.wait(0.5):
            try:
                handler.wfile.write(b"<")
                handler.wfile.flush()
            except OSError:
                break
        return True

    with WordPressSite() as site:
        site.fault = trickle
        data_dir = scratch("eye-tui-bench-stall-")
        settings = Settings(feed_url=site.url, data_dir=data_dir, stall_window=window, retries=0)
        with Archive(data_dir / "archive.sqlite3") as archive:
            started = clock.perf_counter()
            with suppress(FetchError):
                Sync(archive, settings).refresh()
            ended = clock.perf_counter() - started
        stop.set()
    return [
        Result(
            "a trickle (1 byte / 0.5 s) is cut off",
            ended,
            "s",
            window,
            "the stall window",
            "≤ 1.5× floor",
            ended <= 1.5 * window,
        ),
    ]


def _parse_and_render(body: str) -> None:
    parsed = parse_feed(rss(_item("Deep", body)), fetched_at=NOW)
    for post in parsed.posts:
        render_body(post.html)
