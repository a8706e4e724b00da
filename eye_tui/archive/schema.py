"""Bringing an archive up to date (migrations.py holds the steps), and the SQL functions
the schema names."""

import html
import sqlite3

from eye_tui.archive.migrations import MIGRATIONS, SCHEMA_VERSION
from eye_tui.archive.packing import pack_html, unpack_html
from eye_tui.errors import ArchiveError
from eye_tui.text import html_to_plain, slugify


def register_functions(connection: sqlite3.Connection) -> None:
    connection.create_function("html_text", 1, _html_text, deterministic=True)
    connection.create_function("pack_html", 1, pack_html, deterministic=True)
    connection.create_function("unescape_html", 1, _unescape, deterministic=True)
    connection.create_function("slugify", 1, slugify, deterministic=True)


def _unescape(text: str | None) -> str:
    return html.unescape(text or "")


def _html_text(body: bytes | str | None) -> str:
    return html_to_plain(unpack_html(body))


def migrate(connection: sqlite3.Connection) -> None:
    """Bring the schema up to SCHEMA_VERSION, one transaction per step."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise ArchiveError(
            f"the archive was written by a newer eye-tui (schema {version}); upgrade eye-tui"
        )
    # A step that rebuilds a table (10) needs foreign keys off while the old one is
    # dropped (SQLite's own recipe); they are checked before each step commits instead.
    connection.execute("PRAGMA foreign_keys = OFF")
    try:
        for step in range(version, SCHEMA_VERSION):
            _migrate_step(connection, step)
    finally:
        connection.execute("PRAGMA foreign_keys = ON")


def _migrate_step(connection: sqlite3.Connection, step: int) -> None:
    connection.execute("BEGIN IMMEDIATE")
    try:
        # Re-check inside the write lock: another process may have migrated meanwhile.
        if connection.execute("PRAGMA user_version").fetchone()[0] != step:
            connection.execute("ROLLBACK")
            return
        for statement in _statements(MIGRATIONS[step]):
            connection.execute(statement)
        if connection.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise ArchiveError(f"schema step {step + 1} would break the archive's links")
        connection.execute(f"PRAGMA user_version = {step + 1}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    """Split a migration into statements (executescript would commit on its own)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [s for s in statements if s]
