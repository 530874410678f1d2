"""Statements compiled once to SQL text for each driver, with their columns' own conversions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol, TypeVar

from sqlalchemy import (
    Executable,
    Insert,
    Table,
    bindparam,
    insert,
)
from sqlalchemy.dialects import postgresql, sqlite

_T = TypeVar("_T")


class HotResult:
    def __init__(self, rowcount: int, rows: Sequence[Sequence[Any]]) -> None:
        self.rowcount = rowcount
        self.rows = rows

    def first(self) -> Sequence[Any] | None:
        return self.rows[0] if self.rows else None


class HotConnection(Protocol):
    dialect: str  # "sqlite" or "postgresql", for the statements that differ

    async def execute(
        self, statement: Executable, parameters: Mapping[str, Any] | None = None
    ) -> HotResult: ...

    async def insert_rows(
        self, table: Table, rows: Sequence[Mapping[str, Any]], *, shared: Mapping[str, Any]
    ) -> None:
        """Many rows in one statement. Each row maps the same columns to values pydantic
        can write as JSON (JSON columns as dicts, times aware); `shared` holds the values of
        the columns every row has alike. JSON columns are stored compact, as
        `pydantic_core.to_json` writes them."""

    async def queue_for(self, name: str) -> None:
        """Wait until no other transaction of this process holds `name`, then hold it until
        this transaction ends. Taken before a row lock every writer needs (the audit
        chain's head): waiting here costs the event loop nothing, while a dozen PostgreSQL
        backends queued on one row cost the database more than the work (decision 0002)."""


_SQLITE = sqlite.pysqlite.dialect()
_SQLITE.paramstyle = "qmark"
_ASYNCPG = postgresql.asyncpg.dialect()  # type: ignore[no-untyped-call]


@dataclass(frozen=True)
class _Compiled:
    """A Core statement compiled once for a raw driver, with its columns' type handling."""

    sql: str
    names: tuple[str, ...]
    own: dict[str, Any]
    binds: dict[str, Callable[[Any], Any] | None]
    results: tuple[Callable[[Any], Any] | None, ...]

    @classmethod
    def of(cls, statement: Executable, dialect: Any) -> _Compiled:
        compiled: Any = statement.compile(dialect=dialect)  # type: ignore[attr-defined]
        names = tuple(compiled.positiontup or ())
        return cls(
            sql=str(compiled),
            names=names,
            own=dict(compiled.params),
            binds={n: compiled.binds[n].type._cached_bind_processor(dialect) for n in names},
            results=tuple(
                entry[3]._cached_result_processor(dialect, None)
                for entry in compiled._result_columns
            ),
        )

    def parameters(self, given: Mapping[str, Any] | None) -> list[Any]:
        values = []
        for name in self.names:
            value = given[name] if given is not None and name in given else self.own[name]
            process = self.binds[name]
            values.append(process(value) if process is not None and value is not None else value)
        return values

    def row(self, raw: Sequence[Any]) -> tuple[Any, ...]:
        if not self.converted:
            return tuple(raw)
        values = list(raw)
        for index in self.converted:
            value = values[index]
            if value is not None:
                values[index] = self.results[index](value)  # type: ignore[misc]
        return tuple(values)

    @cached_property
    def converted(self) -> tuple[int, ...]:
        """The result columns that have a conversion (most have none)."""
        return tuple(i for i, process in enumerate(self.results) if process is not None)


def insert_of(table: Any, names: Iterable[str], prefix: str = "") -> Insert:
    """INSERT of the columns `names`, each bound to the parameter `prefix` + its name."""
    return insert(table).values({name: bindparam(prefix + name) for name in names})


def prefixed(prefix: str, values: Mapping[str, Any]) -> dict[str, Any]:
    return {prefix + name: value for name, value in values.items()}


def all_in_one(last: Insert, *others: Insert) -> Insert:
    """Several INSERTs as one PostgreSQL statement (data-modifying CTEs), one round trip
    instead of one each. Their parameters must differ in name: see `insert_of`'s prefix."""
    return last.add_cte(*(other.cte(f"written_{n}") for n, other in enumerate(others)))


_compiled: dict[tuple[int, str], _Compiled] = {}


def _prepared(statement: Executable, dialect: Any) -> _Compiled:
    # Statements are module-level constants, so their compiled form is cached by identity.
    key = (id(statement), dialect.driver)
    found = _compiled.get(key)
    if found is None:
        found = _compiled[key] = _Compiled.of(statement, dialect)
    return found
