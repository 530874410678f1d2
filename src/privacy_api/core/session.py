"""The request's unit of work: one session, one transaction, committed before the response."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from privacy_api.core.db import Database

_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_session(request: Request) -> Iterator[Session]:
    db: Database = request.app.state.db
    with db.transaction(write=request.method not in _READ_METHODS) as session:
        yield session


DbSession = Annotated[Session, Depends(get_session, scope="function")]


def get_write_session(request: Request) -> Iterator[Session]:
    db: Database = request.app.state.db
    with db.transaction(write=True) as session:
        yield session


# For reads that write an audit entry: on SQLite the write lock is taken up front, so the
# audit append cannot fail on a snapshot another writer has moved past.
AuditedSession = Annotated[Session, Depends(get_write_session, scope="function")]
