"""Reading posts back: the SQL for the post list and the reading pane (storing.py writes)."""

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from eye_tui.archive.packing import unpack_html
from eye_tui.errors import UsageError
from eye_tui.links import address_variants
from eye_tui.matching import literal_parts
from eye_tui.model import PostFilter, PostSummary, StoredPost

TAG_SEPARATOR = "\x1f"
SUMMARY_COLUMNS = (
    "p.key, p.id, p.title, p.link, p.published, p.tag_names, p.read, p.starred, "
    "p.comment_count, p.author, p.section_names"
)


# ---- reading -------------------------------------------------------------------------


def filter_clause(
    post_filter: PostFilter, tag_ids: Sequence[int], row: str = "p.published, p.key"
) -> tuple[str, list[object]]:
    """WHERE conditions for everything but the search words (listing.py adds those).

    `row` names the (published, key) of the row being tested: a tag-driven query passes
    its post_tags columns, so tag checks need no join to posts.
    """
    published, key = (part.strip() for part in row.split(","))
    conditions: list[str] = []
    params: list[object] = []
    for tag in tag_ids:
        conditions.append(
            f"EXISTS (SELECT 1 FROM post_tags pt WHERE pt.tag = ? AND pt.published = {published}"
            f" AND pt.post = {key})"
        )
        params.append(tag)
    if post_filter.month:
        month = post_filter.month
        if len(month) == 4:
            conditions.append("p.month BETWEEN ? AND ?")
            params += [f"{month}-01", f"{month}-12"]
        else:
            conditions.append("p.month = ?")
            params.append(month)
    if post_filter.unread:
        conditions.append("p.read = 0")
    if post_filter.starred:
        conditions.append("p.starred = 1")
    for literal in literal_parts(post_filter.query):
        # Typed punctuation ("50%", "(((") is searched as text: the index holds words.
        conditions.append(
            "instr(lower(p.title || ' ' || "
            "html_text((SELECT html FROM bodies b WHERE b.key = p.key))), ?) > 0"
        )
        params.append(literal)
    return " AND ".join(conditions) or "1", params


def needs_post_columns(post_filter: PostFilter) -> bool:
    """True when the filter tests columns of posts itself (not only tags)."""
    return bool(
        post_filter.month
        or post_filter.unread
        or post_filter.starred
        or literal_parts(post_filter.query)
    )


def check_month(month: str) -> str:
    """Accept 'YYYY' or 'YYYY-MM' (month 01-12); anything else is a usage error."""
    valid = (
        len(month) in (4, 7)
        and month[:4].isdigit()
        and (
            len(month) == 4
            or (month[4] == "-" and month[5:].isdigit() and 1 <= int(month[5:]) <= 12)
        )
    )
    if not valid:
        raise UsageError(
            f"not a month: {month!r} (use YYYY-MM, e.g. 2015-03, or YYYY for a whole year)"
        )
    return month


def summary_from_row(row: Sequence[Any]) -> PostSummary:
    key, post_id, title, link, published, tag_names, read, starred, comments, author = row[:10]
    sections = row[10]
    return PostSummary(
        key=key,
        id=post_id,
        title=title,
        link=link,
        published=stored_time(published),
        tags=tuple(tag_names.split(TAG_SEPARATOR)) if tag_names else (),
        read=bool(read),
        starred=bool(starred),
        comment_count=comments,
        author=author,
        categories=tuple(sections.split(TAG_SEPARATOR)) if sections else (),
    )


def get_post(connection: sqlite3.Connection, key_or_id: str | int) -> StoredPost | None:
    columns = (
        f"{SUMMARY_COLUMNS}, b.html, p.excerpt, p.updated, p.comments_url, p.date_is_guess,"
        " p.wp_id, p.comments_open, p.is_summary"
    )
    row = None
    if isinstance(key_or_id, int) or str(key_or_id).isdigit():
        row = connection.execute(
            f"SELECT {columns} FROM posts p JOIN bodies b USING (key) WHERE p.key = ?",
            (int(key_or_id),),
        ).fetchone()
    if row is None:
        row = connection.execute(
            f"SELECT {columns} FROM posts p JOIN bodies b USING (key) WHERE p.id = ?",
            (str(key_or_id),),
        ).fetchone()
    if row is None:
        return None
    html, excerpt, updated, comments_url, guess, wp_id, comments_open, is_summary = row[11:]
    return StoredPost(
        summary=summary_from_row(row),
        html=unpack_html(html),
        excerpt=excerpt,
        updated=stored_time(updated) if updated else None,
        comments_url=comments_url,
        date_is_guess=bool(guess),
        wp_id=wp_id,
        comments_open=None if comments_open is None else bool(comments_open),
        is_summary=bool(is_summary),
    )


def stored_time(epoch: object) -> datetime:
    """A time read back from the archive. A value no calendar holds (a damaged or
    hand-edited file) reads as 1 January 1970 rather than stopping the reader."""
    try:
        return datetime.fromtimestamp(int(epoch), UTC)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError, OSError):
        return datetime.fromtimestamp(0, UTC)


def set_flag(
    connection: sqlite3.Connection, post_key: int, flag: Literal["read", "starred"], on: bool
) -> None:
    column = {"read": "read", "starred": "starred"}[flag]  # never a caller's text in SQL
    connection.execute(f"UPDATE posts SET {column} = ? WHERE key = ?", (int(on), post_key))


def set_read_many(connection: sqlite3.Connection, keys: Sequence[int], read: bool) -> None:
    connection.executemany(
        "UPDATE posts SET read = ? WHERE key = ?", [(int(read), k) for k in keys]
    )


def key_for_link(connection: sqlite3.Connection, url: str) -> int | None:
    """The post a link leads to: by its address, or by its WordPress short link
    ("?p=123", which the feed gives as the post's id), in any spelling of either."""
    variants = address_variants(url)
    if not variants:
        return None
    marks = ", ".join("?" * len(variants))
    row = connection.execute(
        f"SELECT key FROM posts WHERE link IN ({marks}) "
        f"UNION ALL SELECT key FROM posts WHERE id IN ({marks}) LIMIT 1",
        [*variants, *variants],
    ).fetchone()
    return int(row[0]) if row else None
