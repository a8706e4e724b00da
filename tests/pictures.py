"""Pictures for the tests' site, drawn here with Pillow: no file is copied from anywhere."""

import io

from PIL import Image, ImageDraw


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
