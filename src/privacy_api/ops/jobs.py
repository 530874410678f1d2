"""Once per interval for the deployment: the job-coordination API every scheduler uses.

A job's interval is cut into slots aligned to the epoch (a daily job's slot starts at 00:00
UTC), so every process names the current slot alike by the clock. Running a slot starts with
`claim`: an INSERT of (job, slot) that does nothing on conflict. Whichever process inserted
the row runs the job; every other one sees it taken and skips. The same statement serves
PostgreSQL and SQLite, across any number of machines, and a crashed process holds nothing.

When a fresh scheduler starts it does not run anything at once (issue 19: a worker started
by hand must not sweep there and then). A job is due in slot S when nobody claimed S and
either this process saw S begin, or the deployment ran the job in an earlier slot (so S is
owed: a restart after downtime catches up once, it does not skip a day). A deployment that
never ran a job first runs it at the next slot boundary.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from privacy_api.core.data.db import Database

# HOLDER is re-exported: callers name this process through jobs.
from privacy_api.ops.holder import HOLDER as HOLDER
from privacy_api.ops.holder import holder_alive
from privacy_api.ops.models import JobRun


def slot_of(at: datetime, every_seconds: float) -> int:
    """The interval slot `at` falls in: the same number in every process."""
    return math.floor(at.timestamp() / every_seconds)


def claim(session: Session, job: str, slot: int, *, at: datetime, holder: str = HOLDER) -> bool:
    """Take (job, slot) for this process; False when another process already took it.

    Atomic on both engines: PostgreSQL makes a racing insert wait for the first one's commit
    and then do nothing; SQLite serialises writers."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(JobRun)
        .values(job=job, slot=slot, claimed_by=holder[:128], claimed_at=at)
        .on_conflict_do_nothing(index_elements=["job", "slot"])
        # RETURNING, not rowcount: an ORM-enabled INSERT reports no rowcount on psycopg.
        .returning(JobRun.slot)
    )
    return session.execute(statement).first() is not None


def reclaim_orphan(
    session: Session, job: str, slot: int, *, at: datetime, holder: str = HOLDER
) -> bool:
    """Take (job, slot) over from a claimer whose process died before finishing it (SIGTERM
    ends `serve --with-scheduler`'s scheduler thread mid-job); False when the slot finished,
    its claimer may live (another host's process: only its own host can tell), or another
    scheduler took it over first (the UPDATE names the dead claimer: one wins)."""
    row = session.execute(
        select(JobRun.claimed_by, JobRun.finished_at).where(JobRun.job == job, JobRun.slot == slot)
    ).first()
    if row is None or row.finished_at is not None or holder_alive(row.claimed_by):
        return False
    taken = session.execute(
        update(JobRun)
        .where(
            JobRun.job == job,
            JobRun.slot == slot,
            JobRun.claimed_by == row.claimed_by,
            JobRun.finished_at.is_(None),
        )
        .values(claimed_by=holder[:128], claimed_at=at)
        .returning(JobRun.slot)
    )
    return taken.first() is not None


def finish(db: Database, job: str, slot: int, *, at: datetime, outcome: dict[str, Any]) -> None:
    """Record how a claimed slot ended, for operators (`job_run` is the schedule's history)."""
    with db.transaction() as session:
        session.execute(
            update(JobRun)
            .where(JobRun.job == job, JobRun.slot == slot)
            .values(finished_at=at, outcome=outcome)
        )


def last_claimed_slot(session: Session, job: str) -> int | None:
    """The latest slot the deployment ran `job` in, or None if it never did."""
    return session.scalar(select(func.max(JobRun.slot)).where(JobRun.job == job))


def is_owed(session: Session, job: str, slot: int, *, started_slot: int) -> bool:
    """Whether a scheduler that started in `started_slot` should try to run `job` in `slot`:
    yes once the slot began under it, or when the deployment has run the job before."""
    if slot > started_slot:
        return True
    last = last_claimed_slot(session, job)
    return last is not None and last < slot
