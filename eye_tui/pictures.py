"""Pictures kept for offline reading: fetched, checked, and stored once by content.

A picture is accepted only if Pillow reads it as PNG, JPEG, GIF or WebP of at most
MAX_PIXELS (checked from its header, before anything is decoded) and MAX_BYTES on the
wire. SVG and anything else stays a placeholder. Files are named by the SHA-256 of their
bytes inside the archive's media folder, written to a temporary name and renamed, so a
crash never leaves a half file that counts as saved, and no name from a feed is ever
part of a path.
"""

import hashlib
import io
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from eye_tui.archive import Archive, StoredPicture
from eye_tui.errors import Cancelled, EyeError, FetchError
from eye_tui.files import KeepReport, write_whole
from eye_tui.links import can_open
from eye_tui.model import Validators

MAX_BYTES = 10 * 1024 * 1024
CONNECTIONS = 4  # downloads in flight at once, as for a backfill
MAX_PIXELS = 40_000_000  # a 1x1 PNG can claim 100,000 x 100,000: refused unread
_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}


class PictureError(FetchError):
    """Not a picture we keep (not an image, too large, SVG...)."""


def check_picture(data: bytes) -> tuple[str, int, int]:
    """(file extension, width, height) of a picture we keep; PictureError otherwise."""
    from PIL import Image, UnidentifiedImageError  # loaded only when pictures are fetched

    if len(data) > MAX_BYTES:
        raise PictureError(f"larger than {MAX_BYTES // 1024 // 1024} MB")
    if data.lstrip()[:5].lower() in (b"<?xml", b"<svg ") or b"<svg" in data[:1024].lower():
        raise PictureError("an SVG drawing (not shown in a terminal)")
    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header only
            kind = _FORMATS.get(image.format or "")
            width, height = image.size
            if kind is None:
                raise PictureError(f"not a picture eye-tui shows ({image.format})")
            if width * height > MAX_PIXELS:
                raise PictureError(f"{width}x{height}: too many pixels to decode safely")
            image.verify()  # the file's structure, without decoding every pixel
    except PictureError:
        raise
    except Image.DecompressionBombError:  # Pillow's own check, on the header's claim
        raise PictureError("too many pixels to decode safely") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise PictureError("not a picture (the file could not be read as one)") from None
    return kind, width, height


def save_picture(folder: Path, data: bytes, kind: str) -> str:
    """Store the bytes under their hash; returns the file's name in `folder`."""
    name = f"{hashlib.sha256(data).hexdigest()}.{kind}"
    write_whole(folder, name, data)  # the same picture from another address: kept once
    return name


def evict(archive: Archive, cap_bytes: int) -> int:
    """Keep the pictures within `cap_bytes`, dropping the least recently viewed first.
    Returns how many files were removed."""
    gone = archive.evict_pictures(cap_bytes)
    for name in gone:
        (archive.media_folder / name).unlink(missing_ok=True)
    return len(gone)


def fetch_pictures(
    archive: Archive,
    get: Callable[[str], tuple[bytes, Validators]],
    urls: Sequence[str],
    budget_bytes: int,
    progress: Callable[[KeepReport], None] = lambda report: None,
) -> KeepReport:
    """Fetch the pictures at `urls` not kept yet, newest post's first, within the budget.

    `get(url)` returns (body, validators) or raises our FetchError. Up to CONNECTIONS
    downloads are in flight at once (as a backfill's pages are); each answer is checked
    and stored here, in order, on the caller's thread (the archive's connection)."""
    report = KeepReport()
    known = archive.pictures_for(urls)
    todo: list[str] = []
    for url in dict.fromkeys(urls):
        if url in known and (archive.media_folder / known[url].file).exists():
            report.already_here += 1
        elif not can_open(url) or url.lower().startswith("mailto:"):
            report.refused += 1
        else:
            todo.append(url)
    report.wanted = len(todo)
    progress(report)
    waiting = iter(todo)
    pool = ThreadPoolExecutor(CONNECTIONS)
    in_flight: deque[tuple[str, Future[tuple[bytes, Validators]]]] = deque()

    def fill() -> None:
        while len(in_flight) < CONNECTIONS and report.bytes < budget_bytes:
            url = next(waiting, None)
            if url is None:
                return
            in_flight.append((url, pool.submit(get, url)))

    try:
        fill()
        while in_flight:
            url, answer = in_flight.popleft()
            try:
                data, validators = answer.result()
                kind, width, height = check_picture(data)
                name = save_picture(archive.media_folder, data, kind)
            except EyeError as problem:
                if isinstance(problem, Cancelled):
                    raise
                report.refuse(url, str(problem))
            else:
                picture = StoredPicture(url, name, len(data), width, height)
                archive.store_picture(picture, validators)
                report.fetched += 1
                report.bytes += len(data)
            progress(report)
            fill()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    report.over_budget = sum(1 for _ in waiting)
    return report
