"""One post, one identity, whichever way it came: the feed's item and the API's post are
the same stored post, and neither way forgets what the other knew."""

import sqlite3
from dataclasses import replace
from typing import Any

from eye_tui.archive.packing import unpack_html
from eye_tui.model import Post, Tag, author_words


def words_changed(connection: sqlite3.Connection, key: int, post: Post) -> bool:
    title, link, html = connection.execute(
        "SELECT title, link, html FROM posts WHERE key = ?", (key,)
    ).fetchone()
    if title != post.title or link != post.link:
        return True
    return author_words(unpack_html(html)) != author_words(post.html)


def stored_row(connection: sqlite3.Connection, post: Post) -> Any:
    """The stored post this one is: by id, else by WordPress's number for it and its
    address, should the feed and the API spell its guid apart (a plugin rewriting one)."""
    columns = "key, fingerprint, published, date_is_guess, from_rest"
    row = connection.execute(f"SELECT {columns} FROM posts WHERE id = ?", (post.id,)).fetchone()
    if row is None and post.wp_id is not None and post.link:
        row = connection.execute(
            f"SELECT {columns} FROM posts WHERE wp_id = ? AND link = ?", (post.wp_id, post.link)
        ).fetchone()
    return row


def feed_over_rest(connection: sqlite3.Connection, key: int, post: Post) -> Post:
    """A feed's copy of a post the API gave before (the site's API locked since, say):
    its words are news, but the feed knows less. Sections, tags, author, WordPress's
    number and the comment setting stay as the API said; a summary never replaces text."""
    row = connection.execute(
        "SELECT author, wp_id, comments_open, is_summary, html FROM posts WHERE key = ?", (key,)
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
