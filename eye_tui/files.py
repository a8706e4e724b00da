"""Writing a kept file so that a crash never leaves half of it under its real name."""

import os
import tempfile
from pathlib import Path


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
