"""eye-tui beside newsboat and reader, on the same bytes from the same loopback site, in
one run (`python -m benchmarks --peers`). Whole processes, paired runs (eye-tui, then
each peer, then again), median of five; peak memory from the kernel's own count for each
process (wait4's ru_maxrss).

The suite installs nothing. Peers are used when present: `newsboat` on PATH, and
`reader` importable by the Python named in EYE_TUI_READER_PYTHON (else this one). See
docs/benchmarks.md for how to install them.
"""

import functools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.corpus import site_posts
from benchmarks.harness import Result, median, paired_ratio, scratch
from benchmarks.terminal import paint_time
from tests.site import WordPressSite

RUNS = 5
# reader's own steps, run in its process: ingest, or search an archive it filled.
_READER_INGEST = """
import sys
from reader import make_reader
r = make_reader(sys.argv[1])
r.add_feed(sys.argv[2], exist_ok=True)
r.update_feeds(scheduled=False)  # as a refresh by hand: ask now, whatever the schedule
"""
# The floor: the parse call eye-tui makes for WordPress's RSS, in a process of its own.
_FLOOR = """
import sys
from eye_tui import wordpress_rss
data = open(sys.argv[1], "rb").read()
assert wordpress_rss.read(data, "application/rss+xml; charset=UTF-8") is not None
"""
# feedparser's call, which eye-tui made before: shown beside, as a fact.
_FEEDPARSER = """
import sys
import feedparser
feedparser.parse(open(sys.argv[1], "rb").read(), sanitize_html=False, resolve_relative_uris=False)
"""
_READER_SEARCH = """
import sys, time
from reader import make_reader
r = make_reader(sys.argv[1])
r.enable_search()
r.update_search()
times = []
for word in sys.argv[2:]:
    started = time.perf_counter()
    list(r.search_entries(word, limit=50))
    times.append(time.perf_counter() - started)
print(" ".join(f"{t:.6f}" for t in times))
"""


def reader_python() -> str | None:
    python = os.environ.get("EYE_TUI_READER_PYTHON", sys.executable)
    found = subprocess.run([python, "-c", "import reader"], capture_output=True)
    return python if found.returncode == 0 else None


def available() -> dict[str, bool]:
    return {"newsboat": shutil.which("newsboat") is not None, "reader": reader_python() is not None}


@functools.cache
def _environment() -> dict[str, str]:
    """A home of the tools' own (one for the run, not one per process), and eye-tui's
    settings for a big document."""
    home = scratch("eye-tui-peers-home-")
    # One document of 10,000 posts is about 50 MB: over eye-tui's 20 MB download cap,
    # which a resident raises in config.toml for such a feed. So does the benchmark.
    config = home / "config.toml"
    config.write_text("max_download_bytes = 209715200\n")
    return {**os.environ, "HOME": str(home), "EYE_TUI_CONFIG": str(config)}


def _run(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Seconds and peak resident memory (bytes; 0 when GNU time is not installed) of one
    whole process. The peak comes from GNU time, a small process of its own: a child
    forked straight from this (large) Python would report this process's memory, which
    the kernel counts as the child's until it execs."""
    timer = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    wrapped = [timer, "-f", "%M", *command] if timer else command
    started = time.perf_counter()
    done = subprocess.run(
        wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or _environment()
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {done.stderr.decode(errors='replace')[-300:]}")
    last = done.stderr.decode(errors="replace").strip().splitlines()[-1:] if timer else []
    peak = int(last[0]) * 1024 if last and last[0].isdigit() else 0
    return elapsed, peak


# -- each tool's steps -----------------------------------------------------------------------


def _eye_tui(folder: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "eye_tui", "--feed", url, "--data-dir", str(folder), "refresh",
            "--quiet"]  # fmt: skip


def _newsboat(folder: Path, url: str) -> list[str]:
    urls = folder / "urls"
    if not urls.exists():
        folder.mkdir(parents=True, exist_ok=True)
        urls.write_text(url + "\n")
        (folder / "config").write_text("")
    return ["newsboat", "-x", "reload", "-u", str(urls), "-c", str(folder / "cache.db"),
            "-C", str(folder / "config")]  # fmt: skip


def _reader(folder: Path, url: str) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    python = reader_python()
    assert python is not None
    return [python, "-c", _READER_INGEST, str(folder / "reader.sqlite"), url]


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


# -- the measures ----------------------------------------------------------------------------


def ingest(count: int) -> list[Result]:
    """Cold ingest of one document of `count` posts, then an unchanged refresh."""
    tools: dict[str, Callable[[Path, str], list[str]]] = {"eye-tui": _eye_tui}
    have = available()
    if have["newsboat"]:
        tools["newsboat"] = _newsboat
    if have["reader"]:
        tools["reader"] = _reader
    times: dict[str, list[float]] = {name: [] for name in tools}
    floors: list[float] = []
    floor_memory = 0
    memory: dict[str, int] = dict.fromkeys(tools, 0)
    sizes: dict[str, int] = {}
    unchanged: dict[str, tuple[int, int]] = {}
    with WordPressSite(site_posts(count), per_page=count) as site:
        document = site.document_for("/feed/")
        assert document is not None
        raw = document.encode()
        site.cache = {}
        # The floor is a whole process too, doing the parse eye-tui does: start Python,
        # import feedparser, parse the same bytes with the same options.
        saved = scratch("eye-tui-peers-doc-") / "feed.xml"
        saved.write_bytes(raw)
        floor_command = [sys.executable, "-c", _FLOOR, str(saved)]
        feedparser_command = [sys.executable, "-c", _FEEDPARSER, str(saved)]
        feedparser_times: list[float] = []
        env = _environment()
        for _ in range(RUNS):  # paired: each tool once per round, the same bytes
            floor_time, floor_peak = _run(floor_command)
            floors.append(floor_time)
            floor_memory = max(floor_memory, floor_peak)
            feedparser_times.append(_run(feedparser_command)[0])
            for name, command in tools.items():
                folder = Path(tempfile.mkdtemp(prefix=f"eye-tui-peers-{name}-"))
                elapsed, peak = _run(command(folder, site.url), env)
                times[name].append(elapsed)
                memory[name] = max(memory[name], peak)
                sizes[name] = _size(folder)
                site.requests.clear()
                _run(command(folder, site.url), env)
                unchanged[name] = (len(site.requests), sum(r.body_bytes for r in site.requests))
                shutil.rmtree(folder)
    # Each round ran every tool once on the same bytes: ratios are the median of the
    # rounds' own ratios (Result.paired), which a slow spell of the machine cannot tilt.
    ours, floor = median(times["eye-tui"]), median(floors)
    against_floor = paired_ratio(times["eye-tui"], floors)
    results = [
        Result(
            f"cold ingest, one {count:,}-post document (process)",
            ours,
            "s",
            floor,
            "python + the same parse call",
            "≤ 1.3× floor",
            against_floor <= 1.3,
            paired=against_floor,
        ),
        Result(
            "  … beside feedparser's parse alone",
            ours,
            "s",
            median(feedparser_times),
            "python + feedparser.parse",
            paired=paired_ratio(times["eye-tui"], feedparser_times),
        ),
    ]
    for name in tools:
        if name == "eye-tui":
            continue
        target = {"newsboat": "≤ 1.5× newsboat"}.get(name, "")
        beside = paired_ratio(times["eye-tui"], times[name])
        results.append(
            Result(
                f"  … beside {name}",
                ours,
                "s",
                median(times[name]),
                name,
                target,
                beside <= 1.5 if target else None,
                paired=beside,
            )
        )
    if floor_memory:  # GNU time is there
        results.append(
            Result(
                "  … peak memory, eye-tui",
                memory["eye-tui"],
                "B",
                floor_memory,
                "python + the same parse call",
                "≤ floor + 20 MB",
                memory["eye-tui"] <= floor_memory + 20 * 1024 * 1024,
            )
        )
    for name in tools:
        if name != "eye-tui" or not floor_memory:
            results.append(Result(f"  … peak memory, {name}", memory[name], "B"))
        results.append(Result(f"  … size on disk, {name}", sizes[name], "B"))
        requests, body = unchanged[name]
        results.append(Result(f"  … unchanged refresh, {name}: requests", requests, ""))
        results.append(Result(f"  … unchanged refresh, {name}: body bytes", body, "B"))
    return results


def rest_backfill(count: int) -> list[Result]:
    """The whole history through the site's REST API (found beside its feed of ten posts a
    page), against newsboat reading all the same posts from one RSS document."""
    if not available()["newsboat"]:
        return []
    from benchmarks.rest import _posts

    posts = _posts(count)
    ours: list[float] = []
    theirs: list[float] = []
    requests = 0
    with (
        WordPressSite(posts, per_page=10) as api_site,
        WordPressSite(posts, per_page=count) as one_document,
    ):
        api_site.rest = "on"
        api_site.cache, one_document.cache = {}, {}
        env = _environment()
        for _ in range(RUNS):
            folder = Path(tempfile.mkdtemp(prefix="eye-tui-peers-rest-"))
            api_site.requests.clear()
            ours.append(_run([*_eye_tui(folder, api_site.url), "--all"], env)[0])
            requests = len(api_site.requests)
            shutil.rmtree(folder)
            folder = Path(tempfile.mkdtemp(prefix="eye-tui-peers-rest-nb-"))
            theirs.append(_run(_newsboat(folder, one_document.url), env)[0])
            shutil.rmtree(folder)
    beside = paired_ratio(ours, theirs)
    return [
        Result(
            f"whole history of {count:,} posts by REST (process)",
            median(ours),
            "s",
            median(theirs),
            "newsboat, one document",
            "faster than newsboat",
            beside < 1,
            paired=beside,
        ),
        Result("  … requests made by eye-tui", requests, ""),
    ]


def first_paint(count: int) -> list[Result]:
    """Until the newest post's title is on screen in tmux (newsboat: its list of posts)."""
    if not available()["newsboat"] or shutil.which("tmux") is None:
        return []
    with WordPressSite(site_posts(count), per_page=count) as site:
        site.cache = {}
        title = site.posts[0].title[:30]
        ours_folder = Path(tempfile.mkdtemp(prefix="eye-tui-peers-paint-"))
        theirs = Path(tempfile.mkdtemp(prefix="eye-tui-peers-paint-nb-"))
        _run(_eye_tui(ours_folder, site.url))
        _run(_newsboat(theirs, site.url))
        ours, peer = [], []
        for _ in range(RUNS):
            ours.append(
                paint_time(
                    [sys.executable, "-m", "eye_tui", "--offline", "--data-dir", str(ours_folder)],
                    title,
                )[0]
            )
            # newsboat opens on its feed list; Enter shows the posts. Its first screen with
            # the feed's title is its first paint of the archive.
            nb = _newsboat(theirs, site.url)[3:]  # without "-x reload"
            peer.append(paint_time(["newsboat", *nb], "Enderby EYE")[0])
        shutil.rmtree(ours_folder)
        shutil.rmtree(theirs)
    return [
        Result(
            f"first paint in tmux, {count:,} posts",
            median(ours),
            "s",
            median(peer),
            "newsboat's first screen",
            paired=paired_ratio(ours, peer),
        )
    ]


def search(count: int, words: list[str]) -> list[Result]:
    """The first 50 results of a word, in each tool's own process, on the same posts."""
    python = reader_python()
    if python is None:
        return []
    from eye_tui.archive import Archive
    from eye_tui.model import PostFilter
    from eye_tui.paths import archive_path

    with WordPressSite(site_posts(count), per_page=count) as site:
        site.cache = {}
        ours = Path(tempfile.mkdtemp(prefix="eye-tui-peers-search-"))
        theirs = Path(tempfile.mkdtemp(prefix="eye-tui-peers-search-reader-"))
        _run(_eye_tui(ours, site.url))
        _run(_reader(theirs, site.url))
    found = subprocess.run(
        [python, "-c", _READER_SEARCH, str(theirs / "reader.sqlite"), *words],
        capture_output=True,
        text=True,
        check=True,
    )
    peer = [float(t) for t in found.stdout.split()]
    mine = []
    with Archive(archive_path(ours)) as archive:
        for word in words:
            mine.append(
                _seconds(functools.partial(archive.search, PostFilter(query=word), limit=50))
            )
    shutil.rmtree(ours)
    shutil.rmtree(theirs)
    return [
        Result(
            f"search, first 50 results, {count:,} posts (median)",
            median(mine),
            "s",
            median(peer),
            "reader's search_entries",
        )
    ]


def _seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def run(quick: bool) -> list[Result]:
    have = available()
    missing = [name for name, present in have.items() if not present]
    if missing:
        print(f"  (peers not installed, left out: {', '.join(missing)})", file=sys.stderr)
    results: list[Result] = []
    for count in (200, 1_000) if quick else (1_000, 10_000):
        results += ingest(count)
    results += rest_backfill(200 if quick else 1_000)
    results += first_paint(1_000 if quick else 10_000)
    from benchmarks.corpus import VOCABULARY

    results += search(1_000 if quick else 10_000, VOCABULARY[200:230])
    return results
