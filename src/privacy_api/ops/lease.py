"""A named lease in the database, for one holder at a time where advisory locks are not at
hand (SQLite; PostgreSQL uses its session advisory locks, which end with the session).

Taken in one write transaction (SQLite serialises writers, so the read and the write
cannot interleave with another taker). A lease whose holder has died ends at once when the
holder ran on this host (its pid is gone), else when it expires.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import delete

from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.ops.holder import HOLDER, holder_alive
from privacy_api.ops.models import JobLease


class LeaseHeld(Exception):
    """Another live process holds the lease."""


def take(db: Database, name: str, *, for_: timedelta, holder: str = HOLDER) -> None:
    """Hold `name` until released or `for_` has passed; LeaseHeld if a live holder has it."""
    now = clock.now()
    with db.transaction() as session:
        lease = session.get(JobLease, name)
        if lease is None:
            session.add(JobLease(name=name, holder=holder, expires_at=now + for_))
            return
        if clock.as_utc(lease.expires_at) > now and holder_alive(lease.holder):
            raise LeaseHeld(name)
        lease.holder, lease.expires_at = holder, now + for_


def release(db: Database, name: str, *, holder: str = HOLDER) -> None:
    with db.transaction() as session:
        session.execute(delete(JobLease).where(JobLease.name == name, JobLease.holder == holder))


@contextmanager
def held(db: Database, name: str, *, for_: timedelta) -> Iterator[None]:
    """The lease for the block; LeaseHeld (before the block runs) when another process has it."""
    take(db, name, for_=for_)
    try:
        yield
    finally:
        release(db, name)
