"""RSS 2.0 as WordPress writes it, read straight by expat (the standard library's parser).

feedparser reads any feed, but spends most of a refresh doing it: of a 1,000-post page,
0.8 s of 1.1 s, a Python call for every tag and every run of text. WordPress's own feed is
regular, so this reads it about twenty times faster into entries shaped like feedparser's
(the same keys, values and fix-ups), and `feed.py` makes posts of either the same way.

It reads only what it knows feedparser reads the same way. Another format or encoding,
a DOCTYPE, xml:base, an element it has not met inside a post, a field given twice, a date
not in WordPress's form, or XML that is not well formed: it declines (None), and
feedparser reads the document as before. tests/test_wordpress_rss.py holds it to that,
comparing the two on every kind of feed the tests know.
"""

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from xml.parsers import expat

CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
WFW = "http://wellformedweb.org/CommentAPI/"
SLASH = "http://purl.org/rss/1.0/modules/slash/"
ATOM = "http://www.w3.org/2005/Atom"
SY = "http://purl.org/rss/1.0/modules/syndication/"

# A post's fields, by expat's "namespace name" form, and the entry key each fills.
_POST_TEXT = {
    "title": "title",
    "link": "link",
    "guid": "id",
    "pubDate": "published",
    "description": "summary",
    f"{CONTENT} encoded": "content",
    f"{DC} creator": "author",
    f"{WFW} commentRss": "wfw_commentrss",
    f"{SLASH} comments": "slash_comments",
}
# Met in WordPress's posts and read by neither reader into anything a post uses.
_POST_IGNORED = {"comments", "com-wordpress:feed-additions:1 post-id"}
# An attached file's attributes, as WordPress writes them.
_ENCLOSURE = {"url", "length", "type"}
# The channel's own children: its title and link are read; the rest is known and unused.
_CHANNEL_KNOWN = {
    "title",
    "link",
    "description",
    "language",
    "lastBuildDate",
    "pubDate",
    "generator",
    "image",
    "copyright",
    "ttl",
    "docs",
    f"{ATOM} link",
    f"{SY} updatePeriod",
    f"{SY} updateFrequency",
    "com-wordpress:feed-additions:1 site",
}
# feedparser's fix-ups, applied to every text as it does (its `pop`).
_URI_FIXER = re.compile("^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")
_AMPERSAND_NAME = re.compile("&([A-Za-z0-9_]+);")
_C1 = re.compile("[\x80-\x9f]")
_UNDEFINED_IN_CP1252 = b"\x81\x8d\x8f\x90\x9d"
_CP1252 = {
    c: bytes([c]).decode("cp1252") for c in range(0x80, 0xA0) if c not in _UNDEFINED_IN_CP1252
}
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}
# WordPress's date: "Thu, 22 Oct 2015 10:14:00 +0000". Other forms go to feedparser.
_DATE = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d\d) (\w\w\w) (\d{4}) (\d\d):(\d\d):(\d\d) "
    r"(?:([+-])(\d\d)(\d\d)|GMT)\Z",
    re.ASCII,
)
_DECLARED = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")


class Declined(Exception):
    """Not a document this reader knows exactly: feedparser reads it instead."""


# How much of a document expat reads before the entries so far are handed on.
PART = 1 << 18


@dataclass
class WordPressFeed:
    title: str = ""
    link: str = ""
    entries: list[dict[str, Any]] = field(default_factory=list)


def read(data: bytes, content_type: str = "") -> WordPressFeed | None:
    """The feed's channel and entries, or None where feedparser must read it."""
    feed = WordPressFeed()
    entries: list[dict[str, Any]] = []
    try:
        for part in read_in_parts(data, content_type, feed):
            entries += part
    except Declined:
        return None
    feed.entries = entries
    return feed


def read_in_parts(
    data: bytes, content_type: str, channel: WordPressFeed
) -> Iterator[list[dict[str, Any]]]:
    """The entries as expat reaches them, a part of the document at a time, so posts can
    be stored while the rest is read. `channel` learns the title and link as they come.
    Raises Declined (perhaps after some parts) where `read` would give None."""
    if not _is_utf8(data, content_type) or b"<!DOCTYPE" in data[:4096].upper():
        raise Declined("not UTF-8 RSS without a DOCTYPE")
    reader = _Reader(channel)
    whole = memoryview(data)
    try:
        for start in range(0, len(data), PART):
            reader.parser.Parse(whole[start : start + PART], False)
            if channel.entries:
                yield reader.take_entries()
        reader.parser.Parse(b"", True)
    except (expat.ExpatError, ValueError) as error:
        raise Declined(str(error)) from None
    if not reader.finished:
        raise Declined("the document ended early")
    yield reader.take_entries()


def _is_utf8(data: bytes, content_type: str) -> bool:
    """UTF-8 by the document's declaration and by the server's word, if either speaks, and
    by its first bytes (expat would read UTF-16 with no byte-order mark; feedparser not)."""
    if b"\x00" in data[:256] or not data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<"):
        return False
    charset = ""
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower()
    declared = _DECLARED.match(data[:200])
    named = declared.group(1).decode().lower() if declared else ""
    return charset in ("", "utf-8", "utf8") and named in ("", "utf-8", "utf8")


_XML_BASE = "http://www.w3.org/XML/1998/namespace base"


class _Reader:
    """expat's callbacks: a small state machine over rss > channel > item > field."""

    def __init__(self, feed: WordPressFeed) -> None:
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.buffer_text = True
        self.parser.buffer_size = 1 << 16
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.feed = feed
        self.finished = False
        self._path: list[str] = []
        self._text_parts: list[str] | None = None
        self._entry: dict[str, Any] | None = None
        self._attributes: dict[str, str] = {}
        self._channel_seen: set[str] = set()

    def take_entries(self) -> list[dict[str, Any]]:
        entries, self.feed.entries = self.feed.entries, []
        return entries

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        if attributes and any(key.startswith(_XML_BASE) for key in attributes):
            raise Declined("xml:base")
        depth = len(self._path)
        self._path.append(name)
        if depth == 0:
            if name != "rss" or attributes.get("version") != "2.0":
                raise Declined("not RSS 2.0")
        elif depth == 1:
            if name != "channel":
                raise Declined("not a channel")
        elif depth == 2:
            self._start_in_channel(name)
        elif self._entry is not None:
            self._start_in_post(depth, name, attributes)
        # Deeper inside the channel's image or the like: read by neither.

    def _start_in_channel(self, name: str) -> None:
        if name == "item":
            self._entry = {}
        elif name not in _CHANNEL_KNOWN:
            raise Declined(name)
        elif name in ("title", "link"):
            if name in self._channel_seen:
                raise Declined(f"channel {name} twice")
            self._channel_seen.add(name)
            self._text_parts = []

    def _start_in_post(self, depth: int, name: str, attributes: dict[str, str]) -> None:
        if depth > 3:
            raise Declined("markup inside a post's field")
        assert self._entry is not None
        if name == "category":
            if attributes.keys() - {"domain"}:
                raise Declined("category with attributes")
        elif name in _POST_TEXT:
            if _POST_TEXT[name] in self._entry or (attributes and name != "guid"):
                raise Declined(f"{name} twice, or with attributes")
        elif name == "enclosure":
            if "url" not in attributes or attributes.keys() - _ENCLOSURE:
                raise Declined("enclosure with other attributes")
        elif name not in _POST_IGNORED:
            raise Declined(name)
        self._attributes = attributes
        self._text_parts = []

    def _text(self, text: str) -> None:
        if self._text_parts is not None:
            self._text_parts.append(text)

    def _end(self, name: str) -> None:
        depth = len(self._path) - 1
        self._path.pop()
        parts, self._text_parts = self._text_parts, None
        if depth == 0:
            self.finished = True
        elif depth == 2 and name == "item":
            assert self._entry is not None
            self.feed.entries.append(_finished(self._entry))
            self._entry = None
        elif depth == 2 and parts is not None:
            text = _fixed("".join(parts).strip())
            if name == "title":
                self.feed.title = text
            else:
                self.feed.link = _AMPERSAND_NAME.sub(r"&\g<1>", text)
        elif depth == 3 and self._entry is not None and parts is not None:
            self._end_field(self._entry, name, _fixed("".join(parts).strip()))

    def _end_field(self, entry: dict[str, Any], name: str, text: str) -> None:
        key = _POST_TEXT.get(name)
        if name == "category":
            if text:
                tags = entry.setdefault("tags", [])
                tag = {"term": text, "scheme": None, "label": None}
                if tag not in tags:
                    tags.append(tag)
        elif name == "enclosure":
            # feedparser's shape: the attributes, the address named href.
            attached = {("href" if k == "url" else k): v for k, v in self._attributes.items()}
            entry.setdefault("enclosures", []).append(attached)
        elif key == "id":
            permalink = _lowered(self._attributes).get("ispermalink", "true") == "true"
            entry["id"] = _uri(text) if permalink else text
            entry["_guid_is_link"] = permalink
        elif key == "link":
            entry["link"] = _AMPERSAND_NAME.sub(r"&\g<1>", _uri(text).replace("&amp;", "&"))
        elif key == "wfw_commentrss":
            entry[key] = _uri(text)
        elif key == "published":
            entry["published"] = text
            entry["published_parsed"] = _wordpress_date(text)
        elif key == "content":
            entry["content"] = [{"value": text, "type": "text/html", "base": ""}]
        elif key == "summary":
            entry["summary"] = text
            entry["summary_detail"] = {"value": text, "type": "text/html", "base": ""}
        elif key is not None:
            entry[key] = text


def _finished(entry: dict[str, Any]) -> dict[str, Any]:
    """What feedparser adds once an item is read: its guid as link, its content as summary."""
    if entry.pop("_guid_is_link", False) and "link" not in entry:
        entry["link"] = entry["id"]
    if "summary" not in entry and "content" in entry:
        entry["summary"] = entry["content"][0]["value"]
    return entry


def _lowered(attributes: dict[str, str]) -> dict[str, str]:
    return {key.lower(): value for key, value in attributes.items()}


def _fixed(text: str) -> str:
    """feedparser's fix-ups of every text: UTF-8 read as Latin-1 and re-encoded is put
    back, and C1 controls are taken as the Windows-1252 characters they were meant as."""
    if text.isascii():
        return text
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        text = text.encode("iso-8859-1").decode("utf-8")
    return text.translate(_CP1252) if _C1.search(text) else text


def _uri(text: str) -> str:
    """feedparser's tidying of an address with no base: extra slashes after the scheme go."""
    return _URI_FIXER.sub(r"\1\3", text)


def _wordpress_date(text: str) -> tuple[int, ...]:
    """A UTC time tuple, as feedparser's published_parsed; another form declines."""
    found = _DATE.match(text)
    month = _MONTHS.get(found.group(2)) if found else None
    if found is None or month is None:
        raise Declined(f"date {text!r}")
    day, _, year, hour, minute, second, sign, zone_hours, zone_minutes = found.groups()
    if sign and (int(zone_hours) > 23 or int(zone_minutes) > 59):
        raise Declined(f"date {text!r}")
    when = datetime(int(year), month, int(day), int(hour), int(minute), int(second), tzinfo=UTC)
    if sign:
        offset = (int(zone_hours) * 60 + int(zone_minutes)) * 60
        when = datetime.fromtimestamp(when.timestamp() - (offset if sign == "+" else -offset), UTC)
    return tuple(when.timetuple())
