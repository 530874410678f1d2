"""Bulk insertion of records: COPY on PostgreSQL, the driver's executemany on SQLite.

PostgreSQL's COPY takes rows at several times the rate of pipelined INSERTs (measured in
BENCHMARKS.md); sqlite3's executemany is a tight C loop once the rows are tuples.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Connection, Table
from sqlalchemy.orm import Session

from privacy_api.records.models import Record

# The Core table, not the mapped class: an ORM bulk insert inspects every row dict.
_TABLE = cast(Table, Record.__table__)
_COLUMNS = (
    "subject_id",
    "activity",
    "category",
    "property",
    "data",
    "occurred_at",
    "recorded_at",
    "register_version",
)


def insert_records(
    session: Session, rows: Sequence[dict[str, Any]], data_json: Sequence[str]
) -> None:
    """Insert in the session's transaction: the rows commit or roll back with the request.

    `data_json` is each row's data already encoded, so COPY does not encode it again.
    """
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        _insert_sqlite(connection, rows, data_json)
        return
    driver = connection.connection.driver_connection
    assert driver is not None
    statement = f"COPY record ({', '.join(_COLUMNS)}) FROM STDIN"
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row, data in zip(rows, data_json, strict=True):
            copy.write_row(
                (
                    row["subject_id"],
                    row["activity"],
                    row["category"],
                    row["property"],
                    data,
                    row["occurred_at"],
                    row["recorded_at"],
                    row["register_version"],
                )
            )


_SQLITE_INSERT = (
    f"INSERT INTO record ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
)


def _insert_sqlite(
    connection: Connection, rows: Sequence[dict[str, Any]], data_json: Sequence[str]
) -> None:
    # The driver's executemany, with times converted as the column type stores them: the
    # engine's own executemany spent most of its time building per-row parameter dicts.
    to_stored = _TABLE.c.occurred_at.type._cached_bind_processor(connection.dialect)
    assert to_stored is not None
    stored: dict[Any, Any] = {}

    def time_of(value: Any) -> Any:
        found = stored.get(value)
        if found is None:
            found = stored[value] = to_stored(value)
        return found

    values = [
        (
            row["subject_id"],
            row["activity"],
            row["category"],
            row["property"],
            data,
            time_of(row["occurred_at"]),
            time_of(row["recorded_at"]),
            row["register_version"],
        )
        for row, data in zip(rows, data_json, strict=True)
    ]
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.executemany(_SQLITE_INSERT, values)
