"""The post list: which posts match a filter, in what order, a page at a time.

Three shapes of query, each served by an index so the list stays fast at 100,000 posts:
every post newest first; the posts of a tag (driven from the rarest chosen tag); and
search results by rank. Snippets are made only for the page of results asked for.
"""

import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from eye_tui.archive.connection import ArchiveConnection, count
from eye_tui.archive.posts import (
    SUMMARY_COLUMNS,
    filter_clause,
    needs_post_columns,
    summary_from_row,
)
from eye_tui.archive.search import (
    RANK,
    archive_words,
    fts_query,
    snippet_from_packed,
    typed_far_enough,
)
from eye_tui.archive.totals import all_posts
from eye_tui.model import PostFilter, PostSummary, SearchHit, UnreadPlace


def list_posts(
    connection: sqlite3.Connection,
    post_filter: PostFilter,
    tag_ids: Sequence[int],
    limit: int,
    offset: int = 0,
    after: tuple[int, int] | None = None,
) -> list[PostSummary]:
    """A page of the list; `after` (published, key) continues from a row (keyset paging)."""
    if _ranks(connection, post_filter):
        return [
            summary_from_row(row)
            for row in _ranked(connection, post_filter, tag_ids, limit, offset)
        ]
    rows = _page_by_date(connection, post_filter, tag_ids, limit, offset, after=after)
    return [summary_from_row(row) for row in rows]


def search_posts(
    connection: sqlite3.Connection,
    post_filter: PostFilter,
    tag_ids: Sequence[int],
    limit: int,
    offset: int = 0,
) -> list[SearchHit]:
    """Ranked results with a snippet around the match."""
    if _ranks(connection, post_filter):
        rows = _ranked(connection, post_filter, tag_ids, limit, offset)
    else:  # punctuation only ("(((", "%"): matches by date, as the words cannot rank
        sql, params = _by_date(post_filter, tag_ids, SUMMARY_COLUMNS, None)
        rows = connection.execute(f"{sql} LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    if not rows:
        return []
    marks = ",".join("?" * len(rows))
    bodies = dict(
        connection.execute(
            f"SELECT key, html FROM bodies WHERE key IN ({marks})", [row[0] for row in rows]
        )
    )
    return [
        SearchHit(
            summary_from_row(row),
            snippet_from_packed(bodies.get(row[0]), post_filter.query),
        )
        for row in rows
    ]


def count_posts(
    connection: sqlite3.Connection, post_filter: PostFilter, tag_ids: Sequence[int]
) -> int:
    if _ranks(connection, post_filter):
        query = _query(connection, post_filter)
        if not tag_ids and not needs_post_columns(post_filter):  # straight off the index
            return matches(connection, query)
        if _too_common(connection, query):
            # Most posts match: the filter's index drives and each of its posts is looked
            # up among the matches, listed once (27 ms for "unread" at 100,000 posts, where
            # joining 100,000 matches to their posts one by one took 110 ms).
            sql, params = _by_date(
                post_filter, tag_ids, "count(*)", None, ordered=False, matching=query
            )
            return count(connection, sql, params)
        where, params = filter_clause(post_filter, tag_ids)
        return count(
            connection,
            # CROSS JOIN: the matches drive, each post looked up by key. Left to itself the
            # planner walked the unread index and ran the full-text query once per post
            # (two seconds at 100,000 posts).
            "SELECT count(*) FROM post_search CROSS JOIN posts p ON p.key = post_search.rowid "
            f"WHERE post_search MATCH ? AND {where}",
            [query, *params],
        )
    if post_filter.is_empty:
        return all_posts(connection)
    sql, params = _by_date(post_filter, tag_ids, "count(*)", None, ordered=False)
    return count(connection, sql, params)


def position_of(
    connection: sqlite3.Connection, post_filter: PostFilter, tag_ids: Sequence[int], key: int
) -> int | None:
    """Where post `key` stands in the date-ordered list, or None if it is not in it."""
    if _ranks(connection, post_filter):
        return None  # a new search starts at its best result
    row = connection.execute("SELECT published FROM posts WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    sql, params = _by_date(post_filter, tag_ids, "1", None, ordered=False)
    keys = "(t0.published, t0.post)" if tag_ids else "(p.published, p.key)"
    if connection.execute(f"{sql} AND {keys} = (?, ?)", [*params, row[0], key]).fetchone() is None:
        return None
    return _rows_above(connection, post_filter, tag_ids, (row[0], key))


def _rows_above(
    connection: sqlite3.Connection,
    post_filter: PostFilter,
    tag_ids: Sequence[int],
    row: tuple[int, int],
    matching: str | None = None,
) -> int:
    """How many of the date-ordered list's posts stand above `row` (published, key):
    its position. Counting walks the index from the top: cheap for recent posts."""
    sql, params = _by_date(post_filter, tag_ids, "count(*)", None, ordered=False, matching=matching)
    keys = "(t0.published, t0.post)" if tag_ids else "(p.published, p.key)"
    return count(connection, f"{sql} AND {keys} > (?, ?)", [*params, *row])


def next_unread(
    connection: sqlite3.Connection,
    post_filter: PostFilter,
    tag_ids: Sequence[int],
    key: int,
    step: int,
) -> UnreadPlace | None:
    """The next unread post of the list after post `key` (step 1: down the list, -1: up),
    going on round the list's end once; None when no other post of the list is unread.
    Asked of the read index, so the nearest unread post 90,000 rows away costs what the
    one below does, where walking the list's rows would read them all."""
    matching = None
    if _ranks(connection, post_filter):
        query = _query(connection, post_filter)
        if not _too_common(connection, query):
            # Their order is the ranking's: each match's key and flag, in that order (a
            # ranked search finds at most a quarter of the posts; see _too_common).
            ranked, params = _ranking(post_filter, tag_ids)
            rows = connection.execute(
                f"WITH ranked AS ({ranked}) SELECT p.key, p.read FROM ranked "
                "JOIN posts p ON p.key = ranked.key ORDER BY ranked.score, p.key DESC",
                [query, *params],
            ).fetchall()
            return _next_unread_of(rows, key, step)
        matching = query  # words in most posts: listed by date (see _ranked)
    columns = _TAG_ROW if tag_ids else "p.key, p.published"
    unread = replace(post_filter, unread=True)
    sql, params = _by_date(unread, tag_ids, columns, None, ordered=False, matching=matching)
    published, post = ("t0.published", "t0.post") if tag_ids else ("p.published", "p.key")
    direction, beyond = ("DESC", "<") if step > 0 else ("ASC", ">")
    order = f" ORDER BY {published} {direction}, {post} {direction} LIMIT 1"
    here = connection.execute("SELECT published FROM posts WHERE key = ?", (key,)).fetchone()
    found = None
    if here is not None:
        found = connection.execute(
            f"{sql} AND ({published}, {post}) {beyond} (?, ?){order}", [*params, here[0], key]
        ).fetchone()
    wrapped = False
    if found is None:  # none beyond it: on from the list's other end
        found = connection.execute(f"{sql} AND {post} != ?{order}", [*params, key]).fetchone()
        wrapped = here is not None
    if found is None:
        return None
    position = _rows_above(connection, post_filter, tag_ids, (found[1], found[0]), matching)
    return UnreadPlace(position, found[0], wrapped)


def _next_unread_of(rows: Sequence[tuple[int, int]], key: int, step: int) -> UnreadPlace | None:
    """As next_unread, among these (key, read) rows in their order."""
    here = next((index for index, (each, _) in enumerate(rows) if each == key), None)
    start = here if here is not None else (-1 if step > 0 else len(rows))
    order = (
        range(start + 1, start + 1 + len(rows))
        if step > 0
        else range(start - 1, start - 1 - len(rows), -1)
    )
    for index in order:
        found, read = rows[index % len(rows)]
        if not read and found != key:
            wrapped = not 0 <= index < len(rows)
            return UnreadPlace(index % len(rows), found, wrapped)
    return None


def _ranked(
    connection: sqlite3.Connection,
    post_filter: PostFilter,
    tag_ids: Sequence[int],
    limit: int,
    offset: int,
) -> list[tuple[Any, ...]]:
    """Rank every match cheaply (no snippets), then read the page's rows. Words found in
    most posts are not ranked (bm25 for 90,000 matches took 190 ms and orders them by
    noise): their posts come newest first, as the list without a search does."""
    query = _query(connection, post_filter)
    if not query:
        return []
    if _too_common(connection, query):
        return _page_by_date(connection, post_filter, tag_ids, limit, offset, matching=query)
    ranked, params = _ranking(post_filter, tag_ids)
    return connection.execute(
        f"WITH ranked AS ({ranked} ORDER BY score, key DESC LIMIT ? OFFSET ?) "
        f"SELECT {SUMMARY_COLUMNS} FROM ranked JOIN posts p ON p.key = ranked.key "
        "ORDER BY ranked.score, p.key DESC",
        [query, *params, limit, offset],
    ).fetchall()


def _ranking(post_filter: PostFilter, tag_ids: Sequence[int]) -> tuple[str, list[object]]:
    """Every match's key and score (the FTS query is the first parameter, to come)."""
    if tag_ids or needs_post_columns(post_filter):
        where, params = filter_clause(post_filter, tag_ids)
        return (
            f"SELECT post_search.rowid AS key, {RANK} AS score FROM post_search "
            f"CROSS JOIN posts p ON p.key = post_search.rowid WHERE post_search MATCH ? "
            f"AND {where}",
            params,
        )
    # No filter: rank straight off the index, no join per match.
    return f"SELECT rowid AS key, {RANK} AS score FROM post_search WHERE post_search MATCH ?", []


COMMON_SHARE = 0.25  # a word in more than this share of the posts is too common to rank
COMMON_FROM = 2_000  # posts: below this, ranking everything is quick anyway


def _too_common(connection: sqlite3.Connection, query: str) -> bool:
    """The FTS query (whole words, or the start of words being typed) finds most posts."""
    # The months' counts (kept by triggers) sum to the posts: no count(*) of 100,000 rows.
    total = count(connection, "SELECT coalesce(sum(posts), 0) FROM months")
    return total >= COMMON_FROM and matches(connection, query) > COMMON_SHARE * total


def matches(connection: sqlite3.Connection, query: str) -> int:
    """How many posts the FTS query finds: asked of the index once while the archive is
    unchanged (ArchiveConnection remembers the last answer)."""
    version = connection.execute("PRAGMA data_version").fetchone()[0]
    key = (query, connection.total_changes, version)
    last = connection.last_matches if isinstance(connection, ArchiveConnection) else None
    if last is not None and last[0] == key:
        return last[1]
    found = count(connection, "SELECT count(*) FROM post_search WHERE post_search MATCH ?", [query])
    if isinstance(connection, ArchiveConnection):
        connection.last_matches = (key, found)
    return found


def searchable_while_typing(connection: sqlite3.Connection, query: str) -> str:
    return typed_far_enough(query, archive_words(connection))


def _query(connection: sqlite3.Connection, post_filter: PostFilter) -> str:
    return fts_query(post_filter.query, archive_words(connection))


def _ranks(connection: sqlite3.Connection, post_filter: PostFilter) -> bool:
    """Does the search index answer this filter? Not without a search, and not for a
    search of punctuation alone, which the date-ordered list checks as text."""
    return bool(post_filter.query) and bool(_query(connection, post_filter))


def _page_by_date(
    connection: sqlite3.Connection,
    post_filter: PostFilter,
    tag_ids: Sequence[int],
    limit: int,
    offset: int,
    after: tuple[int, int] | None = None,
    matching: str | None = None,
) -> list[tuple[Any, ...]]:
    """A page of the filter's posts by date (SUMMARY_COLUMNS). Walking a tag's index,
    the page's posts are found first and only they are read: joined in the walk, every
    post the OFFSET skipped was read too (the last page of a tag on 92,000 posts: 120 ms)."""
    if matching and not offset:
        probed = _first_page_probed(connection, post_filter, tag_ids, limit, after, matching)
        if probed is not None:
            return probed
    if not tag_ids:
        sql, params = _by_date(post_filter, tag_ids, SUMMARY_COLUMNS, after, matching=matching)
        return connection.execute(f"{sql} LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    keys, params = _by_date(post_filter, tag_ids, _TAG_ROW, after, matching=matching)
    return connection.execute(
        f"WITH page (key, published) AS ({keys} LIMIT ? OFFSET ?) "
        f"SELECT {SUMMARY_COLUMNS} FROM page JOIN posts p ON p.key = page.key "
        "ORDER BY page.published DESC, page.key DESC",
        [*params, limit, offset],
    ).fetchall()


_TAG_ROW = "t0.post, t0.published"  # a row of a tag's index: enough to find its post
_PROBED = 8  # times a page's length: the newest posts asked one by one for a first page


def _first_page_probed(
    connection: sqlite3.Connection,
    post_filter: PostFilter,
    tag_ids: Sequence[int],
    limit: int,
    after: tuple[int, int] | None,
    matching: str,
) -> list[tuple[Any, ...]] | None:
    """The first page of a search for words in most posts, by date: the filter's newest
    posts are each asked of the index (a word in most posts fills a page from a few
    dozen), where listing the matches first builds a set of all 100,000 of them (15 ms).
    At most `_PROBED` pages' worth are asked; None when they hold too few."""
    walk, params = _by_date(
        post_filter, tag_ids, _TAG_ROW if tag_ids else "p.key, p.published", after
    )
    edge = connection.execute(f"{walk} LIMIT 1 OFFSET ?", [*params, limit * _PROBED - 1]).fetchone()
    sql, params = _by_date(
        post_filter,
        tag_ids,
        SUMMARY_COLUMNS,
        after,
        matching=matching,
        probed=True,
        down_to=(edge[1], edge[0]) if edge else None,
    )
    rows = connection.execute(f"{sql} LIMIT ?", [*params, limit]).fetchall()
    return rows if len(rows) == limit or edge is None else None


def _by_date(
    post_filter: PostFilter,
    tag_ids: Sequence[int],
    columns: str,
    after: tuple[int, int] | None,
    ordered: bool = True,
    matching: str | None = None,
    probed: bool = False,
    down_to: tuple[int, int] | None = None,
) -> tuple[str, list[object]]:
    """The filter's posts by date; `matching`: only those the search index finds for this
    FTS query (the "+" keeps the filter's index driving, not the list of matches), each
    post asked of the index in turn if `probed`; `down_to`: none older than this row."""
    if tag_ids:
        # Walk the first (rarest) tag's index in date order; the other tags are checks on
        # the same index. Posts are joined only when their columns are needed.
        where, params = filter_clause(post_filter, tag_ids[1:], "t0.published, t0.post")
        join = (
            ""
            if columns in ("count(*)", "1", _TAG_ROW) and not needs_post_columns(post_filter)
            else " JOIN posts p ON p.key = t0.post"
        )
        sql = f"SELECT {columns} FROM post_tags t0{join} WHERE t0.tag = ? AND {where}"
        params.insert(0, tag_ids[0])
        keys, order = "(t0.published, t0.post)", " ORDER BY t0.published DESC, t0.post DESC"
    else:
        where, params = filter_clause(post_filter, ())
        sql = f"SELECT {columns} FROM posts p WHERE {where}"
        keys, order = "(p.published, p.key)", " ORDER BY p.published DESC, p.key DESC"
    post = "t0.post" if tag_ids else "p.key"
    if matching and probed:
        sql += (
            f" AND EXISTS (SELECT 1 FROM post_search WHERE post_search MATCH ? AND rowid = {post})"
        )
        params.append(matching)
    elif matching:
        sql += f" AND +{post} IN (SELECT rowid FROM post_search WHERE post_search MATCH ?)"
        params.append(matching)
    if down_to:
        sql += f" AND {keys} >= (?, ?)"
        params += list(down_to)
    if after:
        sql += f" AND {keys} < (?, ?)"
        params += list(after)
    return (sql + order if ordered else sql), params


def unread_keys(
    connection: sqlite3.Connection, post_filter: PostFilter, tag_ids: Sequence[int]
) -> list[int]:
    """The unread posts among those the filter lists (search words included)."""
    if _ranks(connection, post_filter):
        query = _query(connection, post_filter)
        where, params = filter_clause(post_filter, tag_ids)
        sql = (
            "SELECT p.key FROM post_search CROSS JOIN posts p ON p.key = post_search.rowid "
            f"WHERE post_search MATCH ? AND {where} AND p.read = 0"
        )
        rows = connection.execute(sql, [query, *params]).fetchall()
    else:
        sql, params = _by_date(post_filter, tag_ids, "p.key", None, ordered=False)
        rows = connection.execute(f"{sql} AND p.read = 0", params).fetchall()
    return [key for (key,) in rows]
