"""Bulk insertion of records: COPY on PostgreSQL, one executemany on SQLite.

PostgreSQL's COPY takes rows at several times the rate of pipelined INSERTs (measured in
BENCHMARKS.md); SQLite's executemany is already a tight C loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, insert
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
        session.execute(insert(_TABLE), list(rows))
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
