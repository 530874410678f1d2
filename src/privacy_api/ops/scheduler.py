"""The scheduler loop every worker (and `serve --with-scheduler`) runs: see ops/jobs.py."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.ops import jobs

log = logging.getLogger("privacy_api.worker")

# Wake a little after a slot boundary, so the clock has surely passed it.
_BOUNDARY_MARGIN_SECONDS = 0.05
_IDLE_SECONDS = 60.0


@dataclass
class Job:
    name: str
    every_seconds: float
    run: Callable[[], object]
    # True: once per interval for the deployment (claimed in job_run). False: in every
    # scheduler, every interval (the outbox, whose own claims keep messages to one sender).
    once_per_deployment: bool = True
    next_at: float = field(default=0.0, repr=False)  # monotonic; for per-process jobs


class Scheduler:
    def __init__(
        self, db: Database, jobs_: list[Job], *, now: Callable[[], datetime] = clock.now
    ) -> None:
        self.db = db
        self.jobs = jobs_
        self.now = now
        start = now()
        self.started_slot = {job.name: jobs.slot_of(start, job.every_seconds) for job in jobs_}
        # The last slot this process dealt with (ran it, or found it taken or not owed).
        self.handled_slot: dict[str, int] = {}

    def run(self, stop: threading.Event) -> None:
        """Run each job when due until `stop` is set; a failing job is logged, not fatal."""
        while not stop.is_set():
            stop.wait(self.tick())

    def tick(self) -> float:
        """Run what is due now; returns the seconds until something may be due again."""
        waits = [_IDLE_SECONDS]
        for job in self.jobs:
            if job.once_per_deployment:
                waits.append(self._deployment_job(job))
            else:
                waits.append(self._process_job(job))
        return max(0.0, min(waits))

    def _process_job(self, job: Job) -> float:
        if time.monotonic() >= job.next_at:
            self._run(job, slot=None)
            job.next_at = time.monotonic() + job.every_seconds
        return job.next_at - time.monotonic()

    def _deployment_job(self, job: Job) -> float:
        now = self.now()
        slot = jobs.slot_of(now, job.every_seconds)
        if self.handled_slot.get(job.name) != slot:
            self.handled_slot[job.name] = slot
            if self._take(job, slot, now):
                self._run(job, slot=slot)
        boundary = (slot + 1) * job.every_seconds
        return boundary - self.now().timestamp() + _BOUNDARY_MARGIN_SECONDS

    def _take(self, job: Job, slot: int, now: datetime) -> bool:
        try:
            with self.db.transaction() as session:
                owed = jobs.is_owed(
                    session, job.name, slot, started_slot=self.started_slot[job.name]
                )
                if owed and jobs.claim(session, job.name, slot, at=now):
                    return True
                # A claimer that died mid-job leaves the slot to be run again.
                return jobs.reclaim_orphan(session, job.name, slot, at=now)
        except Exception:
            # The database is away: try this slot again on the next tick.
            del self.handled_slot[job.name]
            log.exception("job claim failed", extra={"job": job.name, "slot": slot})
            return False

    def _run(self, job: Job, *, slot: int | None) -> None:
        began = time.monotonic()
        try:
            outcome: Any = job.run()
        except Exception as exc:
            log.exception("job failed", extra={"job": job.name, "slot": slot})
            record = {"status": "failed", "error": type(exc).__name__}
        else:
            record = {"status": "ok", "result": outcome}
            if slot is not None or _worth_logging(outcome):
                log.info(
                    "job ran",
                    extra={
                        "job": job.name,
                        "slot": slot,
                        "result": outcome,
                        "seconds": round(time.monotonic() - began, 3),
                    },
                )
        if slot is not None:
            try:
                jobs.finish(self.db, job.name, slot, at=self.now(), outcome=record)
            except Exception:
                log.exception("job record failed", extra={"job": job.name, "slot": slot})


def _worth_logging(outcome: Any) -> bool:
    """A frequent job (the outbox, every few seconds) logs only when it did something."""
    if isinstance(outcome, dict):
        return any(_worth_logging(value) for value in outcome.values())
    return bool(outcome)
