"""A post's links: which may be handed to a browser, and what each one leads to.

Only web and mail links are ever opened (never file:, javascript:, data:). The kind of a
link is read from its address alone, except "post": a link to a post this archive holds,
which the reader opens itself, offline.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath
from urllib.parse import SplitResult, unquote, urlsplit

OPENABLE_SCHEMES = ("http", "https", "mailto")

_IMAGES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp", ".avif", ".heic"}
_DOCUMENTS = {
    ".doc",
    ".docx",
    ".odt",
    ".rtf",
    ".xls",
    ".xlsx",
    ".ods",
    ".csv",
    ".ppt",
    ".pptx",
    ".odp",
    ".txt",
    ".zip",
}


class LinkKind(StrEnum):
    POST = "post"  # a post of this archive: opens in the reader
    PAGE = "web page"
    PDF = "PDF"
    IMAGE = "image"
    DOCUMENT = "document"
    EMAIL = "email"
    BLOCKED = "not opened"  # javascript:, file:, data: and the like


@dataclass(frozen=True, slots=True)
class PostLink:
    number: int  # the [n] the post's text shows
    url: str
    kind: LinkKind
    host: str  # "enderbyeye.co.uk", or the mail address's domain; "" if none
    label: str = ""  # the link's own words in the post, if it had any
    post_key: int | None = None  # for LinkKind.POST: the archive's key of that post


def can_open(url: str) -> bool:
    parts = _split(url)
    return parts is not None and parts.scheme.lower() in OPENABLE_SCHEMES


def splittable(url: str) -> str:
    """`url`, with the brackets that make Python refuse to split it ("http://[x", from a
    hostile feed) escaped: the link stays listed and harmless instead of crashing."""
    return url if _split(url) is not None else url.replace("[", "%5B").replace("]", "%5D")


def _split(url: str) -> SplitResult | None:
    """The parts of an address, or None for one Python cannot split ("http://[x")."""
    try:
        return urlsplit(url.strip())
    except ValueError:
        return None


def describe(
    urls: Sequence[str],
    labels: Sequence[str] = (),
    find_post: Callable[[str], int | None] = lambda url: None,
) -> list[PostLink]:
    """Every link of a post, numbered as in its text, with kind and host.

    `find_post` answers "is this the address of a post the archive holds?"."""
    described = []
    for number, url in enumerate(urls, start=1):
        label = labels[number - 1] if number <= len(labels) else ""
        kind = kind_of(url)
        post_key = find_post(url) if kind is LinkKind.PAGE else None
        if post_key is not None:
            kind = LinkKind.POST
        described.append(PostLink(number, url, kind, host_of(url), label, post_key))
    return described


def kind_of(url: str) -> LinkKind:
    """What a link leads to, judged from its address."""
    parts = _split(url)
    if parts is None:
        return LinkKind.BLOCKED
    scheme = parts.scheme.lower()
    if scheme == "mailto":
        return LinkKind.EMAIL
    if scheme not in OPENABLE_SCHEMES:
        return LinkKind.BLOCKED
    suffix = PurePosixPath(unquote(parts.path)).suffix.lower()
    if suffix == ".pdf":
        return LinkKind.PDF
    if suffix in _IMAGES:
        return LinkKind.IMAGE
    if suffix in _DOCUMENTS:
        return LinkKind.DOCUMENT
    return LinkKind.PAGE


def host_of(url: str) -> str:
    parts = _split(url)
    if parts is None:
        return ""  # a malformed address is listed all the same, with no host
    if parts.scheme.lower() == "mailto":
        return parts.path.rpartition("@")[2].split("?")[0].lower()
    try:
        host = parts.hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def address_variants(url: str) -> list[str]:
    """The spellings one post's address may take in links: http or https, with or
    without "www." and a trailing slash, never the #fragment."""
    parts = _split(url)
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return []
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return [
        f"{scheme}://{www}{host}{path}{slash}{query}"
        for scheme in ("https", "http")
        for www in ("", "www.")
        for slash in ("/", "")
    ]
