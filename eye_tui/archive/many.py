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
    blob_at: int | None = None,
) -> None:
    """`verb INTO into SELECT …` every row. Rows hold JSON's values: text, numbers, None;
    the one column at `blob_at` may hold bytes, which travel beside the JSON instead."""
    if not rows:
        return
    width = len(rows[0])
    blobs = b""
    if blob_at is not None:
        placed: list[list[Any]] = []
        parts: list[bytes] = []
        offset = 1  # substr() counts from 1
        for row in rows:
            blob = row[blob_at]
            parts.append(blob)
            placed.append([*row[:blob_at], [offset, len(blob)], *row[blob_at + 1 :]])
            offset += len(blob)
        rows, blobs = placed, b"".join(parts)
    picks = ", ".join(
        f"substr(?2, json_extract(value, '$[{i}][0]'), json_extract(value, '$[{i}][1]'))"
        if i == blob_at
        else f"json_extract(value, '$[{i}]')"
        for i in range(width)
    )
    sql = f"{verb} INTO {into} SELECT {picks} FROM json_each(?1)"
    params: tuple[Any, ...] = (json.dumps(rows, ensure_ascii=False),)
    connection.execute(sql, params + ((blobs,) if blob_at is not None else ()))


def all_rows(
    connection: sqlite3.Connection, columns: str, rest: str, params: Sequence[Any] = ()
) -> list[list[Any]]:
    """`SELECT columns rest` (text and numbers only), every row in one step."""
    packed = connection.execute(
        f"SELECT json_group_array(json_array({columns})) {rest}", params
    ).fetchone()[0]
    rows: list[list[Any]] = json.loads(packed)
    return rows
