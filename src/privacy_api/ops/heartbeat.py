"""The scheduler's heartbeat: how a container's health check tells a working worker from a
dead or cut-off one without HTTP (the worker serves none).

A scheduler (`privacy-api worker`, or `serve --with-scheduler`) renews a lease named after
its host every BEAT from a thread of its own; `privacy-api worker health`, run in the same
container (compose's health check), passes while that lease is live: renewed within LAPSE
and its process still there. The beat goes through the database, so a worker that cannot
reach it turns unhealthy too: it could deliver nothing. It beats beside the jobs, not
between them, so a retention sweep that takes an hour does not make the worker look dead.
"""

from __future__ import annotations

import logging
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.ops.holder import HOLDER, holder_alive
from privacy_api.ops.models import JobLease

log = logging.getLogger("privacy_api.worker")

BEAT = timedelta(seconds=15)
# Four beats missed: a busy database may delay one or two, never a minute.
LAPSE = timedelta(seconds=60)
_PREFIX = "heartbeat:"


def lease_name(host: str | None = None) -> str:
    """One heartbeat per host: the health check asks about its own container's worker, and
    another worker's beat must not make a dead one look alive."""
    return f"{_PREFIX}{host or socket.gethostname()}"[:64]


def beat(db: Database, *, at: datetime | None = None, holder: str = HOLDER) -> None:
    """Renew this host's heartbeat until `at` + LAPSE (an upsert: two schedulers on one host
    may beat at once)."""
    now = at or clock.now()
    values = {"name": lease_name(), "holder": holder[:128], "expires_at": now + LAPSE}
    with db.transaction() as session:
        postgres = session.get_bind().dialect.name == "postgresql"
        insert = postgresql.insert if postgres else sqlite.insert
        statement = insert(JobLease).values(**values)
        session.execute(
            statement.on_conflict_do_update(
                index_elements=["name"],
                set_={
                    "holder": statement.excluded.holder,
                    "expires_at": statement.excluded.expires_at,
                },
            )
        )


def end(db: Database, *, holder: str = HOLDER) -> None:
    """A scheduler that stops says so: its host turns unhealthy at once, not a minute later."""
    with db.transaction() as session:
        session.execute(
            delete(JobLease).where(JobLease.name == lease_name(), JobLease.holder == holder[:128])
        )


@dataclass(frozen=True)
class Health:
    healthy: bool
    reason: str


def check(db: Database, *, now: datetime | None = None) -> Health:
    """Whether a scheduler on this host beat within LAPSE and its process is still there."""
    now = now or clock.now()
    try:
        with db.transaction(write=False) as session:
            lease = session.get(JobLease, lease_name())
    except SQLAlchemyError as exc:
        return Health(False, f"the database does not answer ({type(exc).__name__})")
    if lease is None:
        return Health(False, "no heartbeat from a scheduler on this host")
    expires = clock.as_utc(lease.expires_at)
    age = max(0, round((now - (expires - LAPSE)).total_seconds()))
    if expires <= now:
        return Health(False, f"last heartbeat {age} s ago (lapses after {LAPSE.seconds} s)")
    if not holder_alive(lease.holder):
        return Health(False, f"the process that beat {age} s ago is gone ({lease.holder})")
    return Health(True, f"heartbeat {age} s ago")


class Heartbeat:
    """The beat on a daemon thread, for as long as the scheduler runs."""

    def __init__(self, db: Database, *, every: timedelta = BEAT) -> None:
        self.db = db
        self.every = every.total_seconds()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="privacy-api-heartbeat")

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                beat(self.db)
            except Exception:
                # The database is away: the lease lapses and the health check says so.
                log.exception("heartbeat failed")
            self._stop.wait(self.every)

    def stop(self, *, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)
        try:
            end(self.db)
        except Exception:
            log.exception("heartbeat end failed")
