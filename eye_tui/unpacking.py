"""Unpacking a compressed HTTP body a chunk at a time, never past the room left under the
download's cap: a 200 KB gzip bomb that would unpack to 200 MB is refused at the cap."""

import zlib
from collections.abc import Callable

from eye_tui.errors import FetchError


def bounded_decoder(encoding: str, host: str) -> Callable[[bytes, int], bytes] | None:
    """A function (chunk, room) -> bytes that never expands past `room` bytes at once;
    None for a body sent as it is. `host` names the site in what goes wrong."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"{host} used an unsupported compression ({encoding[:20]})")
    # 47 = auto-detect zlib or gzip header; deflate as sent by some servers is raw (-15).
    inflaters = [zlib.decompressobj(47)]
    can_retry_raw = encoding == "deflate"

    def decode(chunk: bytes, room: int) -> bytes:
        nonlocal can_retry_raw
        try:
            out = inflaters[-1].decompress(chunk, room)
        except zlib.error:
            if not can_retry_raw:
                raise FetchError(f"{host} sent a corrupt compressed body") from None
            can_retry_raw = False
            inflaters.append(zlib.decompressobj(-15))
            try:
                out = inflaters[-1].decompress(chunk, room)
            except zlib.error:
                raise FetchError(f"{host} sent a corrupt compressed body") from None
        # Output beyond `room` stays inside the inflater as unconsumed input: that there
        # is more is all we need to know to refuse a bomb.
        if inflaters[-1].unconsumed_tail:
            return out + b"\0"
        return out

    return decode
