"""Measuring and reporting: every figure is printed as a ratio against a floor from the same run."""

import atexit
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


def scratch(prefix: str) -> Path:
    """A new temporary folder, removed when the run ends however it ends: a suite that
    stops half-way (a peer missing, a failed run) leaves nothing behind in /tmp."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@dataclass
class Result:
    measure: str
    value: float
    unit: str
    floor: float | None = None  # what the value is compared with, measured in this run
    floor_label: str = ""
    target: str = ""
    ok: bool | None = None  # met the target? None where there is no target
    # Paired runs: the median of each round's own ratio, which a slow spell of the
    # machine (it lasts seconds, a round takes one or two) cannot tilt as it can the
    # ratio of two medians. None: value / floor.
    paired: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.paired is not None:
            return self.paired
        return self.value / self.floor if self.floor else None

    def line(self) -> str:
        value = _fmt(self.value, self.unit)
        floor = f"{_fmt(self.floor, self.unit)} ({self.floor_label})" if self.floor else "—"
        ratio = f"{self.ratio:.2f}×" if self.ratio is not None else ""
        verdict = {True: "ok", False: "MISSED", None: ""}[self.ok]
        return f"{self.measure:<46} {value:>12} {floor:>34} {ratio:>7}  {self.target:<24} {verdict}"


def header() -> str:
    return (
        f"{'measure':<46} {'value':>12} {'floor (same run)':>34} {'ratio':>7}  "
        f"{'target':<24} verdict"
    )


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 10 else f"{value:.2f} s"
    if unit == "B":
        return f"{value / 1024 / 1024:.1f} MB" if value >= 1024 * 1024 else f"{value:,.0f} B"
    return f"{value:,.2f} {unit}".strip()


def compiled_as_installed() -> None:
    """Compile eye-tui's modules, as pip does when it installs them, so that processes
    started from this tree load bytecode as a resident's do (with PYTHONDONTWRITEBYTECODE
    set, a source tree compiles every module again at every start: ~40 ms)."""
    import compileall
    from pathlib import Path

    import eye_tui

    compileall.compile_dir(Path(eye_tui.__file__).parent, quiet=1)


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def paired_ratio(values: Sequence[float], floors: Sequence[float]) -> float:
    """The median of each round's value over that round's floor (see Result.paired)."""
    return statistics.median([v / f for v, f in zip(values, floors, strict=True)])


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]
