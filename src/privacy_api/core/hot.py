"""The lean path for the hot endpoints: Core statements without a session or threadpool hop.

Measured (docs/decisions/0002): on SQLite a single indexed statement takes microseconds, less
than a threadpool hop, so it runs inline on the event loop through the sync engine. On
PostgreSQL the same Core statements, compiled once to SQL text, run on psycopg's own async
pool, so round trips overlap without threads (SQLAlchemy's async layer measured slower).
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from typing import Any, Protocol

from psycopg.types.json import Json
from psycopg_pool import AsyncConnectionPool
from sqlalchemy import Connection, Engine, Executable, event
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from privacy_api.core.db import Database, make_engine


class HotResult:
    def __init__(self, rowcount: int, rows: Sequence[Sequence[Any]]) -> None:
        self.rowcount = rowcount
        self.rows = rows

    def first(self) -> Sequence[Any] | None:
        return self.rows[0] if self.rows else None


class HotConnection(Protocol):
    async def execute(
        self, statement: Executable, parameters: Mapping[str, Any] | None = None
    ) -> HotResult: ...


def _is_busy(exc: OperationalError) -> bool:
    return getattr(exc.orig, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY


class _SqliteLockWait:
    """Waits for SQLite's write lock by yielding the event loop, never by blocking it.

    The hot path runs on the event loop thread. Were it to wait inside SQLite (busy_timeout)
    while a threadpool request holds the write lock, that request could not finish (its
    commit needs the loop): both would stall until the timeout. So hot connections do not
    wait in SQLite at all, and a busy lock is retried after an asyncio sleep.
    """

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds

    async def attempts(self) -> AsyncIterator[None]:
        deadline = time.monotonic() + self._seconds
        delay = 0.0005
        while True:
            yield
            if time.monotonic() > deadline:
                return
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.02)


class _Inline:
    def __init__(self, connection: Any, lock_wait: _SqliteLockWait | None = None) -> None:
        self._connection = connection
        # Given for autocommit connections, where each statement takes the lock itself.
        self._lock_wait = lock_wait

    async def execute(
        self, statement: Executable, parameters: Mapping[str, Any] | None = None
    ) -> HotResult:
        if self._lock_wait is None:
            return self._run(statement, parameters)
        error: OperationalError | None = None
        async for _ in self._lock_wait.attempts():
            try:
                return self._run(statement, parameters)
            except OperationalError as exc:
                if not _is_busy(exc):
                    raise
                error = exc
        assert error is not None
        raise error

    def _run(self, statement: Executable, parameters: Mapping[str, Any] | None) -> HotResult:
        result = self._connection.execute(statement, parameters)
        rows = result.all() if result.returns_rows else []
        return HotResult(result.rowcount, rows)


_PG = postgresql.psycopg.dialect()  # type: ignore[no-untyped-call]
_compiled: dict[int, tuple[str, dict[str, Any]]] = {}


def _pg_sql(statement: Executable) -> tuple[str, dict[str, Any]]:
    """The statement's SQL text and the values it carries itself (literals in VALUES)."""
    # Statements are module-level constants, so their compiled form is cached by identity.
    found = _compiled.get(id(statement))
    if found is None:
        compiled = statement.compile(dialect=_PG)  # type: ignore[attr-defined]
        found = (str(compiled), dict(compiled.params))
        _compiled[id(statement)] = found
    return found


class _Psycopg:
    def __init__(self, connection: Any) -> None:
        self._connection = connection

    async def execute(
        self, statement: Executable, parameters: Mapping[str, Any] | None = None
    ) -> HotResult:
        # Without SQLAlchemy's bind processing, JSON values need psycopg's wrapper.
        sql, own = _pg_sql(statement)
        merged = {**own, **(parameters or {})}
        params = {k: Json(v) if isinstance(v, dict | list) else v for k, v in merged.items()}
        cursor = await self._connection.execute(sql, params)
        rows = await cursor.fetchall() if cursor.description else []
        return HotResult(cursor.rowcount, rows)


def _conninfo(url: str, connect_timeout: int) -> str:
    parsed = make_url(url)
    parts = {
        "host": parsed.host,
        "port": parsed.port,
        "dbname": parsed.database,
        "user": parsed.username,
        "password": parsed.password,
        "connect_timeout": connect_timeout,
        **parsed.query,
    }
    return " ".join(f"{k}={v}" for k, v in parts.items() if v is not None)


def _sqlite_engine_that_never_waits(db: Database) -> Engine:
    """An engine on the same SQLite file whose connections fail at once on a busy lock."""
    if db.engine.url.database in (None, "", ":memory:"):
        return db.engine  # one in-memory database lives on its one engine
    engine = make_engine(str(db.engine.url), pool_size=db.engine.pool.size())  # type: ignore[attr-defined]

    @event.listens_for(engine, "connect")
    def _no_busy_wait(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute("PRAGMA busy_timeout=0")

    return engine


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
        self._db = db
        self.dialect = db.engine.dialect.name
        self._pool: AsyncConnectionPool | None = None
        self._lock_wait = _SqliteLockWait(lock_wait_seconds)
        if url.startswith("sqlite"):
            self._engine = _sqlite_engine_that_never_waits(db)
            self._autocommit = self._engine.execution_options(isolation_level="AUTOCOMMIT")
        else:
            self._pool = AsyncConnectionPool(
                _conninfo(url, connect_timeout),
                min_size=1,
                max_size=pool_size,
                timeout=connect_timeout,
                open=False,
                kwargs={"options": "-c timezone=UTC", "prepare_threshold": 1, "autocommit": True},
            )

    async def open(self) -> None:
        if self._pool is not None:
            await self._pool.open(wait=False)

    @asynccontextmanager
    async def begin(self, *, write: bool = True) -> AsyncIterator[HotConnection]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        if self._pool is not None:
            async with self._pool.connection() as conn, conn.transaction():
                yield _Psycopg(conn)
            return
        with await self._sqlite_transaction(write) as sync_conn:
            yield _Inline(sync_conn)

    async def _sqlite_transaction(self, write: bool) -> Any:
        engine = self._engine.execution_options(sqlite_begin="IMMEDIATE" if write else "DEFERRED")
        error: OperationalError | None = None
        async for _ in self._lock_wait.attempts():
            conn = engine.connect()
            try:
                conn.begin()
            except OperationalError as exc:
                conn.close()
                if not _is_busy(exc):
                    raise
                error = exc
                continue
            return _committing(conn)
        assert error is not None
        raise error

    @asynccontextmanager
    async def single(self) -> AsyncIterator[HotConnection]:
        """For one statement, which is atomic alone: no BEGIN and COMMIT round trips."""
        if self._pool is not None:
            async with self._pool.connection() as conn:
                yield _Psycopg(conn)
            return
        with self._autocommit.connect() as sync_conn:
            yield _Inline(sync_conn, self._lock_wait)

    async def dispose(self) -> None:
        if self._pool is not None:
            await self._pool.close()
        elif self._engine is not self._db.engine:
            self._engine.dispose()


@contextmanager
def _committing(conn: Connection) -> Iterator[Connection]:
    """Commit the begun transaction of `conn` if the block succeeds, roll back if not."""
    with conn:
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
