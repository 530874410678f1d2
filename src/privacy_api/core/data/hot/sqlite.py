"""The hot path on SQLite: the raw sqlite3 connection, inline on the event loop,
waiting out a busy lock."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    Executable,
    Table,
)
from sqlalchemy.exc import IntegrityError

from privacy_api.core.data.db import SQLITE_CHECKPOINT
from privacy_api.core.data.hot.batch import _rows_of, _sqlite_rows
from privacy_api.core.data.hot.compile import _SQLITE, _T, HotResult, _Compiled, _prepared


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
