"""Files kept for offline reading: written whole or not at all, and what keeping did."""

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class KeepReport:
    """What keeping files (pictures, documents) for offline reading did."""

    fetched: int = 0  # downloaded, checked and kept
    already_here: int = 0
    refused: int = 0  # not kept: the reasons are in `problems`
    bytes: int = 0
    over_budget: int = 0  # left for later: the budget was spent
    wanted: int = 0  # to fetch in all (not kept yet)
    evicted: int = 0  # older pictures dropped to stay within pictures_cap_mb
    problems: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # each problem's reason alone

    def refuse(self, url: str, reason: str) -> None:
        """A file not kept, and why."""
        self.refused += 1
        self.problems.append(f"{url[:120]}: {reason}")
        self.reasons.append(reason)

    def not_kept(self, noun: str) -> str:
        """What was not kept, in brief: one reason for all (no network, say) is said once,
        with no addresses; else the first, and how many more."""
        if not self.problems:
            return ""
        if len(self.problems) > 1 and len(set(self.reasons)) == 1:
            return f"{len(self.problems)} {noun}s: {self.reasons[0]}"
        more = len(self.problems) - 1
        return self.problems[0] + (f" (and {more} more)" if more else "")


def write_whole(folder: Path, name: str, data: bytes) -> None:
    """`data` as folder/name: written to a temporary name, flushed to disk, then renamed.
    A file already there (the same content: names come from hashes) is left as it is."""
    target = folder / name
    if target.exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
