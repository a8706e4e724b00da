"""Run every benchmark and print each figure against its floor from the same run.

python -m benchmarks           # the full suite (archives of 1k, 10k and 100k posts)
python -m benchmarks --quick   # small sizes: proves the scripts work, figures are rough
python -m benchmarks --only store,reader
python -m benchmarks --peers   # eye-tui beside newsboat and reader, where installed
"""

import argparse
import os
import platform
import shutil
import sys
import time

from benchmarks import hostile, network, peers, pictures, reader, rest, store, terminal
from benchmarks.harness import Result, compiled_as_installed, header

SUITES = ("terminal", "reader", "store", "network", "rest", "hostile", "pictures")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="small sizes, one repeat")
    parser.add_argument(
        "--only", default=",".join(SUITES), help=f"comma-separated suites from: {', '.join(SUITES)}"
    )
    parser.add_argument(
        "--peers", action="store_true", help="only eye-tui beside newsboat and reader"
    )
    args = parser.parse_args()
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    if args.peers:
        chosen = ["peers"]
    unknown = set(chosen) - {*SUITES, "peers"}
    if unknown:
        parser.error(f"unknown suite(s): {', '.join(sorted(unknown))}")
    sizes = [200, 1_000, 2_000] if args.quick else [1_000, 10_000, 100_000]
    repeats = 1 if args.quick else 3

    print(
        f"eye-tui benchmarks — {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores{' (quick)' if args.quick else ''}",
        flush=True,
    )
    compiled_as_installed()
    started = time.perf_counter()
    results: list[Result] = []
    for suite in chosen:
        print(f"… {suite}", file=sys.stderr, flush=True)
        if suite == "terminal":
            if shutil.which("tmux") is None:
                print("  (skipped: tmux is not installed)", file=sys.stderr)
                continue
            # Start-up times on a shared machine are noisy: more runs for a steadier median.
            results += terminal.run(sizes, 1 if args.quick else 9)
        elif suite == "reader":
            results += reader.run(sizes[-1], repeats)
        elif suite == "store":
            results += store.run(sizes[-1], 50 if args.quick else 200)
        elif suite == "peers":
            results += peers.run(args.quick)
        elif suite == "rest":
            count = 200 if args.quick else 1_000
            results += rest.backfill(count, latency=0.3, bandwidth=56_000)
            results += rest.ingest(count, repeats)
        elif suite == "pictures":
            results += pictures.run(10 if args.quick else 100, repeats)
        elif suite == "hostile":
            results += hostile.run(repeats)
            results += hostile.stall()
        elif suite == "network":
            results += network.ingest(200 if args.quick else 1_000, repeats)
            results += network.first_fetch_on_a_slow_link(
                50 if args.quick else 1_000, latency=0.3, bandwidth=7_000
            )
            results += network.backfill(
                200 if args.quick else 1_000,
                latency=0.05 if args.quick else 0.2,
                bandwidth=2_000_000,
            )
    print(header())
    for result in results:
        print(result.line())
    missed = [r.measure for r in results if r.ok is False]
    print(
        f"\n{len(results)} figures in {time.perf_counter() - started:.0f} s; "
        f"targets missed: {len(missed)}" + (f" ({'; '.join(missed)})" if missed else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
