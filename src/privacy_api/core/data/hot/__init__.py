"""The lean path for the hot endpoints: Core statements without a session or threadpool hop.

Measured (docs/decisions/0002): a single indexed statement takes microseconds, less than a
threadpool hop, so on SQLite it runs inline on the event loop. Each Core statement is
compiled once to SQL text, with its columns' own conversions (JSON, times), and runs on the
raw driver: sqlite3 here, asyncpg's pool on PostgreSQL, where round trips overlap
without threads. An engine's per-call bookkeeping cost more than the query itself.

The package: `compile` (statements to SQL text once), `batch` (many rows in one statement),
`sqlite` and `postgresql` (the raw drivers); `HotPath` here picks one per database.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from privacy_api.core.data.db import Database
from privacy_api.core.data.hot.batch import SEPARATOR as SEPARATOR
from privacy_api.core.data.hot.batch import column_texts as column_texts
from privacy_api.core.data.hot.batch import insert_given as insert_given
from privacy_api.core.data.hot.batch import split_rows as split_rows

# The names callers import from core.hot, kept there whichever module now holds them.
from privacy_api.core.data.hot.compile import HotConnection as HotConnection
from privacy_api.core.data.hot.compile import HotResult as HotResult
from privacy_api.core.data.hot.compile import all_in_one as all_in_one
from privacy_api.core.data.hot.compile import insert_of as insert_of
from privacy_api.core.data.hot.compile import prefixed as prefixed
from privacy_api.core.data.hot.postgresql import (
    _UNAVAILABLE,
    _Asyncpg,
    _dropped_if_broken,
    _end_any_transaction,
    _json_codecs,
)
from privacy_api.core.data.hot.sqlite import _RawSqlite, _SqliteConnections, _SqliteLockWait
from privacy_api.core.http.errors import database_unavailable


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
