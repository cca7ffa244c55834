"""Bulk inserts of plain rows straight to the DB-API driver.

``Connection.execute(insert(Table), [dict, ...])`` processes every row's parameters in Python
(binding, type processing), which costs more than SQLite takes to store a small row.  The
bulk side tables written with every article (LSH bands, the full-text index: 17 rows per article)
hold only strings and integers, so they go to the driver's ``executemany`` as tuples instead.
The statement is written with ``?`` placeholders and adapted to the driver's paramstyle.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

_PLACEHOLDER = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def executemany(conn: Connection, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """Run ``sql`` (``?`` placeholders, no other ``?`` or ``%`` in it) once per row, in the driver."""
    if not rows:
        return
    style = conn.dialect.paramstyle
    ph = _PLACEHOLDER.get(style)
    if ph is None:  # pragma: no cover - every dialect Marsad supports has one of the above
        raise NotImplementedError(f"bulk insert: paramstyle {style!r}")
    conn.exec_driver_sql(sql if ph == "?" else sql.replace("?", ph), list(rows))
