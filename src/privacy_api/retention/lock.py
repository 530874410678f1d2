"""One retention run at a time, across processes and replicas.

PostgreSQL: a session advisory lock on a dedicated connection, which vanishes with the
session. SQLite: a lease row in the database (ops/lease.py), which ends as soon as its
holder's process is gone. Either way a run killed with SIGKILL never blocks the next one,
and nothing is left beside the database file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import text

from privacy_api.core.data.db import Database
from privacy_api.core.http.errors import Conflict
from privacy_api.ops import lease

ADVISORY_KEY = 0x5E7E_0001  # "retention", as an advisory lock id
# Only a holder on another host (its pid cannot be checked) keeps it this long after dying.
SQLITE_LEASE = timedelta(hours=6)


class RetentionBusy(Conflict):
    slug, title = "retention-busy", "Another retention run is working"


@contextmanager
def exclusive_run(db: Database) -> Iterator[None]:
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as conn:
            if not conn.execute(
                text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_KEY}
            ).scalar():
                raise RetentionBusy("Another retention run holds the lock; this one exits.")
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY})
                conn.commit()
        return
    try:
        lease.take(db, "retention", for_=SQLITE_LEASE)
    except lease.LeaseHeld as exc:
        raise RetentionBusy("Another retention run holds the lock; this one exits.") from exc
    try:
        yield
    finally:
        lease.release(db, "retention")
