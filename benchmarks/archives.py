"""Archives of N generated posts, built once and kept in the temp folder between runs."""

import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from benchmarks.corpus import model_posts
from benchmarks.harness import scratch
from eye_tui.archive import Archive
from eye_tui.archive.migrations import SCHEMA_VERSION
from eye_tui.model import Validators
from eye_tui.paths import archive_path

CORPUS_VERSION = 4  # bump when corpus.py (or how an archive is built) changes
BATCH = 1000


def bench_root() -> Path:
    root = Path(tempfile.gettempdir()) / "eye-tui-bench"
    root.mkdir(exist_ok=True)
    return root


def archive_of(posts: int) -> Path:
    """A data folder whose archive holds `posts` posts (a third of them read)."""
    data_dir = bench_root() / f"archive-c{CORPUS_VERSION}-s{SCHEMA_VERSION}-{posts}"
    done = data_dir / "complete"
    if done.exists():
        return data_dir
    shutil.rmtree(data_dir, ignore_errors=True)
    with Archive(archive_path(data_dir)) as archive:
        for start in range(0, posts, BATCH):
            batch = model_posts(start, min(BATCH, posts - start))
            archive.store_document("http://www.enderbyeye.co.uk/feed/", batch, Validators(), 0)
        archive.tidy_search_index()  # as a refresh that stored posts does
    with sqlite3.connect(archive_path(data_dir)) as db:
        db.execute("UPDATE posts SET read = 1 WHERE key % 3 = 0")
        db.execute("UPDATE posts SET starred = 1 WHERE key % 97 = 0")
        db.execute(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            ("last_refresh", "2026-11-22T10:00:00+00:00"),
        )
    done.touch()
    return data_dir


def fresh_copy(data_dir: Path) -> Path:
    """A throw-away copy (benchmarks that write must not change the cached archive)."""
    copy = scratch("eye-tui-bench-copy-")
    shutil.copy2(archive_path(data_dir), archive_path(copy))
    # On disk before anything is timed, as an archive in use is: else the first commit
    # that syncs the file (a checkpoint) waits for the whole copy to be written out.
    with archive_path(copy).open("rb+") as written:
        os.fsync(written.fileno())
    return copy
