"""Comments stored per post, from each post's comment feed."""

import sqlite3
from collections.abc import Iterable
from dataclasses import replace

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
            "INSERT INTO comments (post, id, author, published, html, link, parent) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (post, id) DO UPDATE SET "
            "author = excluded.author, html = excluded.html, link = excluded.link, "
            "parent = excluded.parent",
            (
                post_key,
                comment.id,
                comment.author,
                int(comment.published.timestamp()),
                comment.html,
                comment.link,
                comment.parent,
            ),
        )
    after = comment_total(connection, post_key)
    # The API gives no count with a post: the stored comments are the count.
    connection.execute(
        "UPDATE posts SET comment_count = ? WHERE key = ? AND comment_count < ?",
        (after, post_key, after),
    )
    return after - before


def comments_for(connection: sqlite3.Connection, post_key: int) -> list[Comment]:
    rows = connection.execute(
        "SELECT id, author, published, html, link, parent FROM comments WHERE post = ? "
        "ORDER BY published, key",
        (post_key,),
    ).fetchall()
    ordered = threaded(
        [
            Comment(cid, author, stored_time(published), html, link, parent)
            for cid, author, published, html, link, parent in rows
        ]
    )
    depths = depth_of(ordered)
    return [replace(c, depth=depths[c.id]) if depths[c.id] else c for c in ordered]


def threaded(comments: list[Comment]) -> list[Comment]:
    """Each reply straight after the comment it answers (and its earlier replies), the
    threads in the order they began. A reply to a comment we do not hold starts a
    thread of its own."""
    known = {c.id for c in comments}
    replies: dict[str, list[Comment]] = {}
    for comment in comments:
        parent = comment.parent if comment.parent in known and comment.parent != comment.id else ""
        replies.setdefault(parent, []).append(comment)
    ordered: list[Comment] = []
    seen: set[str] = set()
    stack = list(reversed(replies.get("", [])))
    while stack:  # iterative: a hostile thread a million deep must not blow the stack
        comment = stack.pop()
        if comment.id in seen:
            continue
        seen.add(comment.id)
        ordered.append(comment)
        stack.extend(reversed(replies.get(comment.id, [])))
    # A loop of replies answering each other has no start: shown at the end, flat.
    ordered += [c for c in comments if c.id not in seen]
    return ordered


def depth_of(comments: list[Comment]) -> dict[str, int]:
    """How deep each comment of a `threaded` list sits (0: it starts a thread)."""
    depths: dict[str, int] = {}
    for comment in comments:  # threaded order: a parent always comes before its replies
        parent = depths.get(comment.parent)
        depths[comment.id] = 0 if parent is None or comment.parent == comment.id else parent + 1
    return depths


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
