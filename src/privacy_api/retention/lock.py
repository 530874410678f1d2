"""One retention run at a time, across processes and replicas.

PostgreSQL: a session advisory lock on a dedicated connection. SQLite: an exclusive flock on
a file beside the database. Both vanish with the process that held them, so a run killed
with SIGKILL never blocks the next one.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import make_url

from privacy_api.core.db import Database
from privacy_api.core.errors import Conflict

ADVISORY_KEY = 0x5E7E_0001  # "retention", as an advisory lock id


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
    database = make_url(str(db.engine.url)).database
    if not database or database == ":memory:":
        yield
        return
    fd = os.open(f"{database}.retention.lock", os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise RetentionBusy("Another retention run holds the lock; this one exits.") from exc
        yield
    finally:
        os.close(fd)
