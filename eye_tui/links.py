"""A post's links: which may be handed to a browser, and what each one leads to.

Only web and mail links are ever opened (never file:, javascript:, data:). The kind of a
link is read from its address alone, except "post": a link to a post this archive holds,
which the reader opens itself, offline.
"""

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath
from urllib.parse import SplitResult, unquote, urlsplit

OPENABLE_SCHEMES = ("http", "https", "mailto")
# A site named in a link's words: "www.barclays.co.uk", "https://paypal.com/login".
_NAMED_HOST = re.compile(r"(?:https?://)?((?:[\w-]+\.)+[a-z]{2,})(?:[/\s:]|$)")

_IMAGES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp", ".avif", ".heic"}
_AUDIO = {".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".wav", ".flac"}
_VIDEO = {".mp4", ".m4v", ".webm", ".ogv", ".mov", ".mkv", ".avi"}
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

_FILE_ENDINGS = {".pdf", *_IMAGES, *_AUDIO, *_VIDEO, *_DOCUMENTS}
_ALSO_SITES = {".zip", ".mov"}  # top-level domains as well as file endings


class LinkKind(StrEnum):
    POST = "post"  # a post of this archive: opens in the reader
    PAGE = "web page"
    PDF = "PDF"
    IMAGE = "image"
    AUDIO = "audio"
    VIDEO = "video"
    DOCUMENT = "document"
    EMAIL = "email"
    BLOCKED = "not opened"  # javascript:, file:, data: and the like


@dataclass(frozen=True, slots=True)
class PostLink:
    """One link of a post, numbered as the reading pane shows it."""

    number: int  # the [n] the post's text shows
    url: str
    kind: LinkKind
    host: str  # "enderbyeye.co.uk", or the mail address's domain; "" if none
    label: str = ""  # the link's own words in the post, if it had any
    post_key: int | None = None  # for LinkKind.POST: the archive's key of that post
    warning: str = ""  # why this link may not go where it seems to; "" if none
    saved_file: str = ""  # a document kept for offline reading: its file; "" if none
    saved_bytes: int = 0


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
        warning = warning_for(url, label)
        described.append(PostLink(number, url, kind, host_of(url), label, post_key, warning))
    return described


def warning_for(url: str, label: str) -> str:
    """Why a link may deceive: letters from another alphabet that look like Latin
    ones in its host, or words naming one site while the link goes to another."""
    target = host_of(url)
    if target.startswith("xn--") or ".xn--" in target:
        raw = _raw_host(url)
        if raw != target:
            return f"the address {raw} is really {target} (letters from another alphabet)"
    named = _NAMED_HOST.search(label.lower())
    if named and target and "." in target and not _names_a_file(named[1], url):
        said = named[1].removeprefix("www.")
        if not (said == target or said.endswith("." + target) or target.endswith("." + said)):
            return f"the text says {said}, but the link goes to {target}"
    return ""


def _names_a_file(said: str, url: str) -> bool:
    """Words like "Minutes-March.pdf" name a file, not a site ending in ".pdf". Two file
    endings are sites' names too (.zip, .mov): a file's only where the address ends in it."""
    ending = "." + said.rpartition(".")[2]
    if ending not in _FILE_ENDINGS:
        return False
    if ending not in _ALSO_SITES:
        return True
    parts = _split(url)
    return parts is not None and unquote(parts.path).lower().endswith("/" + said)


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
    if suffix in _AUDIO:
        return LinkKind.AUDIO
    if suffix in _VIDEO:
        return LinkKind.VIDEO
    if suffix in _DOCUMENTS:
        return LinkKind.DOCUMENT
    return LinkKind.VIDEO if _is_video_page(parts) else LinkKind.PAGE


# A video's own page on the sites WordPress embeds from: (host, path pattern).
_VIDEO_PAGES = (
    ("youtube.com", re.compile(r"/(watch|shorts/|live/|embed/)")),
    ("youtu.be", re.compile(r"/.")),
    ("vimeo.com", re.compile(r"/(video/)?\d+")),
    ("dailymotion.com", re.compile(r"/video/")),
)


def _is_video_page(parts: SplitResult) -> bool:
    host = (parts.hostname or "").lower()
    return any(
        (host == site or host.endswith("." + site)) and path.match(parts.path)
        for site, path in _VIDEO_PAGES
    )


def host_of(url: str) -> str:
    """The host as a browser would resolve it: a name mixing alphabets ("pаypal", with
    a Cyrillic "а") is shown in its punycode form, as browsers show it."""
    return shown_host(_raw_host(url))


def same_site(url: str, other: str) -> bool:
    """Whether two addresses are on one site: one host (with or without "www.") and
    port; http and https alike, as a site moved to https is still the same site."""
    return (site := _site_of(url)) is not None and site == _site_of(other)


def _site_of(url: str) -> tuple[str, int | None] | None:
    parts = _split(url)
    try:
        host, port = (parts.hostname, parts.port) if parts is not None else (None, None)
    except ValueError:  # a port out of range
        return None
    return (host.removeprefix("www."), port) if host else None


def _raw_host(url: str) -> str:
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


def shown_host(host: str) -> str:
    if host.isascii() or not _deceptive(host):
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host.encode("ascii", "backslashreplace").decode("ascii")


def shown_url(url: str) -> str:
    """`url` with its host as shown_host gives it (for lists of links)."""
    raw = _raw_host(url)
    shown = shown_host(raw)
    return url.replace(raw, shown, 1) if raw and shown != raw else url


def _deceptive(host: str) -> bool:
    """A label mixing alphabets, or one in a Latin-lookalike alphabet (Cyrillic, Greek)
    under an ASCII top-level domain: the cases browsers show as punycode."""
    labels = host.split(".")
    ascii_tld = labels[-1].isascii()
    for label in labels:
        scripts = {_script(ch) for ch in label if ch.isalpha()}
        if len(scripts) > 1 or (ascii_tld and scripts & {"CYRILLIC", "GREEK"}):
            return True
    return False


def _script(ch: str) -> str:
    script = unicodedata.name(ch, "UNKNOWN").split(" ")[0]
    # Japanese and Korean names mix these by nature, as browsers allow.
    return "CJK" if script in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL") else script


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
