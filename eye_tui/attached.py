"""Files a feed attaches to a post: RSS's <enclosure>, Atom's link rel="enclosure".

A podcast's episode or a parish council's minutes may be only there, not in the body.
WordPress attaches the audio and video files a post links, so on its feeds the body
already has them. A file the body does not link is added after the body, as an audio or
video player or a link to the file. Then it shows, numbers, opens and saves as the
body's own links do.
"""

from html import escape
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from eye_tui.text import clean_label, human_size

MAX_FILES = 20  # more than this on one post is a listing, not news
_MAX_LINK = 2000


def attached_html(enclosures: object, body: str) -> str:
    """HTML for the attached files `body` does not link already; "" when there are none."""
    if not isinstance(enclosures, list):
        return ""
    parts: list[str] = []
    seen: set[str] = set()
    for enclosure in enclosures[:MAX_FILES]:
        if not isinstance(enclosure, dict):
            continue
        given = enclosure.get("href")
        url = clean_label(given if isinstance(given, str) else None, _MAX_LINK)
        # Only a web address is a file to fetch; "javascript:" and the like are dropped.
        if not url.lower().startswith(("http://", "https://")) or url in seen:
            continue
        seen.add(url)
        if url in body or escape(url) in body:
            continue
        parts.append(_file_html(url, str(enclosure.get("type") or ""), _size(enclosure)))
    return "".join(parts)


def _file_html(url: str, kind: str, size: str) -> str:
    name = _file_name(url)
    href = escape(url)
    if kind.startswith(("audio/", "video/")):
        # The renderer draws these as it draws the body's own: "▶ Audio: name (host)".
        tag = kind.split("/")[0]
        title = f"{name} · {size}" if size else name
        return f'<{tag} src="{href}" title="{escape(title)}"></{tag}>'
    about = ", ".join(part for part in (_extension(name), size) if part)
    return f'<p>Attached: <a href="{href}">{escape(name)}</a>{f" ({about})" if about else ""}</p>'


def _file_name(url: str) -> str:
    """The file's own name, as a person would say it ("ep 12.mp3"), else its host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    name = clean_label(unquote(PurePosixPath(parts.path).name), 200)
    return name or parts.hostname or url


def _extension(name: str) -> str:
    suffix = PurePosixPath(name).suffix[1:]
    return suffix.upper() if 0 < len(suffix) <= 5 and suffix.isalnum() else ""


def _size(enclosure: dict[object, object]) -> str:
    """The size the feed declares, when it is a plausible one ("0" and junk are common)."""
    length = enclosure.get("length")
    if not isinstance(length, str) or not length.isdecimal() or len(length) > 13:
        return ""
    return human_size(int(length)) if int(length) > 0 else ""
