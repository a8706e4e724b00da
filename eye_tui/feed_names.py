"""The names in a feed: titles, tags and authors, their HTML entities decoded exactly
once and cleaned to one line. A site's posts share a few hundred tags and a few
authors, so each of those is made once per run (a fifth of reading a post's fields)."""

from collections.abc import Iterable
from functools import lru_cache
from html import unescape
from typing import Any

from eye_tui.model import Tag
from eye_tui.text import clean_label, slugify

MAX_TAG_NAME = 100
MAX_TAGS_PER_POST = 100
# Only short names are remembered, so a hostile feed's huge ones cannot fill memory.
_REMEMBERED = 200


def name_in(value: object, limit: int) -> str:
    """A title, author or tag name: WordPress escapes names inside CDATA
    ("What&#8217;s On"), which no XML parser decodes."""
    return clean_label(unescape(value) if isinstance(value, str) else None, limit)


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


def author_of(entry: Any) -> str:
    given = entry.get("author") or entry.get("dc_creator")
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
