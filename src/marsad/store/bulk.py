"""Bulk inserts of plain rows straight to the DB-API driver.

``Connection.execute(insert(Table), [dict, ...])`` processes every row's parameters in Python
(binding, type processing), which costs more than SQLite takes to store a small row.  The
bulk side tables written with every article (LSH bands, the full-text index: 17 rows per article)
hold only strings and integers, so they go to the driver's ``executemany`` as tuples instead.
The statement is written with ``?`` placeholders and adapted to the driver's paramstyle.
:func:`select_in` does the same for the writer's ``WHERE id IN (…)`` look-ups.

The analysis tables (mentions, events, relations, entities: ~27 rows per article) go the same way
(:func:`insert_sql`); the writer then does the type processing SQLAlchemy would do for them itself:
JSON values as ``json.dumps`` text (``None`` as the text ``null``, as SQLAlchemy's ``JSON`` writes
it) and ``float()`` for float columns.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Table

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


def _run_in(conn: Connection, sql: str, values: Sequence[Any], chunk: int) -> Iterator[Any]:
    """The result of ``sql`` (one ``IN ({})``) for each chunk of ``values``, the driver binding them."""
    style = conn.dialect.paramstyle
    ph = _PLACEHOLDER.get(style)
    if ph is None:  # pragma: no cover - every dialect Marsad supports has one of the above
        raise NotImplementedError(f"bulk IN statement: paramstyle {style!r}")
    for i in range(0, len(values), chunk):
        part = tuple(values[i:i + chunk])
        yield conn.exec_driver_sql(sql.format(",".join([ph] * len(part))), part)


def select_in(conn: Connection, sql: str, values: Sequence[Any], chunk: int = 500) -> list[Any]:
    """The rows of ``sql`` for every value: ``sql`` holds one ``IN ({})``, filled with ``chunk``
    placeholders at a time (the driver binds the values: no per-value work in SQLAlchemy)."""
    return [row for result in _run_in(conn, sql, values, chunk) for row in result.all()]


def execute_in(conn: Connection, sql: str, values: Sequence[Any], chunk: int = 500) -> None:
    """:func:`select_in` for a statement that returns no rows (``DELETE … WHERE x IN ({})``)."""
    for _result in _run_in(conn, sql, values, chunk):
        pass


def insert_sql(table: Table, columns: Sequence[str]) -> str:
    """``INSERT INTO table (columns) VALUES (?, …)`` for :func:`executemany`; every name is quoted
    (``mentions."end"``), and a name that is not one of the table's columns raises ``KeyError``."""
    missing = [c for c in columns if c not in table.c]
    if missing:
        raise KeyError(f"{table.name} has no column {missing[0]!r}")
    names = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join(["?"] * len(columns))})'
