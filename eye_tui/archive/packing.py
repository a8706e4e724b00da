"""Post bodies are stored compressed: HTML shrinks to about 40%, and reading it back costs
microseconds. (zlib level 1: most of the saving for a third of level 6's time.)"""

import zlib
from collections.abc import Generator, Sequence

from eye_tui.ahead import made_ahead

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


# Compressing is a fifth of storing a big document; zlib lets go of the GIL while it works,
# so a thread can compress the next bodies while this one stores the last.
_LOOKAHEAD = 64
_WORTH_A_THREAD = 50


def packed_in_turn(htmls: Sequence[str]) -> Generator[bytes, None, None]:
    """pack_html of each body, in order; for many bodies, made on another thread ahead."""
    if len(htmls) < _WORTH_A_THREAD:
        yield from map(pack_html, htmls)
    else:
        yield from made_ahead(lambda: map(pack_html, htmls), _LOOKAHEAD, "eye-tui-packing")
