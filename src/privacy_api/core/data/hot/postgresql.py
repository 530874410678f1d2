"""The hot path on PostgreSQL: an asyncpg pool, its JSON codecs, and a broken connection dropped."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from sqlalchemy import (
    Executable,
    Table,
)
from sqlalchemy.exc import IntegrityError

from privacy_api.core.data.hot.batch import _split_insert, column_texts
from privacy_api.core.data.hot.compile import _ASYNCPG, HotResult, _prepared


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
