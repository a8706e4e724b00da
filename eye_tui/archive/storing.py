"""Storing fetched posts: new ones inserted, edited ones updated, the search index and the
tag links kept with them. The caller holds the transaction.

New posts go in a part at a time — their rows, new tags, tag links and search text each
in one statement (many.py) — rather than a statement or three per post: with another
thread reading the rest of the document, every return from SQLite waits for the GIL, and
50,000 small statements spent more time waiting than storing.
"""

import hashlib
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from eye_tui.archive.identity import feed_over_rest, stored_row, stored_rows, words_changed
from eye_tui.archive.many import all_rows, insert_many
from eye_tui.archive.packing import pack_html, packed_in_turn
from eye_tui.archive.posts import TAG_SEPARATOR, stored_time
from eye_tui.model import Post
from eye_tui.text import html_to_words

_INDEX_BATCH = 1000  # new posts held before they are written, at most
_COLUMNS = (
    "key, id, link, title, author, published, updated, date_is_guess, month, excerpt,"
    " comments_url, comment_count, tag_names, fingerprint, first_seen, wp_id, section_names,"
    " comments_open, is_summary, from_rest"
)
_HTML_AT = 1  # in a body's row: key, html
_WORDS_AT = 2  # in an index row: key, title, words


@dataclass(frozen=True, slots=True)
class StoreCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True, slots=True)
class ReadyPost:
    """A post with the work storing it needs that no stored row changes: made where a
    long document is read (reading_ahead.py), ahead of storing."""

    post: Post
    packed: bytes  # the body, compressed
    fingerprint: str
    search_text: str  # the body's words, for the search index


def made_ready(posts: Sequence[Post]) -> list[ReadyPost]:
    return packed(ready_but_packing(posts))


def ready_but_packing(posts: Sequence[Post]) -> list[ReadyPost]:
    """The Python part of the work (the body not compressed yet): done where a long
    document is read, while compressing, which lets go of the GIL, is done beside storing."""
    return [ReadyPost(post, b"", _fingerprint(post), html_to_words(post.html)) for post in posts]


def ready_from(post: Post, packed: bytes, words: str) -> ReadyPost:
    """A post made ready from its body packed (pack_html) and its words (html_to_words)
    where it was read."""
    return ReadyPost(post, packed, _fingerprint(post), words)


def packed(posts: Sequence[ReadyPost]) -> list[ReadyPost]:
    """The same posts with their bodies compressed (many: ahead, on another thread)."""
    with closing(packed_in_turn([ready.post.html for ready in posts])) as bodies:
        return [
            ReadyPost(ready.post, body, ready.fingerprint, ready.search_text)
            for ready, body in zip(posts, bodies, strict=True)
        ]


@dataclass
class Known:
    """What the parts of one document share, read once: the ids of tags and sections,
    the next free keys, and whether the archive held any post before it (a first fetch
    need not look each post up)."""

    terms: dict[tuple[str, str], int] = field(default_factory=dict)
    next_key: int = 0  # 0: not read yet
    next_term: int = 0
    was_empty: bool = False
    numbers: set[tuple[int | None, str]] = field(default_factory=set)  # this document's

    def read(self, connection: sqlite3.Connection) -> None:
        if self.next_key:
            return
        last_key, last_term = connection.execute(
            "SELECT (SELECT max(key) FROM posts), (SELECT max(tag) FROM tags)"
        ).fetchone()
        self.next_key, self.was_empty = int(last_key or 0) + 1, last_key is None
        self.next_term = int(last_term or 0) + 1
        rows = all_rows(connection, "kind, slug, tag", "FROM tags")
        self.terms = {(kind, slug): tag for kind, slug, tag in rows}

    def rows_for(self, connection: sqlite3.Connection, posts: Sequence[Post]) -> list[Any] | None:
        """stored_rows, but none to look up in an archive that was empty, unless two of
        this document's posts share WordPress's number and address (then as always)."""
        numbers = [(post.wp_id, post.link) for post in posts if post.wp_id is not None]
        alone = len(set(numbers)) == len(numbers) and not self.numbers.intersection(numbers)
        if self.was_empty and alone and len({post.id for post in posts}) == len(posts):
            self.numbers.update(numbers)
            return [None] * len(posts)
        self.was_empty = False  # from here on, look up as always
        return stored_rows(connection, posts)


def store_posts(
    connection: sqlite3.Connection,
    ready_posts: Sequence[ReadyPost],
    seen_at: int,
    known: Known | None = None,
) -> StoreCounts:
    """Insert new posts and update edited ones."""
    known = known or Known()
    known.read(connection)
    batch = _Batch(connection, seen_at, known)
    updated = unchanged = 0
    found = known.rows_for(connection, [ready.post for ready in ready_posts])
    for index, ready in enumerate(ready_posts):
        post = ready.post
        row = found[index] if found is not None else batch.stored_row(post)
        if row is not None and row[4] and not post.from_rest:
            kept = feed_over_rest(connection, row[0], post)
            if kept != post:  # what the API said stays: its own work, made again
                ready = made_ready([kept])[0]
                post = kept
        elif row is not None and post.from_rest:
            # The API gives no comment count: the one the feed or the comments gave stays.
            post = replace(post, comment_count=row[5], comments_url=post.comments_url or row[6])
            ready = replace(ready, post=post)
        if row is None:
            batch.add(ready)
        elif row[1] != ready.fingerprint:
            # Only new words make an edit: the API naming a post's sections or author
            # (a site's feed giving way to its API) is news to the archive, not to you.
            edited = words_changed(connection, row[0], post)
            _update(connection, row, ready, batch)
            updated += edited
            unchanged += not edited
        else:
            # Comment counts change all the time; keep them current without calling
            # the post "updated" (that would make every refresh walk further back).
            if (row[5], row[6]) != (post.comment_count, post.comments_url):
                batch.comment_counts.append((post.comment_count, post.comments_url, row[0]))
            unchanged += 1
    batch.write()
    return StoreCounts(batch.new, updated, unchanged)


class _Batch:
    """New posts, their tag links and search text, written together."""

    def __init__(self, connection: sqlite3.Connection, seen_at: int, known: Known) -> None:
        self.connection = connection
        self.seen_at = seen_at
        self.known = known
        self.new = 0
        self.rows: list[tuple[Any, ...]] = []
        self.bodies: list[tuple[int, bytes]] = []
        self.terms: list[tuple[int, str, str, str]] = []  # new tags and sections
        self.links: list[tuple[int, int, int]] = []
        self.to_index: dict[int, tuple[int, str, str]] = {}
        self.comment_counts: list[tuple[Any, ...]] = []

    def add(self, ready: ReadyPost) -> None:
        post = ready.post
        key = self.known.next_key  # what SQLite would give each, in turn
        self.known.next_key += 1
        published = _epoch(post.published)
        columns = _columns(post, published, ready.fingerprint)
        self.rows.append((key, post.id, *columns[:12], self.seen_at, *columns[12:]))
        self.bodies.append((key, ready.packed))
        self.link_terms(key, published, post)
        self.to_index[key] = (key, post.title, ready.search_text)
        self.new += 1
        if len(self.to_index) >= _INDEX_BATCH:
            self.write()

    def stored_row(self, post: Post) -> Any:
        """One post looked up after everything before it is stored (see stored_rows)."""
        self.write()
        return stored_row(self.connection, post)

    def link_terms(self, key: int, published: int, post: Post) -> None:
        terms = [("category", t) for t in post.categories] + [("tag", t) for t in post.tags]
        self.links += [(self.term_id(kind, t.slug, t.name), published, key) for kind, t in terms]

    def term_id(self, kind: str, slug: str, name: str) -> int:
        """The id of a tag or section, made on first use."""
        found = self.known.terms.get((kind, slug))
        if found is None:
            found = self.known.terms[(kind, slug)] = self.known.next_term
            self.known.next_term += 1
            self.terms.append((found, kind, slug, name))
        return found

    def write(self) -> None:
        """Posts first (the tag links and the index name them), then what names them;
        each in one statement (many.py says why)."""
        db = self.connection
        insert_many(db, "tags (tag, kind, slug, name)", self.terms)
        insert_many(db, f"posts ({_COLUMNS})", self.rows)
        insert_many(db, "bodies (key, html)", self.bodies, beside=_HTML_AT)
        insert_many(db, "post_tags (tag, published, post)", self.links, verb="INSERT OR IGNORE")
        index_rows = list(self.to_index.values())
        insert_many(db, "post_search (rowid, title, body)", index_rows, beside=_WORDS_AT)
        db.executemany(  # only the few whose count changed
            "UPDATE posts SET comment_count = ?, comments_url = ? WHERE key = ?",
            self.comment_counts,
        )
        self.rows, self.bodies, self.terms, self.links = [], [], [], []
        self.comment_counts = []
        self.to_index.clear()


def _update(
    connection: sqlite3.Connection,
    row: tuple[Any, ...],
    ready: ReadyPost,
    batch: _Batch,
) -> None:
    key, _, old_published, old_guess = row[:4]
    post = ready.post
    batch.write()  # what the batch holds is stored before a stored post changes
    # A post whose date we had to guess keeps its first guess, so it does not jump about.
    published = old_published if (post.date_is_guess and old_guess) else _epoch(post.published)
    _forget_words(connection, key)
    columns = _columns(post, published, ready.fingerprint)
    connection.execute(
        "UPDATE posts SET link = ?, title = ?, author = ?, published = ?, updated = ?,"
        " date_is_guess = ?, month = ?, excerpt = ?, comments_url = ?,"
        " comment_count = ?, tag_names = ?, fingerprint = ?, wp_id = coalesce(?, wp_id),"
        " section_names = ?, comments_open = ?, is_summary = ?, from_rest = ? WHERE key = ?",
        (*columns[:5], int(post.date_is_guess and bool(old_guess)), *columns[6:], key),
    )
    connection.execute("UPDATE bodies SET html = ? WHERE key = ?", (ready.packed, key))
    batch.to_index[key] = (key, post.title, ready.search_text)
    connection.execute("DELETE FROM post_tags WHERE post = ?", (key,))
    batch.link_terms(key, published, post)


def _columns(post: Post, published: int, fingerprint: str) -> tuple[Any, ...]:
    """A post's columns from link to from_rest, but first_seen."""
    return (
        post.link,
        post.title,
        post.author,
        published,
        _epoch(post.updated) if post.updated else None,
        int(post.date_is_guess),
        _month(published),
        post.excerpt,
        post.comments_url,
        post.comment_count,
        TAG_SEPARATOR.join(t.name for t in post.tags),
        fingerprint,
        post.wp_id,
        TAG_SEPARATOR.join(t.name for t in post.categories),
        None if post.comments_open is None else int(post.comments_open),
        int(post.is_summary),
        int(post.from_rest),
    )


def _fingerprint(post: Post) -> str:
    """Detects an edit. Fed part by part: the same digest as hashing the parts joined by
    NUL, without copying a long body twice to join and encode it."""
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
    digest = hashlib.blake2b(digest_size=16)
    for index, part in enumerate(parts):
        if index:
            digest.update(b"\x00")
        digest.update(part.encode("utf-8", "replace"))
    return digest.hexdigest()


def summaries(connection: sqlite3.Connection, limit: int) -> list[tuple[int, str]]:
    rows = connection.execute(
        "SELECT key, link FROM posts WHERE is_summary = 1 AND link LIKE 'http%' "
        "ORDER BY published DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [(key, link) for key, link in rows]


def fill_summary(connection: sqlite3.Connection, key: int, html: str) -> None:
    _forget_words(connection, key)
    connection.execute("UPDATE bodies SET html = ? WHERE key = ?", (pack_html(html), key))
    connection.execute("UPDATE posts SET is_summary = 0 WHERE key = ?", (key,))
    title = connection.execute("SELECT title FROM posts WHERE key = ?", (key,)).fetchone()[0]
    connection.execute(
        "INSERT INTO post_search (rowid, title, body) VALUES (?, ?, ?)",
        (key, title, html_to_words(html)),
    )


def _forget_words(connection: sqlite3.Connection, key: int) -> None:
    """Before a stored post's words change: the index must be told what it learned of
    them, exactly (it reads them from the view, as it did), to forget them."""
    connection.execute(
        "INSERT INTO post_search (post_search, rowid, title, body) "
        "SELECT 'delete', key, title, body FROM post_search_source WHERE key = ?",
        (key,),
    )


def _epoch(when: datetime) -> int:
    return int(when.timestamp())


def _month(epoch: int) -> str:
    when = stored_time(epoch)
    return f"{when.year:04d}-{when.month:02d}"  # strftime writes year 1 as "1"
