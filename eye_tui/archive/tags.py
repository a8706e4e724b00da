"""Tags and months with their post counts, for the sidebar and `eye-tui tags`."""

import sqlite3
from collections.abc import Sequence

from eye_tui.archive.connection import count
from eye_tui.model import SECTION_PREFIX, MonthCount, TagCount
from eye_tui.text import slugify


def tag_counts(connection: sqlite3.Connection) -> list[TagCount]:
    """Every section, then every tag, that has posts, most used first."""
    rows = connection.execute(
        "SELECT name, slug, posts, kind FROM tags WHERE posts > 0 "
        "ORDER BY kind = 'tag', posts DESC, name COLLATE NOCASE"
    ).fetchall()
    return [TagCount(name, slug, posts, kind) for name, slug, posts, kind in rows]


def month_counts(connection: sqlite3.Connection) -> list[MonthCount]:
    """Posts per month, newest month first."""
    rows = connection.execute(
        "SELECT month, posts FROM months WHERE posts > 0 ORDER BY month DESC"
    ).fetchall()
    # A month that is not "YYYY-MM" (written by an older version from a year-1 date, or
    # a damaged file) is left out: stored data must never stop the sidebar.
    return [MonthCount(month, posts) for month, posts in rows if _is_month(month)]


def _is_month(value: object) -> bool:
    return (
        isinstance(value, str)
        and len(value) == 7
        and value[:4].isdigit()
        and value[4] == "-"
        and value[5:].isdigit()
        and 1 <= int(value[5:]) <= 12
    )


def tag_ids_rarest_first(connection: sqlite3.Connection, names: Sequence[str]) -> list[int] | None:
    """Resolve tag names or slugs to ids, rarest first; None if any tag is unknown."""
    found: list[tuple[int, int]] = []
    for name in names:
        # "category:news" is the section; a plain name is a tag, else a section so named.
        kinds = ("category",) if name.startswith(SECTION_PREFIX) else ("tag", "category")
        name = name.removeprefix(SECTION_PREFIX) if kinds == ("category",) else name
        row = None
        for kind in kinds:
            row = (
                row
                or connection.execute(
                    "SELECT posts, tag FROM tags WHERE kind = ? AND "
                    "(slug = ? OR slug = ? OR name = ? COLLATE NOCASE)",
                    (kind, name, slugify(name), name),
                ).fetchone()
            )
        if row is None:
            return None
        found.append((row[0], row[1]))
    return [tag for _, tag in sorted(found)]


def tag_total(connection: sqlite3.Connection) -> int:
    """How many tags have posts."""
    return count(connection, "SELECT count(*) FROM tags WHERE posts > 0")
