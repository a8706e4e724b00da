"""Many rows in one SQLite step: bound once as a JSON array, read by SQLite's json_each
(and read back the same way, packed by json_group_array).

Why: while another thread reads the rest of a long document, this one gets the GIL back
only after a wait (Python's switch interval, 5 ms) each time SQLite returns to it, and an
`executemany` returns once per row. Measured: 10,000 rows into the search index took 65 s
that way beside a busy thread, 1.4 s as one JSON array — the same as alone.
"""

import json
import sqlite3
from collections.abc import Sequence
from typing import Any


def insert_many(
    connection: sqlite3.Connection,
    into: str,
    rows: Sequence[Sequence[Any]],
    *,
    verb: str = "INSERT",
    beside: int | None = None,
) -> None:
    """`verb INTO into SELECT …` every row. Rows hold JSON's values: text, numbers, None;
    the one column at `beside` (bytes, or long text) travels beside the JSON instead, all
    of its values in one blob: a long text need not be escaped into JSON here and parsed
    out of it by SQLite (a body's words: a quarter of indexing a post)."""
    if not rows:
        return
    width = len(rows[0])
    joined, cut = b"", ""
    if beside is not None:
        as_text = isinstance(rows[0][beside], str)
        placed: list[list[Any]] = []
        parts: list[bytes] = []
        offset = 1  # substr() counts from 1
        for row in rows:
            value = row[beside]
            part = value.encode("utf-8", "replace") if as_text else value
            parts.append(part)
            placed.append([*row[:beside], [offset, len(part)], *row[beside + 1 :]])
            offset += len(part)
        rows, joined = placed, b"".join(parts)
        where = f"value, '$[{beside}]"
        cut = f"substr(?2, json_extract({where}[0]'), json_extract({where}[1]'))"
        cut = f"CAST({cut} AS TEXT)" if as_text else cut
    picks = ", ".join(
        cut if i == beside else f"json_extract(value, '$[{i}]')" for i in range(width)
    )
    sql = f"{verb} INTO {into} SELECT {picks} FROM json_each(?1)"
    params: tuple[Any, ...] = (json.dumps(rows, ensure_ascii=False),)
    connection.execute(sql, params + ((joined,) if beside is not None else ()))


def all_rows(
    connection: sqlite3.Connection, columns: str, rest: str, params: Sequence[Any] = ()
) -> list[list[Any]]:
    """`SELECT columns rest` (text and numbers only), every row in one step."""
    packed = connection.execute(
        f"SELECT json_group_array(json_array({columns})) {rest}", params
    ).fetchone()[0]
    rows: list[list[Any]] = json.loads(packed)
    return rows
