"""The lean path for the hot endpoints: Core statements without a session or threadpool hop.

Measured (docs/decisions/0002): on SQLite a single indexed statement takes microseconds, less
than a threadpool hop, so it runs inline on the event loop through the sync engine. On
PostgreSQL the same Core statements, compiled once to SQL text, run on psycopg's own async
pool, so round trips overlap without threads (SQLAlchemy's async layer measured slower).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any, Protocol

from psycopg.types.json import Json
from psycopg_pool import AsyncConnectionPool
from sqlalchemy import Executable
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import make_url

from privacy_api.core.db import Database


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


class _Inline:
    def __init__(self, connection: Any) -> None:
        self._connection = connection

    async def execute(
        self, statement: Executable, parameters: Mapping[str, Any] | None = None
    ) -> HotResult:
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


class HotPath:
    def __init__(self, db: Database, url: str, *, pool_size: int, connect_timeout: int) -> None:
        self._db = db
        self.dialect = db.engine.dialect.name
        self._autocommit = db.engine.execution_options(isolation_level="AUTOCOMMIT")
        self._pool: AsyncConnectionPool | None = None
        if not url.startswith("sqlite"):
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
        engine = (
            self._db.engine.execution_options(sqlite_begin="IMMEDIATE")
            if write
            else self._db.engine
        )
        with engine.begin() as sync_conn:
            yield _Inline(sync_conn)

    @asynccontextmanager
    async def single(self) -> AsyncIterator[HotConnection]:
        """For one statement, which is atomic alone: no BEGIN and COMMIT round trips."""
        if self._pool is not None:
            async with self._pool.connection() as conn:
                yield _Psycopg(conn)
            return
        with self._autocommit.connect() as sync_conn:
            yield _Inline(sync_conn)

    async def dispose(self) -> None:
        if self._pool is not None:
            await self._pool.close()
