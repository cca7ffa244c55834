"""Bulk inserts of plain rows straight to the DB-API driver.

``Connection.execute(insert(Table), [dict, ...])`` processes every row's parameters in Python
(binding, type processing), which costs more than SQLite takes to store a small row.  The
bulk side tables written with every article (LSH bands, the full-text index: 17 rows per article)
hold only strings and integers, so they go to the driver's ``executemany`` as tuples instead.
The statement is written with ``?`` placeholders and adapted to the driver's paramstyle.
:func:`select_in` does the same for the writer's ``WHERE id IN (…)`` look-ups.
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


def select_in(conn: Connection, sql: str, values: Sequence[Any], chunk: int = 500) -> list[Any]:
    """The rows of ``sql`` for every value: ``sql`` holds one ``IN ({})``, filled with ``chunk``
    placeholders at a time (the driver binds the values: no per-value work in SQLAlchemy)."""
    style = conn.dialect.paramstyle
    ph = _PLACEHOLDER.get(style)
    if ph is None:  # pragma: no cover - every dialect Marsad supports has one of the above
        raise NotImplementedError(f"bulk select: paramstyle {style!r}")
    out: list[Any] = []
    for i in range(0, len(values), chunk):
        part = tuple(values[i:i + chunk])
        out.extend(conn.exec_driver_sql(sql.format(",".join([ph] * len(part))), part).all())
    return out
