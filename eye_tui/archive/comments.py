"""Comments stored per post, from each post's comment feed."""

import sqlite3
from collections.abc import Iterable

from eye_tui.archive.connection import count
from eye_tui.archive.posts import stored_time
from eye_tui.model import Comment


def store_comments(
    connection: sqlite3.Connection, post_key: int, comments: Iterable[Comment]
) -> int:
    """Add new comments and refresh edited ones; returns how many were new."""
    before = comment_total(connection, post_key)
    for comment in comments:
        connection.execute(
            "INSERT INTO comments (post, id, author, published, html, link) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (post, id) DO UPDATE SET "
            "author = excluded.author, html = excluded.html, link = excluded.link",
            (
                post_key,
                comment.id,
                comment.author,
                int(comment.published.timestamp()),
                comment.html,
                comment.link,
            ),
        )
    return comment_total(connection, post_key) - before


def comments_for(connection: sqlite3.Connection, post_key: int) -> list[Comment]:
    rows = connection.execute(
        "SELECT id, author, published, html, link FROM comments WHERE post = ? "
        "ORDER BY published, key",
        (post_key,),
    ).fetchall()
    return [
        Comment(cid, author, stored_time(published), html, link)
        for cid, author, published, html, link in rows
    ]


def comment_total(connection: sqlite3.Connection, post_key: int | None = None) -> int:
    if post_key is None:
        return count(connection, "SELECT count(*) FROM comments")
    return count(connection, "SELECT count(*) FROM comments WHERE post = ?", (post_key,))


def posts_with_comments(connection: sqlite3.Connection) -> list[tuple[int, str]]:
    """(post key, comment feed URL) of every post that has comments, newest first."""
    rows = connection.execute(
        "SELECT key, comments_url FROM posts WHERE comment_count > 0 AND comments_url != ''"
        " ORDER BY published DESC"
    ).fetchall()
    return [(key, url) for key, url in rows]
