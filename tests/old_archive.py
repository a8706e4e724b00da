"""Turning a new archive back into what an older eye-tui left, to test migrations."""

import sqlite3
from contextlib import closing
from pathlib import Path


def as_schema_9(path: Path, version: int = 9) -> None:
    """Undo schema 10 (sections apart from tags, WordPress ids, threads) and set the
    version to `version` (9 or lower), so the migrations from there run again."""
    as_schema_10(path)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("DROP INDEX IF EXISTS posts_by_wp_id")
        for column in ("wp_id", "section_names", "comments_open", "is_summary", "from_rest"):
            db.execute(f"ALTER TABLE posts DROP COLUMN {column}")
        db.execute("ALTER TABLE comments DROP COLUMN parent")
        db.executescript(
            """
            DROP TRIGGER tag_count_up;
            DROP TRIGGER tag_count_down;
            CREATE TABLE old_tags (tag INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL, posts INTEGER NOT NULL DEFAULT 0);
            INSERT INTO old_tags SELECT tag, slug, name, posts FROM tags WHERE kind = 'tag';
            DROP TABLE tags;
            ALTER TABLE old_tags RENAME TO tags;
            CREATE TRIGGER tag_count_up AFTER INSERT ON post_tags BEGIN
                UPDATE tags SET posts = posts + 1 WHERE tag = new.tag;
            END;
            CREATE TRIGGER tag_count_down AFTER DELETE ON post_tags BEGIN
                UPDATE tags SET posts = posts - 1 WHERE tag = old.tag;
            END;
            """
        )
        db.execute("DELETE FROM meta WHERE key LIKE 'rest%'")  # nothing knew of the API
        db.execute(f"PRAGMA user_version = {version}")


def as_schema_10(path: Path) -> None:
    """Undo schema 11 (the totals kept by triggers) and set the version to 10."""
    as_schema_11(path)
    with closing(sqlite3.connect(path)) as db:
        db.executescript(
            """
            DROP TRIGGER totals_up;
            DROP TRIGGER totals_down;
            DROP TRIGGER totals_marked;
            DROP TABLE totals;
            PRAGMA user_version = 10;
            """
        )


def as_schema_11(path: Path) -> None:
    """Undo schema 12 (bodies kept apart from the posts' rows) and set the version to 11."""
    with closing(sqlite3.connect(path)) as db:
        db.executescript(
            """
            DROP VIEW post_search_source;
            ALTER TABLE posts ADD COLUMN html TEXT NOT NULL DEFAULT '';
            UPDATE posts SET html = (SELECT html FROM bodies WHERE bodies.key = posts.key);
            DROP TABLE bodies;
            CREATE VIEW post_search_source AS
                SELECT key, title, html_text(html) AS body FROM posts;
            PRAGMA user_version = 11;
            """
        )
