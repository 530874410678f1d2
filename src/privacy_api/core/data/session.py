"""The request's unit of work: one session, one transaction, committed before the response.

Routes that use a session are plain `def`s and run in the threadpool, but the commit at the
end runs in a second threadpool call. Were every thread busy waiting for a database lock or
a pooled connection, the request holding that lock could never get a thread to commit: the
service would stall until the waits time out. So at most `db_pool_size` requests hold a
session at once (an asyncio wait, no thread), fewer than there are threads.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import anyio
from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from privacy_api.core.data.db import Database

_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# anyio's default threadpool, which Starlette runs sync routes and dependencies on.
THREADPOOL_SIZE = 40


def session_gate(pool_size: int) -> anyio.Semaphore:
    return anyio.Semaphore(max(1, min(pool_size, THREADPOOL_SIZE - 1)))


def _finish(session: Session, *, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


@asynccontextmanager
async def _unit_of_work(request: Request, *, write: bool) -> AsyncIterator[Session]:
    db: Database = request.app.state.db
    async with request.app.state.session_gate:
        session = (db.writer if write else db.reader)()
        session.begin()  # lazy: BEGIN is sent with the first statement, in the route's thread
        try:
            yield session
        except BaseException:
            await run_in_threadpool(_finish, session, commit=False)
            raise
        await run_in_threadpool(_finish, session, commit=True)


async def get_session(request: Request) -> AsyncIterator[Session]:
    async with _unit_of_work(request, write=request.method not in _READ_METHODS) as session:
        yield session


DbSession = Annotated[Session, Depends(get_session, scope="function")]


async def get_write_session(request: Request) -> AsyncIterator[Session]:
    async with _unit_of_work(request, write=True) as session:
        yield session


# For reads that write an audit entry: on SQLite the write lock is taken up front, so the
# audit append cannot fail on a snapshot another writer has moved past.
AuditedSession = Annotated[Session, Depends(get_write_session, scope="function")]
