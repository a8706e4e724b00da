"""Making a folder truly read-only for a test, even for root (whom permissions do not stop).

As root the folder and its files are made immutable (`chattr +i`), which the kernel
enforces for everyone, like a read-only medium; otherwise write permission is removed.
"""

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def read_only_folder(folder: Path) -> Iterator[None]:
    paths = [*sorted(folder.iterdir()), folder]
    if os.geteuid() == 0:
        result = subprocess.run(
            ["chattr", "+i", *map(str, paths)], capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            pytest.fail(f"cannot make {folder} read-only for root here: {result.stderr.strip()}")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", *map(str, paths)], check=True)
        return
    modes = {path: path.stat().st_mode for path in paths}
    for path in paths:
        path.chmod(modes[path] & ~0o222)
    try:
        yield
    finally:
        for path in paths:
            path.chmod(modes[path])
