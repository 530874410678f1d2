"""Engines, sessions and the declarative base, for SQLite and PostgreSQL alike."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event, text
from sqlalchemy.engine import Connection, CursorResult, Dialect, Result, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.types import TypeDecorator

# SQLite batch migrations can only alter constraints that have names.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def rowcount(result: Result[Any]) -> int:
    """The rows a bulk UPDATE or DELETE changed (its result is typed as a plain Result)."""
    return int(cast(CursorResult[Any], result).rowcount)


def is_sqlite(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "sqlite"


# A records batch dirties pages all over the (subject_id, id) index, more as it grows:
# checkpointing every 1,000 pages (the default) copied the same pages again and again,
# and with 320,000 records a batch spent 16 ms in the kernel. Every 10,000 pages instead
# (a WAL of up to ~40 MB); measured in BENCHMARKS.md (session 4). Set on every connection,
# since whichever commits past the mark runs the checkpoint.
SQLITE_CHECKPOINT = "wal_autocheckpoint=10000"


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: ConnectionPoolEntry) -> None:
        # pysqlite's own transaction handling defers BEGIN unpredictably; we issue it ourselves
        # (the recipe from SQLAlchemy's SQLite dialect documentation).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute(f"PRAGMA {SQLITE_CHECKPOINT}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A write transaction that first reads and then writes would fail with
        # SQLITE_BUSY_SNAPSHOT under WAL if another writer committed in between; taking the
        # write lock up front (IMMEDIATE) makes it wait for busy_timeout instead.
        options = conn.get_execution_options()
        if options.get("isolation_level") == "AUTOCOMMIT":
            return  # one statement on its own is atomic: no BEGIN/COMMIT to pay for
        conn.exec_driver_sql(f"BEGIN {options.get('sqlite_begin', 'DEFERRED')}")


def _owner_only_sqlite_files(url: str) -> None:
    """The database file, and its -wal and -shm, readable by its owner only.

    SQLite creates a file with the process's umask (0644 under most shells) and gives the
    -wal and -shm files the database's own mode: the addresses, records and audit trail
    would be readable by every user of the machine. Created owner-only before SQLite opens
    it; an existing file of ours with a wider mode (made by an older version) is narrowed.
    """
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if not path.exists() and path.parent.is_dir():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError, PermissionError):
            status = name.stat()
            if status.st_uid == os.getuid() and status.st_mode & 0o077:
                name.chmod(0o600)


def make_engine(url: str, *, pool_size: int = 10, connect_timeout: int = 3) -> Engine:
    if url.startswith("sqlite"):
        in_memory = url in ("sqlite://", "sqlite:///:memory:")
        if not in_memory:
            _owner_only_sqlite_files(url)
        pool_args = {} if in_memory else {"pool_size": pool_size, "max_overflow": pool_size}
        engine = create_engine(url, **pool_args)
        _configure_sqlite(engine)
        return engine
    return create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        # No pre-ping: it costs a round trip on every checkout. A connection found dead fails
        # its request (503, Retry-After) and SQLAlchemy then drops the whole stale pool.
        pool_pre_ping=False,
        pool_timeout=connect_timeout,
        connect_args={"connect_timeout": connect_timeout},
    )


@dataclass(frozen=True)
class Database:
    """One engine and its two session factories: reads, and writes that lock up front."""

    engine: Engine
    reader: sessionmaker[Session]
    writer: sessionmaker[Session]

    @classmethod
    def connect(cls, url: str, *, pool_size: int = 10, connect_timeout: int = 3) -> Database:
        engine = make_engine(url, pool_size=pool_size, connect_timeout=connect_timeout)
        write_bind = engine.execution_options(sqlite_begin="IMMEDIATE")
        return cls(
            engine=engine,
            reader=sessionmaker(engine, expire_on_commit=False),
            writer=sessionmaker(write_bind, expire_on_commit=False),
        )

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error."""
        factory = self.writer if write else self.reader
        with factory.begin() as session:
            yield session

    def ping(self) -> None:
        """SELECT 1; tried twice, because the first try after a restart meets a dead pool."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()


class UTCDateTime(TypeDecorator[datetime]):
    """Stored in UTC, always handed back timezone-aware (SQLite forgets the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; every stored time must carry its offset")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
