"""The names in a feed: titles, tags and authors, their HTML entities decoded exactly
once and cleaned to one line. A site's posts share a few hundred tags and a few
authors, so each of those is made once per run (a fifth of reading a post's fields)."""

from collections.abc import Iterable
from functools import lru_cache
from html import unescape
from typing import Any
from xml.parsers import expat

from eye_tui.model import Tag
from eye_tui.text import clean_label, html_title, slugify

MAX_TAG_NAME = 100
MAX_SITE_TITLE = 120
TITLE_WITHIN = 64 * 1024  # bytes: a feed names itself before its posts
MAX_TAGS_PER_POST = 100
# Only short names are remembered, so a hostile feed's huge ones cannot fill memory.
_REMEMBERED = 200
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def name_in(value: object, limit: int) -> str:
    """A title, author or tag name: WordPress escapes names inside CDATA
    ("What&#8217;s On"), which no XML parser decodes."""
    return clean_label(unescape(value) if isinstance(value, str) else None, limit)


def title_of(entry: Any, atom: bool, limit: int) -> str:
    """An entry's title as words. Atom says when a title is HTML (type="html" or "xhtml"):
    its tags go. An RSS title is text, as WordPress writes it, and feedparser's guess that
    one holding "<b>" is HTML is not followed (wordpress_rss.py reads it as text too)."""
    title = entry.get("title")
    detail = entry.get("title_detail") or {}
    if atom and isinstance(title, str) and detail.get("type") in _HTML_TYPES:
        return clean_label(html_title(title), limit)
    return name_in(title, limit)


def site_title(document: bytes) -> str:
    """The feed's own name (RSS's channel title, Atom's feed title), read from its first
    bytes; "" when it has none there, or is not XML a title can be read from."""
    head = document[:TITLE_WITHIN]
    if b"<!ENTITY" in head:
        return ""  # entities a document defines are not expanded for a header
    path: list[str] = []
    found: list[str] = []
    # Where the site's title element is in `path`, once entered, and whether it is HTML
    # (Atom's type="html"; an XHTML one holds elements, whose words are its words).
    title_at: list[int] = []
    html: list[bool] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        path.append(name.rpartition(" ")[2])  # the local name, whatever its namespace
        if not title_at and path[-1] == "title" and path[-2:-1] in (["channel"], ["feed"]):
            title_at.append(len(path))
            html.append(attributes.get("type") == "html")

    def end(_: str) -> None:
        if title_at and len(path) == title_at[0]:
            raise _Named()
        path.pop()

    def text(data: str) -> None:
        if title_at:
            found.append(data)

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(head, False)
    except _Named:
        said = "".join(found)
        return (
            clean_label(html_title(said), MAX_SITE_TITLE)
            if html[0]
            else name_in(said, MAX_SITE_TITLE)
        )
    except (expat.ExpatError, ValueError):
        pass
    return ""


class _Named(Exception):
    """The title is read: the rest of the document is not."""


def tags_of(terms: Iterable[Any]) -> tuple[Tag, ...]:
    tags: dict[str, Tag] = {}
    for term in terms:
        tag = _tag(term.get("label") or term.get("term"))
        if tag is None:
            continue
        tags.setdefault(tag.slug, tag)
        if len(tags) >= MAX_TAGS_PER_POST:
            break
    return tuple(tags.values())


def author_of(entry: Any, inherited: str = "") -> str:
    """Who wrote an entry; else, as Atom has it (RFC 4287 4.2.1), the author of the feed
    it was copied from (its source), else `inherited`: the author the feed names once."""
    given = entry.get("author") or entry.get("dc_creator")
    if not given and isinstance(source := entry.get("source"), dict):
        given = source.get("author")
    if not given:
        return inherited
    if isinstance(given, str) and len(given) <= _REMEMBERED:
        return _remembered_name(given)
    return name_in(given, MAX_TAG_NAME)


def _tag(given: object) -> Tag | None:
    if isinstance(given, str) and len(given) <= _REMEMBERED:
        return _remembered_tag(given)
    return _tag_named(given)


def _tag_named(given: object) -> Tag | None:
    name = name_in(given, MAX_TAG_NAME)
    return Tag(name, slugify(name)) if name else None


@lru_cache(maxsize=4096)
def _remembered_tag(given: str) -> Tag | None:
    return _tag_named(given)


@lru_cache(maxsize=4096)
def _remembered_name(given: str) -> str:
    return name_in(given, MAX_TAG_NAME)
