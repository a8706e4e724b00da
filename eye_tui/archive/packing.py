"""Post bodies are stored compressed: HTML shrinks to about 40%, and reading it back costs
microseconds. (zlib level 1: most of the saving for a third of level 6's time.)"""

import zlib

DAMAGED = "<p><em>[eye-tui: this post's stored text is damaged]</em></p>"


def pack_html(html: str) -> bytes:
    return zlib.compress(html.encode("utf-8", "replace"), 1)


def unpack_html(value: bytes | str | None) -> str:
    """The HTML of a stored body (older archives stored it as plain text)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    try:
        return zlib.decompress(value).decode("utf-8", "replace")
    except zlib.error:
        return DAMAGED
