"""Pictures for the tests' site, drawn here with Pillow: no file is copied from anywhere."""

import io
from dataclasses import replace
from pathlib import Path

from PIL import Image, ImageDraw

from eye_tui.archive import Archive
from eye_tui.config import Settings
from eye_tui.paths import archive_path
from eye_tui.sync import Sync
from tests.site import WordPressSite, make_posts

UPLOADS = "/wp-content/uploads/2024/06"


def picture(width: int = 120, height: int = 80, kind: str = "PNG", colour: str = "red") -> bytes:
    """A picture with a band of colour across a white field, so scaling shows."""
    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).rectangle((0, height // 3, width, 2 * height // 3), fill=colour)
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


def claimed_size_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height` pixels (a decompression bomb's
    opening move): the checksum is right, so only the pixel count gives it away."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 16))
        + chunk(b"IEND", b"")
    )


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'


def site_with_pictures() -> WordPressSite:
    """Two posts whose pictures are every kind a site sends: good ones, one twice, a
    smiley, a tracking pixel, an SVG, a web page and a bomb posing as pictures."""
    posts = make_posts(2)
    posts[0].html = (
        f'<figure class="wp-block-image"><img src="{UPLOADS}/fete.png" alt=""><figcaption>'
        "The fete</figcaption></figure>"
        f'<p>Fun <img class="wp-smiley" src="{UPLOADS}/smile.png" alt=":)"> had.</p>'
        f'<img src="{UPLOADS}/pixel.gif" width="1" height="1">'
        f'<img src="{UPLOADS}/map.svg" alt="Map"><img src="{UPLOADS}/notes.png" alt="Notes">'
        f'<img src="{UPLOADS}/bomb.png" alt="Bomb"><img src="{UPLOADS}/band.jpg" alt="Band">'
    )
    posts[1].html = f'<p>Again:</p><img src="{UPLOADS}/fete.png" alt="The fete, again">'
    site = WordPressSite(posts)
    site.files = {
        f"{UPLOADS}/fete.png": (picture(), "image/png"),
        f"{UPLOADS}/smile.png": (picture(16, 16), "image/png"),
        f"{UPLOADS}/pixel.gif": (picture(1, 1, "GIF"), "image/gif"),
        f"{UPLOADS}/map.svg": (SVG, "image/svg+xml"),
        f"{UPLOADS}/notes.png": (b"<html>Not an image</html>", "image/png"),
        f"{UPLOADS}/bomb.png": (claimed_size_png(100_000, 100_000), "image/png"),
        f"{UPLOADS}/band.jpg": (picture(90, 60, "JPEG", "blue"), "image/jpeg"),
    }
    return site


def kept_archive(data_dir: Path) -> Settings:
    """An archive whose newest post has two pictures kept."""
    with site_with_pictures() as site:
        settings = Settings(feed_url=site.url, data_dir=data_dir)
        with Archive(archive_path(data_dir)) as archive:
            sync = Sync(archive, settings)
            sync.refresh()
            sync.fetch_pictures([archive.list_posts(limit=1)[0].key])
    return replace(settings, offline=True)
