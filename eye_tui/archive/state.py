"""Small remembered facts: HTTP validators per URL, sync progress, app preferences."""

import json
import sqlite3
from typing import Any

from eye_tui.model import Validators


def get_meta(connection: sqlite3.Connection, key: str, default: str | None = None) -> str | None:
    row = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def set_meta(connection: sqlite3.Connection, key: str, value: str | None) -> None:
    if value is None:
        connection.execute("DELETE FROM meta WHERE key = ?", (key,))
    else:
        connection.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


def add_to_counter(connection: sqlite3.Connection, key: str, amount: int) -> None:
    connection.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "
        "value = CAST(value AS INTEGER) + excluded.value",
        (key, amount),
    )


def get_json(connection: sqlite3.Connection, key: str) -> dict[str, Any]:
    try:
        value = json.loads(get_meta(connection, key) or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def get_validators(connection: sqlite3.Connection, url: str) -> Validators:
    row = connection.execute(
        "SELECT etag, last_modified FROM http_cache WHERE url = ?", (url,)
    ).fetchone()
    return Validators(*row) if row else Validators()


def set_validators(connection: sqlite3.Connection, url: str, validators: Validators) -> None:
    connection.execute(
        "INSERT INTO http_cache (url, etag, last_modified) VALUES (?, ?, ?) "
        "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
        "last_modified = excluded.last_modified",
        (url, validators.etag, validators.last_modified),
    )


# How far the history has been fetched: feed pages 1..next_page-1 are stored, or all.
HISTORY_COMPLETE = "history_complete"
NEXT_PAGE = "backfill_next_page"
# The same through the site's REST API (rest_sync.py walks it, by its own pages).
REST_HISTORY_COMPLETE = "rest_history_complete"


def history(connection: sqlite3.Connection) -> tuple[bool, int | None]:
    """(whether the whole history is stored, the first feed page not yet stored)."""
    if "1" in (get_meta(connection, HISTORY_COMPLETE), get_meta(connection, REST_HISTORY_COMPLETE)):
        return True, None
    page = get_meta(connection, NEXT_PAGE)
    return False, int(page) if page and page.isdigit() else None


def note_history_page(connection: sqlite3.Connection, page: int) -> None:
    """Feed pages 1..page are stored: a later backfill need not fetch them again."""
    complete, next_page = history(connection)
    if not complete and page + 1 > (next_page or 2):
        set_meta(connection, NEXT_PAGE, str(page + 1))


def mark_history_complete(connection: sqlite3.Connection) -> None:
    set_meta(connection, HISTORY_COMPLETE, "1")
    set_meta(connection, NEXT_PAGE, None)
