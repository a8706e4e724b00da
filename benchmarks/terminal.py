"""First paint and peak memory, measured in a real terminal (tmux, 120×40)."""

import os
import shlex
import subprocess
import sys
import time
import uuid
from pathlib import Path

from benchmarks.archives import archive_of
from benchmarks.bare_app import MARKER
from benchmarks.harness import Result, median, paired_ratio
from eye_tui.archive import Archive
from eye_tui.paths import archive_path

WIDTH, HEIGHT = 120, 40


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True).stdout


def paint_time(command: list[str], marker: str, timeout: float = 60.0) -> tuple[float, int]:
    """Seconds from start until `marker` is on screen, and the process's peak RSS (bytes)."""
    name = f"bench-{uuid.uuid4().hex[:8]}"
    started = time.perf_counter()
    for _ in range(3):  # starting the tmux server itself can fail once under load
        launched = subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-s",
                name,
                "-x",
                str(WIDTH),
                "-y",
                str(HEIGHT),
                "-c",
                os.getcwd(),
                # exec: the pane's process is the program itself, not a shell around it,
                # so the memory read from it below is the program's.
                "exec env TERM=xterm-256color " + shlex.join(command),
            ],
            capture_output=True,
            text=True,
        )
        if launched.returncode == 0:
            break
        time.sleep(0.2)
        started = time.perf_counter()
    else:
        raise RuntimeError(f"tmux could not start: {launched.stderr.strip()}")
    try:
        while time.perf_counter() - started < timeout:
            if marker in _tmux("capture-pane", "-p", "-t", name):
                elapsed = time.perf_counter() - started
                break
            time.sleep(0.01)
        else:
            raise RuntimeError(f"{marker!r} never appeared")
        time.sleep(1.0)  # let start-up work that follows the first paint finish
        pid = _tmux("list-panes", "-t", name, "-F", "#{pane_pid}").strip()
        return elapsed, _peak_rss(pid)
    finally:
        _tmux("kill-session", "-t", name)


def _peak_rss(pid: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def run(sizes: list[int], repeats: int) -> list[Result]:
    # Paired: each round runs the bare app and eye-tui at every size, in an order that
    # turns from round to round (no one goes first each time), and each figure's ratio is
    # the median of its rounds' own ratios to that round's bare app.
    folders = {size: archive_of(size) for size in sizes}
    titles = {}
    for size, data_dir in folders.items():
        with Archive(archive_path(data_dir)) as archive:
            titles[size] = archive.list_posts(limit=1)[0].title[:40]
    bare: list[tuple[float, int]] = []
    runs: dict[int, list[tuple[float, int]]] = {size: [] for size in sizes}
    entrants: list[int | None] = [None, *sizes]  # None: the bare app
    for round_number in range(repeats):
        turn = round_number % len(entrants)
        for entrant in entrants[turn:] + entrants[:turn]:
            if entrant is None:
                bare.append(paint_time([sys.executable, "-m", "benchmarks.bare_app"], MARKER))
                continue
            data_dir = folders[entrant]
            command = [sys.executable, "-m", "eye_tui", "--offline", "--data-dir", str(data_dir)]
            runs[entrant].append(paint_time(command, titles[entrant]))
    bare_time = median([t for t, _ in bare])
    bare_memory = max(m for _, m in bare)
    results = []
    paints = {size: median([t for t, _ in runs[size]]) for size in sizes}
    paired = {
        size: paired_ratio([t for t, _ in runs[size]], [t for t, _ in bare]) for size in sizes
    }
    memory = {size: max(m for _, m in runs[size]) for size in sizes}
    for size in sizes:
        results.append(
            Result(
                f"first paint, {size:,} posts",
                paints[size],
                "s",
                bare_time,
                "bare Textual app",
                paired=paired[size],
            )
        )
    biggest, smallest = sizes[-1], sizes[0]
    results[-1].target = "≤ 1.3× floor"
    results[-1].ok = paired[biggest] <= 1.3
    flat = paired_ratio([t for t, _ in runs[biggest]], [t for t, _ in runs[smallest]])
    results.append(
        Result(
            f"first paint {biggest:,} vs {smallest:,} posts",
            paints[biggest],
            "s",
            paints[smallest],
            f"{smallest:,} posts",
            "≤ 1.2×",
            flat <= 1.2,
            paired=flat,
        )
    )
    results.append(
        Result(
            f"peak memory, {biggest:,} posts",
            memory[biggest],
            "B",
            bare_memory,
            "bare Textual app",
            "≤ floor + 60 MB",
            memory[biggest] <= bare_memory + 60 * 1024 * 1024,
        )
    )
    return results
