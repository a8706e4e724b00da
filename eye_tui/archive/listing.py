"""The post list: which posts match a filter, in what order, a page at a time.

Three shapes of query, each served by an index so the list stays fast at 100,000 posts:
every post newest first; the posts of a tag (driven from the rarest chosen tag); and
search results by rank.
"""

import sqlite3
from collections.abc import Sequence

from eye_tui.archive.posts import SUMMARY_COLUMNS, filter_clause, summary_from_row
from eye_tui.archive.search import RANK, SNIPPET, fts_query
from eye_tui.model import PostFilter, PostSummary, SearchHit


def list_posts(
    connection: sqlite3.Connection,
    post_filter: PostFilter,
    tag_ids: Sequence[int],
    limit: int,
    offset: int = 0,
    after: tuple[int, int] | None = None,
) -> list[PostSummary]:
    """A page of the list; `after` (published, key) continues from a row (keyset paging)."""
    return [summary_from_row(row) for row in
            _select(connection, post_filter, tag_ids, SUMMARY_COLUMNS, limit, offset, after)]


def search_posts(
    connection: sqlite3.Connection,
    post_filter: PostFilter,
    tag_ids: Sequence[int],
    limit: int,
    offset: int = 0,
) -> list[SearchHit]:
    if not fts_query(post_filter.query):
        return []
    rows = _select(connection, post_filter, tag_ids, f"{SUMMARY_COLUMNS}, {SNIPPET}",
                   limit, offset, None)
    return [SearchHit(summary_from_row(row), row[10]) for row in rows]


def count_posts(
    connection: sqlite3.Connection, post_filter: PostFilter, tag_ids: Sequence[int]
) -> int:
    return _select(connection, post_filter, tag_ids, "count(*)", None, 0, None)[0][0]


def _select(
    connection: sqlite3.Connection,
    post_filter: PostFilter,
    tag_ids: Sequence[int],
    columns: str,
    limit: int | None,
    offset: int,
    after: tuple[int, int] | None,
) -> list[tuple]:
    is_count = columns == "count(*)"
    query = fts_query(post_filter.query)
    if post_filter.query and not query:
        return [(0,)] if is_count else []
    params: list[object] = []
    if query:
        where, params = filter_clause(post_filter, tag_ids)
        sql = (f"SELECT {columns} FROM post_search JOIN posts p ON p.key = post_search.rowid "
               f"WHERE post_search MATCH ? AND {where}")
        params.insert(0, query)
        order = f" ORDER BY {RANK}, p.published DESC"
    elif tag_ids:
        # Walk the first (rarest) tag's index in date order; the other tags are checks.
        where, params = filter_clause(post_filter, tag_ids[1:])
        sql = (f"SELECT {columns} FROM post_tags t0 JOIN posts p ON p.key = t0.post "
               f"WHERE t0.tag = ? AND {where}")
        params.insert(0, tag_ids[0])
        if after:
            sql += " AND (t0.published, t0.post) < (?, ?)"
            params += list(after)
        order = " ORDER BY t0.published DESC, t0.post DESC"
    else:
        where, params = filter_clause(post_filter, ())
        sql = f"SELECT {columns} FROM posts p WHERE {where}"
        if after:
            sql += " AND (p.published, p.key) < (?, ?)"
            params += list(after)
        order = " ORDER BY p.published DESC, p.key DESC"
    if not is_count:
        sql += order
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
    return connection.execute(sql, params).fetchall()
