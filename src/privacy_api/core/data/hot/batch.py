"""Many rows in one statement: columns sent as joined texts and split in SQL, so a batch
is one round trip."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from pydantic_core import to_json
from sqlalchemy import (
    JSON,
    Insert,
    Select,
    String,
    Table,
    Text,
    bindparam,
    cast,
    func,
    insert,
    select,
)
from sqlalchemy.sql import ColumnElement, FromClause
from sqlalchemy.types import TypeEngine

from privacy_api.core.data.hot.compile import _ASYNCPG, _Compiled, insert_of

# No text of a batch's values holds it: compact JSON escapes every control character, and
# ids and keys are drawn from patterns without one (`column_texts` checks all the same).
SEPARATOR = "\x1f"  # ASCII's unit separator
_SEPARATOR = bindparam("separator", SEPARATOR, type_=Text)


def split_rows(table: Table, columns: Sequence[str]) -> Select[Any]:
    """PostgreSQL: rows of `table`'s `columns`, each column sent as one text parameter
    named after it, its values' texts joined by SEPARATOR (`column_texts`).

    Splitting a text is a scan for one byte; `json_to_recordset`, before, built a hash
    table for every object and copied its strings a character at a time: a quarter of
    PostgreSQL's time for a batch (docs/decisions/0002). The unnests stand in the
    select list, where PostgreSQL runs them in step without first storing their rows.
    """
    return select(
        *(
            _typed(
                func.unnest(func.string_to_array(bindparam(name, type_=Text), _SEPARATOR)),
                table.c[name].type,
            ).label(name)
            for name in columns
        )
    )


def _typed(text: ColumnElement[Any], type_: TypeEngine[Any]) -> ColumnElement[Any]:
    # Strings are left to the INSERT, which refuses one longer than its column; an explicit
    # cast would cut it short.
    return text if isinstance(type_, String) else cast(text, type_)


def column_texts(
    table: Table, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]
) -> dict[str, str]:
    """The parameters of `split_rows`: each column's values as PostgreSQL reads them, JSON
    written compact by pydantic-core."""
    texts = {}
    for name in columns:
        values = [row[name] for row in rows]
        if None in values:
            raise ValueError(f"{name}: NULL cannot be sent in a joined text")
        joined = SEPARATOR.join(_as_text(table.c[name].type, values))
        # One empty value would read as no value at all, and a separator inside one as two.
        if not joined or joined.count(SEPARATOR) != len(values) - 1:
            raise ValueError(f"{name}: a value is empty or holds the separator")
        texts[name] = joined
    return texts


def _as_text(type_: TypeEngine[Any], values: list[Any]) -> list[str]:
    if isinstance(type_, JSON):
        return _compact_json(values)
    if isinstance(type_, String):
        return values
    process = type_._cached_bind_processor(_ASYNCPG)  # e.g. UTCDateTime: to UTC, never naive
    return _each_once(values, lambda value: _text(value, process))


def _text(value: Any, process: Callable[[Any], Any] | None) -> str:
    value = process(value) if process is not None else value
    return value.isoformat() if isinstance(value, datetime | date) else str(value)


def _compact_json(values: list[Any]) -> list[Any]:
    """JSON values as pydantic-core writes them, compact: the text a record's size limit
    measures, stored alike on both databases. NULL stays NULL."""
    return [None if value is None else to_json(value).decode() for value in values]


def _each_once(values: list[Any], convert: Callable[[Any], Any]) -> list[Any]:
    """`convert` of every value, run once for each distinct one: a batch's rows share most
    times. NULL stays NULL."""
    memo: dict[Any, Any] = {}
    return [
        None if v is None else memo[v] if v in memo else memo.setdefault(v, convert(v))
        for v in values
    ]


def insert_given(
    table: Table,
    given: FromClause,
    shared: Sequence[str],
    *,
    where: ColumnElement[bool] | None = None,
) -> Insert:
    """INSERT ... SELECT of `given`'s columns, and of parameters named after the columns in
    `shared`, whose values every row has alike; only `where` it holds, if given."""
    values = [*given.c, *(bindparam(name, type_=table.c[name].type) for name in shared)]
    rows = select(*values).select_from(given)
    if where is not None:
        rows = rows.where(where)
    return insert(table).from_select([*given.c.keys(), *shared], rows)


@functools.cache
def _split_insert(table: Table, columns: tuple[str, ...], shared: tuple[str, ...]) -> Insert:
    return insert_given(table, split_rows(table, columns).subquery("split"), shared)


@functools.cache
def _rows_of(table: Table, columns: tuple[str, ...], shared: tuple[str, ...]) -> Insert:
    """SQLite: one row's INSERT, run for every row by executemany."""
    return insert_of(table, (*columns, *shared))


def _sqlite_rows(
    table: Table, compiled: _Compiled, rows: Sequence[Mapping[str, Any]], shared: Mapping[str, Any]
) -> list[tuple[Any, ...]]:
    """The rows as SQLite stores them, in the statement's parameter order, by the columns'
    own conversions, JSON written as PostgreSQL's rows have it (`column_texts`)."""
    constants = dict(zip(compiled.names, compiled.parameters(shared), strict=True))
    values: list[list[Any]] = []
    for name in compiled.names:
        if name in shared:
            values.append([constants[name]] * len(rows))
            continue
        column = [row[name] for row in rows]
        if isinstance(table.c[name].type, JSON):
            column = _compact_json(column)
        elif (process := compiled.binds[name]) is not None:
            column = _each_once(column, process)
        values.append(column)
    return list(zip(*values, strict=True))
