"""The lean path for the hot endpoints: Core statements without a session or threadpool hop.

Measured (docs/decisions/0002): a single indexed statement takes microseconds, less than a
threadpool hop, so on SQLite it runs inline on the event loop. Each Core statement is
compiled once to SQL text, with its columns' own conversions (JSON, times), and runs on the
raw driver: sqlite3 here, psycopg's async pool on PostgreSQL, where round trips overlap
without threads. An engine's per-call bookkeeping cost more than the query itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any, Protocol, TypeVar

import asyncpg
from pydantic_core import to_json
from sqlalchemy import (
    JSON,
    Executable,
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
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import ColumnElement, FromClause
from sqlalchemy.types import TypeEngine

from privacy_api.core.db import SQLITE_CHECKPOINT, Database
from privacy_api.core.errors import database_unavailable

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


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY


class _SqliteLockWait:
    """Waits for SQLite's write lock by yielding the event loop, never by blocking it.

    The hot path runs on the event loop thread. Were it to wait inside SQLite (busy_timeout)
    while a threadpool request holds the write lock, that request could not finish (its
    commit needs the loop): both would stall until the timeout. So hot connections do not
    wait in SQLite at all, and a busy lock is retried after an asyncio sleep.
    """

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds

    async def run(self, action: Callable[[], _T]) -> _T:
        """`action`, retried while SQLite reports the database busy."""
        deadline = time.monotonic() + self._seconds
        delay = 0.0005
        while True:
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() > deadline:
                    raise
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.02)


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


def _prepared(statement: Executable, dialect: Any) -> _Compiled:
    # Statements are module-level constants, so their compiled form is cached by identity.
    key = (id(statement), dialect.driver)
    found = _compiled.get(key)
    if found is None:
        found = _compiled[key] = _Compiled.of(statement, dialect)
    return found


class _RawSqlite:
    """SQLite's own driver, without an engine's per-call bookkeeping (decision 0002)."""

    dialect = "sqlite"

    def __init__(self, connection: sqlite3.Connection, lock_wait: _SqliteLockWait | None) -> None:
        self._connection = connection
        # Given for autocommit use, where each statement takes the lock itself.
        self._lock_wait = lock_wait

    async def execute(
        self, statement: Executable, parameters: Mapping[str, Any] | None = None
    ) -> HotResult:
        compiled = _prepared(statement, _SQLITE)
        values = compiled.parameters(parameters)
        if self._lock_wait is None:
            return self._run(compiled, values)
        return await self._lock_wait.run(lambda: self._run(compiled, values))

    async def insert_rows(
        self, table: Table, rows: Sequence[Mapping[str, Any]], *, shared: Mapping[str, Any]
    ) -> None:
        if not rows:
            return
        compiled = _prepared(_rows_of(table, tuple(rows[0]), tuple(shared)), _SQLITE)
        values = _sqlite_rows(table, compiled, rows, shared)
        # Not retried while busy: it runs inside a transaction, which holds the lock.
        try:
            self._connection.executemany(compiled.sql, values)
        except sqlite3.IntegrityError as exc:
            raise IntegrityError(compiled.sql, None, exc) from exc

    async def queue_for(self, name: str) -> None:
        # A write transaction holds SQLite's one write lock from its BEGIN IMMEDIATE.
        return None

    def _run(self, compiled: _Compiled, values: list[Any]) -> HotResult:
        try:
            cursor = self._connection.execute(compiled.sql, values)
        except sqlite3.IntegrityError as exc:
            raise IntegrityError(compiled.sql, None, exc) from exc
        rows = [compiled.row(r) for r in cursor.fetchall()] if cursor.description else []
        return HotResult(cursor.rowcount, rows)


class _SqliteConnections:
    """Raw connections to the database file, used only on the event loop thread."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._idle: list[sqlite3.Connection] = []

    def take(self) -> sqlite3.Connection:
        return self._idle.pop() if self._idle else self._open()

    def give_back(self, connection: sqlite3.Connection) -> None:
        if connection.in_transaction:
            connection.rollback()
        self._idle.append(connection)

    def _open(self) -> sqlite3.Connection:
        # Opened on the loop thread and used only there; the check is for other threads.
        connection = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        # The hot connections write the records batches: a 32 MB page cache each (of a
        # few) keeps the indexes' pages at hand; the sessions' many keep the default 2 MB.
        pragmas = ("foreign_keys=ON", "synchronous=NORMAL", "busy_timeout=0", "cache_size=-32768")
        for pragma in (*pragmas, SQLITE_CHECKPOINT):
            connection.execute(f"PRAGMA {pragma}")
        return connection

    def close(self) -> None:
        while self._idle:
            self._idle.pop().close()


class _Asyncpg:
    """asyncpg: the protocol in Cython on asyncio's transports, no reader churn per query."""

    dialect = "postgresql"

    def __init__(
        self, connection: asyncpg.Connection, queues: dict[str, asyncio.Lock] | None = None
    ) -> None:
        self._connection = connection
        self._queues = queues
        self._held: list[asyncio.Lock] = []

    async def queue_for(self, name: str) -> None:
        assert self._queues is not None, "queue_for is for transactions (HotPath.begin)"
        queue = self._queues.setdefault(name, asyncio.Lock())
        await queue.acquire()
        self._held.append(queue)

    def release_queues(self) -> None:
        while self._held:
            self._held.pop().release()

    async def execute(
        self, statement: Executable, parameters: Mapping[str, Any] | None = None
    ) -> HotResult:
        compiled = _prepared(statement, _ASYNCPG)
        values = compiled.parameters(parameters)
        try:
            if compiled.results:
                rows = await self._connection.fetch(compiled.sql, *values)
                return HotResult(len(rows), [compiled.row(r) for r in rows])
            status = await self._connection.execute(compiled.sql, *values)
        except asyncpg.IntegrityConstraintViolationError as exc:
            # As SQLAlchemy reports it, so callers catch one exception on either database.
            raise IntegrityError(compiled.sql, None, exc) from exc
        count = status.rsplit(" ", 1)[-1]
        return HotResult(int(count) if count.isdigit() else -1, [])

    async def insert_rows(
        self, table: Table, rows: Sequence[Mapping[str, Any]], *, shared: Mapping[str, Any]
    ) -> None:
        if not rows:
            return
        columns = tuple(rows[0])
        statement = _split_insert(table, columns, tuple(shared))
        await self.execute(statement, {**column_texts(table, columns, rows), **shared})


async def _end_any_transaction(connection: asyncpg.Connection) -> None:
    # asyncpg's default reset is a round trip (advisory unlock, CLOSE ALL, UNLISTEN, RESET
    # ALL) on every release; hot statements leave no session state behind, so only a
    # transaction left open (a cancelled request) needs ending.
    if connection.is_in_transaction():
        await connection.execute("ROLLBACK")


async def _json_codecs(connection: asyncpg.Connection) -> None:
    # As SQLAlchemy's asyncpg dialect does: its JSON bind processor has already made the
    # text, and the column's result processor expects the value decoded. (`json` in binary
    # format is its text.)
    await connection.set_type_codec(
        "json", encoder=str.encode, decoder=json.loads, schema="pg_catalog", format="binary"
    )
    await connection.set_type_codec(
        "jsonb", encoder=str, decoder=json.loads, schema="pg_catalog", format="text"
    )


# What a database that went away looks like from asyncpg: the request fails fast with 503.
_UNAVAILABLE = (
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.InternalClientError,
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.InsufficientResourcesError,
    OSError,
    TimeoutError,
)


@asynccontextmanager
async def _dropped_if_broken(connection: asyncpg.Connection) -> AsyncIterator[None]:
    """A connection that failed as if the database went away is closed here, before the
    pool takes it back: the pool would otherwise try to roll back on it, and log that
    attempt (and its failure) as errors while the request is already answered 503."""
    try:
        yield
    except _UNAVAILABLE:
        connection.terminate()
        raise


class HotPath:
    def __init__(
        self,
        db: Database,
        url: str,
        *,
        pool_size: int,
        connect_timeout: int,
        lock_wait_seconds: float = 10.0,
    ) -> None:
        self._lock_wait = _SqliteLockWait(lock_wait_seconds)
        self._sqlite: _SqliteConnections | None = None
        self._pool: asyncpg.Pool | None = None
        self._queues: dict[str, asyncio.Lock] = {}
        self._sqlite_writers = asyncio.Lock()
        self._dsn = make_url(url).set(drivername="postgresql").render_as_string(False)
        self._pool_size = pool_size
        self._connect_timeout = connect_timeout
        if url.startswith("sqlite"):
            self._sqlite = _SqliteConnections(db.engine.url.database or ":memory:")

    async def open(self) -> None:
        if self._sqlite is None:
            # No connection yet: the service starts, and answers 503, while the database
            # is down; connections are made on first use and replaced when they break.
            self._pool = await asyncpg.create_pool(
                self._dsn,
                min_size=0,
                max_size=self._pool_size,
                timeout=self._connect_timeout,
                server_settings={"timezone": "UTC"},
                init=_json_codecs,
                reset=_end_any_transaction,
            )

    @property
    def dialect(self) -> str:
        return "postgresql" if self._sqlite is None else "sqlite"

    @asynccontextmanager
    async def begin(self, *, write: bool = True) -> AsyncIterator[HotConnection]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        if self._sqlite is None:
            assert self._pool is not None, "HotPath.open() was not awaited"
            hot: _Asyncpg | None = None
            try:
                async with (
                    self._acquire() as conn,
                    _dropped_if_broken(conn),
                    conn.transaction(),
                ):
                    hot = _Asyncpg(conn, self._queues)
                    yield hot
            except _UNAVAILABLE as exc:
                raise database_unavailable(exc) from exc
            finally:
                if hot is not None:  # after the commit or rollback, not before
                    hot.release_queues()
            return
        assert self._sqlite is not None
        # This process's write transactions take turns here, handed over at once, instead
        # of polling SQLite's lock with back-off (which left it idle between holders).
        async with self._sqlite_writers if write else contextlib.nullcontext():
            connection = self._sqlite.take()
            try:
                begin = "BEGIN IMMEDIATE" if write else "BEGIN"
                await self._lock_wait.run(lambda: connection.execute(begin))
                yield _RawSqlite(connection, None)
                connection.execute("COMMIT")
            finally:
                self._sqlite.give_back(connection)

    @asynccontextmanager
    async def single(self) -> AsyncIterator[HotConnection]:
        """For one statement, which is atomic alone: no BEGIN and COMMIT round trips."""
        if self._sqlite is None:
            assert self._pool is not None, "HotPath.open() was not awaited"
            try:
                async with self._acquire() as conn, _dropped_if_broken(conn):
                    yield _Asyncpg(conn)
            except _UNAVAILABLE as exc:
                raise database_unavailable(exc) from exc
            return
        assert self._sqlite is not None
        connection = self._sqlite.take()
        try:
            yield _RawSqlite(connection, self._lock_wait)
        finally:
            self._sqlite.give_back(connection)

    def _acquire(self) -> Any:
        assert self._pool is not None
        return self._pool.acquire(timeout=self._connect_timeout)

    async def dispose(self) -> None:
        if self._pool is not None:
            await self._pool.close()
        if self._sqlite is not None:
            self._sqlite.close()
