"""Storing posts and listing them: the SQL for the post list and the reading pane."""

import sqlite3
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from eye_tui.archive.connection import count
from eye_tui.archive.identity import feed_over_rest, stored_row, words_changed
from eye_tui.archive.packing import pack_html, packed_in_turn, unpack_html
from eye_tui.errors import UsageError
from eye_tui.links import address_variants
from eye_tui.matching import literal_parts
from eye_tui.model import Post, PostFilter, PostSummary, StoredPost
from eye_tui.text import html_to_plain

TAG_SEPARATOR = "\x1f"
_INDEX_BATCH = 500  # posts whose text waits for the search index, at most
SUMMARY_COLUMNS = (
    "p.key, p.id, p.title, p.link, p.published, p.tag_names, p.read, p.starred, "
    "p.comment_count, p.author, p.section_names"
)


@dataclass(frozen=True, slots=True)
class StoreCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


def store_posts(connection: sqlite3.Connection, posts: Sequence[Post], seen_at: int) -> StoreCounts:
    """Insert new posts and update edited ones; the caller holds the transaction."""
    new = updated = unchanged = 0
    # The search index learns posts a few hundred at a time: FTS5 writes out what it
    # holds at every statement that has triggers (each post's tags and month), so
    # indexing post by post wrote a thousand tiny segments per page (a third of storing).
    to_index: dict[int, tuple[int, str, str]] = {}
    # Bodies are compressed ahead, on another thread, while this one stores.
    with closing(packed_in_turn([post.html for post in posts])) as bodies:
        for fetched, packed in zip(posts, bodies, strict=True):
            if len(to_index) >= _INDEX_BATCH:
                _index(connection, to_index)
            post = fetched
            row = stored_row(connection, post)
            if row is not None and row[4] and not post.from_rest:
                post = feed_over_rest(connection, row[0], post)
                if post.html is not fetched.html:
                    packed = pack_html(post.html)  # the API's whole text, kept
            fingerprint = _fingerprint(post)
            if row is None:
                _insert(connection, post, packed, fingerprint, seen_at, to_index)
                new += 1
            elif row[1] != fingerprint:
                # Only new words make an edit: the API naming a post's sections or author
                # (a site's feed giving way to its API) is news to the archive, not to you.
                edited = words_changed(connection, row[0], post)
                _update(connection, row, post, packed, fingerprint, to_index)
                updated += edited
                unchanged += not edited
            else:
                # Comment counts change all the time; keep them current without calling
                # the post "updated" (that would make every refresh walk further back).
                connection.execute(
                    "UPDATE posts SET comment_count = ?, comments_url = ? WHERE key = ? "
                    "AND (comment_count != ? OR comments_url != ?)",
                    (
                        post.comment_count,
                        post.comments_url,
                        row[0],
                        post.comment_count,
                        post.comments_url,
                    ),
                )
                unchanged += 1
    _index(connection, to_index)
    return StoreCounts(new, updated, unchanged)


def _index(connection: sqlite3.Connection, to_index: dict[int, tuple[int, str, str]]) -> None:
    connection.executemany(
        "INSERT INTO post_search (rowid, title, body) VALUES (?, ?, ?)", to_index.values()
    )
    to_index.clear()


def _fingerprint(post: Post) -> str:
    parts = [
        post.title,
        post.link,
        post.author,
        post.html,
        TAG_SEPARATOR.join(t.name for t in post.tags),
        TAG_SEPARATOR.join(t.name for t in post.categories),
        post.updated.isoformat() if post.updated else "",
    ]
    if not post.date_is_guess:  # a guessed date moves every fetch; it is not an edit
        parts.append(post.published.isoformat())
    import hashlib  # here: opening the reader never needs it

    return hashlib.blake2b(
        "\x00".join(parts).encode("utf-8", "replace"), digest_size=16
    ).hexdigest()


def _insert(
    connection: sqlite3.Connection,
    post: Post,
    packed: bytes,
    fingerprint: str,
    seen_at: int,
    to_index: dict[int, tuple[int, str, str]],
) -> None:
    published = _epoch(post.published)
    cursor = connection.execute(
        "INSERT INTO posts (id, link, title, author, published, updated, date_is_guess, month,"
        " html, excerpt, comments_url, comment_count, tag_names, fingerprint, first_seen,"
        " wp_id, section_names, comments_open, is_summary, from_rest)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            post.id,
            post.link,
            post.title,
            post.author,
            published,
            _epoch(post.updated) if post.updated else None,
            int(post.date_is_guess),
            _month(published),
            packed,
            post.excerpt,
            post.comments_url,
            post.comment_count,
            TAG_SEPARATOR.join(t.name for t in post.tags),
            fingerprint,
            seen_at,
            *_rest_columns(post),
        ),
    )
    key = cursor.lastrowid
    assert key is not None
    to_index[key] = (key, post.title, html_to_plain(post.html))
    _link_tags(connection, key, published, post)


def _update(
    connection: sqlite3.Connection,
    row: tuple[int, str, int, int, int],
    post: Post,
    packed: bytes,
    fingerprint: str,
    to_index: dict[int, tuple[int, str, str]],
) -> None:
    key, _, old_published, old_guess, _ = row
    # A post whose date we had to guess keeps its first guess, so it does not jump about.
    published = old_published if (post.date_is_guess and old_guess) else _epoch(post.published)
    # The search index must be told exactly what it indexed before, to forget it (unless
    # this document brought the post already, and the index has not learnt it yet).
    if to_index.pop(key, None) is None:
        connection.execute(
            "INSERT INTO post_search (post_search, rowid, title, body) "
            "SELECT 'delete', key, title, html_text(html) FROM posts WHERE key = ?",
            (key,),
        )
    connection.execute(
        "UPDATE posts SET link = ?, title = ?, author = ?, published = ?, updated = ?,"
        " date_is_guess = ?, month = ?, html = ?, excerpt = ?, comments_url = ?,"
        " comment_count = ?, tag_names = ?, fingerprint = ?, wp_id = coalesce(?, wp_id),"
        " section_names = ?, comments_open = ?, is_summary = ?, from_rest = ? WHERE key = ?",
        (
            post.link,
            post.title,
            post.author,
            published,
            _epoch(post.updated) if post.updated else None,
            int(post.date_is_guess and bool(old_guess)),
            _month(published),
            packed,
            post.excerpt,
            post.comments_url,
            post.comment_count,
            TAG_SEPARATOR.join(t.name for t in post.tags),
            fingerprint,
            *_rest_columns(post),
            key,
        ),
    )
    to_index[key] = (key, post.title, html_to_plain(post.html))
    connection.execute("DELETE FROM post_tags WHERE post = ?", (key,))
    _link_tags(connection, key, published, post)


def summaries(connection: sqlite3.Connection, limit: int) -> list[tuple[int, str]]:
    rows = connection.execute(
        "SELECT key, link FROM posts WHERE is_summary = 1 AND link LIKE 'http%' "
        "ORDER BY published DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [(key, link) for key, link in rows]


def fill_summary(connection: sqlite3.Connection, key: int, html: str) -> None:
    connection.execute(
        "INSERT INTO post_search (post_search, rowid, title, body) "
        "SELECT 'delete', key, title, html_text(html) FROM posts WHERE key = ?",
        (key,),
    )
    connection.execute(
        "UPDATE posts SET html = ?, is_summary = 0 WHERE key = ?", (pack_html(html), key)
    )
    title = connection.execute("SELECT title FROM posts WHERE key = ?", (key,)).fetchone()[0]
    _index_for_search(connection, key, title, html)


def _rest_columns(post: Post) -> tuple[object, ...]:
    return (
        post.wp_id,
        TAG_SEPARATOR.join(t.name for t in post.categories),
        None if post.comments_open is None else int(post.comments_open),
        int(post.is_summary),
        int(post.from_rest),
    )


def _index_for_search(connection: sqlite3.Connection, key: int, title: str, html: str) -> None:
    connection.execute(
        "INSERT INTO post_search (rowid, title, body) VALUES (?, ?, ?)",
        (key, title, html_to_plain(html)),
    )


def _link_tags(connection: sqlite3.Connection, key: int, published: int, post: Post) -> None:
    terms = [("category", t) for t in post.categories] + [("tag", t) for t in post.tags]
    rows = [(_term_id(connection, kind, tag.slug, tag.name), published, key) for kind, tag in terms]
    connection.executemany(
        "INSERT OR IGNORE INTO post_tags (tag, published, post) VALUES (?, ?, ?)", rows
    )


def _term_id(connection: sqlite3.Connection, kind: str, slug: str, name: str) -> int:
    """The id of a tag or section, made on first use: one query when it exists."""
    row = connection.execute(
        "SELECT tag FROM tags WHERE kind = ? AND slug = ?", (kind, slug)
    ).fetchone()
    if row is not None:
        return int(row[0])
    cursor = connection.execute(
        "INSERT INTO tags (kind, slug, name) VALUES (?, ?, ?)", (kind, slug, name)
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


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
        conditions.append("instr(lower(p.title || ' ' || html_text(p.html)), ?) > 0")
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
        raise UsageError(f"not a month: {month!r} (use YYYY-MM, e.g. 2015-03)")
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
        f"{SUMMARY_COLUMNS}, p.html, p.excerpt, p.updated, p.comments_url, p.date_is_guess,"
        " p.wp_id, p.comments_open, p.is_summary"
    )
    row = None
    if isinstance(key_or_id, int) or str(key_or_id).isdigit():
        row = connection.execute(
            f"SELECT {columns} FROM posts p WHERE p.key = ?", (int(key_or_id),)
        ).fetchone()
    if row is None:
        row = connection.execute(
            f"SELECT {columns} FROM posts p WHERE p.id = ?", (str(key_or_id),)
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


def _epoch(when: datetime) -> int:
    return int(when.timestamp())


def _month(epoch: int) -> str:
    when = stored_time(epoch)
    return f"{when.year:04d}-{when.month:02d}"  # strftime writes year 1 as "1"


def stored_time(epoch: object) -> datetime:
    """A time read back from the archive. A value no calendar holds (a damaged or
    hand-edited file) reads as 1 January 1970 rather than stopping the reader."""
    try:
        return datetime.fromtimestamp(int(epoch), UTC)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError, OSError):
        return datetime.fromtimestamp(0, UTC)


def status_counts(connection: sqlite3.Connection) -> tuple[int, int, int]:
    """(posts, unread, starred), each straight off an index."""
    return (
        count(connection, "SELECT count(*) FROM posts"),
        count(connection, "SELECT count(*) FROM posts WHERE read = 0"),
        count(connection, "SELECT count(*) FROM posts WHERE starred = 1"),
    )


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
