"""One post, one identity, whichever way it came: the feed's item and the API's post are
the same stored post, and neither way forgets what the other knew."""

import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from eye_tui.archive.many import all_rows
from eye_tui.archive.packing import unpack_html
from eye_tui.model import Post, Tag, author_words

_CHUNK = 500  # ids in one query (SQLite allows 32,766 variables; a little at a time)


def words_changed(connection: sqlite3.Connection, key: int, post: Post) -> bool:
    title, link, html = connection.execute(
        "SELECT title, link, html FROM posts JOIN bodies USING (key) WHERE key = ?", (key,)
    ).fetchone()
    if title != post.title or link != post.link:
        return True
    return author_words(unpack_html(html)) != author_words(post.html)


# A stored post as storing reads it: what decides new, edited or unchanged.
_ROW = "key, fingerprint, published, date_is_guess, from_rest, comment_count, comments_url"


def stored_row(connection: sqlite3.Connection, post: Post) -> Any:
    """The stored post this one is: by id, else by WordPress's number for it and its
    address, should the feed and the API spell its guid apart (a plugin rewriting one)."""
    row = connection.execute(f"SELECT {_ROW} FROM posts WHERE id = ?", (post.id,)).fetchone()
    if row is None and post.wp_id is not None and post.link:
        row = connection.execute(
            f"SELECT {_ROW} FROM posts WHERE wp_id = ? AND link = ?", (post.wp_id, post.link)
        ).fetchone()
    return row


def stored_rows(connection: sqlite3.Connection, posts: Sequence[Post]) -> list[Any] | None:
    """stored_row for each post, a query or two for the lot instead of one or two each.
    None where two of these posts would be one stored post (the same id, or WordPress's
    number and address: an odd feed): each must then be looked up once those before it
    are stored."""
    by_id: dict[str, Any] = {}
    ids = [post.id for post in posts]
    for row in _rows_among(connection, f"id, {_ROW}", "id", ids):
        by_id[row[0]] = tuple(row[1:])
    rest = [post for post in posts if post.id not in by_id and post.wp_id is not None and post.link]
    if len({(post.wp_id, post.link) for post in rest}) < len(rest) or len(set(ids)) < len(ids):
        return None
    by_number: dict[tuple[int, str], Any] = {}
    numbers = sorted({post.wp_id for post in rest if post.wp_id is not None})
    # "IS NOT NULL" lets SQLite use the partial index on wp_id for certain.
    for row in _rows_among(connection, f"wp_id, link, {_ROW}", "wp_id", numbers, "IS NOT NULL"):
        by_number.setdefault((row[0], row[1]), tuple(row[2:]))
    return [by_id.get(post.id) or by_number.get((post.wp_id or 0, post.link)) for post in posts]


def _rows_among(
    connection: sqlite3.Connection, columns: str, column: str, values: Sequence[Any], also: str = ""
) -> list[list[Any]]:
    """`columns` of the posts whose `column` is one of `values`, a chunk at a time."""
    rows: list[list[Any]] = []
    for start in range(0, len(values), _CHUNK):
        chunk = values[start : start + _CHUNK]
        where = f"FROM posts WHERE {column} IN ({', '.join('?' * len(chunk))})"
        rows += all_rows(
            connection, columns, f"{where} AND {column} {also}" if also else where, chunk
        )
    return rows


def feed_over_rest(connection: sqlite3.Connection, key: int, post: Post) -> Post:
    """A feed's copy of a post the API gave before (the site's API locked since, say):
    its words are news, but the feed knows less. Sections, tags, author, WordPress's
    number and the comment setting stay as the API said; a summary never replaces text."""
    row = connection.execute(
        "SELECT author, wp_id, comments_open, is_summary, html FROM posts JOIN bodies USING (key)"
        " WHERE key = ?",
        (key,),
    ).fetchone()
    terms = connection.execute(
        "SELECT t.kind, t.name, t.slug FROM post_tags pt JOIN tags t ON t.tag = pt.tag "
        "WHERE pt.post = ? ORDER BY t.kind, t.name",
        (key,),
    ).fetchall()
    kept = replace(
        post,
        author=row[0] or post.author,
        wp_id=row[1],
        comments_open=None if row[2] is None else bool(row[2]),
        categories=tuple(Tag(name, slug) for kind, name, slug in terms if kind == "category"),
        tags=tuple(Tag(name, slug) for kind, name, slug in terms if kind == "tag"),
        from_rest=True,
    )
    if post.is_summary and not row[3]:
        kept = replace(kept, html=unpack_html(row[4]), is_summary=False)
    return kept
