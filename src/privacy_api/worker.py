"""The background worker: delivers the outbox, sweeps and signs the audit head on a schedule."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from privacy_api.config import Settings
from privacy_api.core.db import Database
from privacy_api.core.secrets import DerivedKeys
from privacy_api.outbox.mail import mail_sender
from privacy_api.outbox.service import MAIL, WEBHOOK
from privacy_api.outbox.worker import DeliveryReport, Sender, deliver_due
from privacy_api.rights.systems import WebhookSender

log = logging.getLogger("privacy_api.worker")


@dataclass
class Job:
    name: str
    every_seconds: float
    run: Callable[[], object]
    next_at: float = 0.0


def deliver_outbox(db: Database, settings: Settings) -> dict[str, DeliveryReport]:
    """One pass over both channels of the outbox."""
    attempts = settings.outbox_max_attempts
    senders: dict[str, Sender] = {
        MAIL: mail_sender(settings),
        WEBHOOK: WebhookSender(
            DerivedKeys(settings.secret_key), db, private_hosts=settings.webhook_private_hosts
        ),
    }
    return {
        channel: deliver_due(db, channel=channel, sender=sender, max_attempts=attempts)
        for channel, sender in senders.items()
    }


def outbox_jobs(db: Database, settings: Settings) -> list[Job]:
    return [Job("outbox", settings.worker_interval_seconds, lambda: deliver_outbox(db, settings))]


def scheduled_sweep(db: Database, settings: Settings) -> dict[str, Any]:
    """The worker's sweep, at the real clock. A due set far beyond the usual is left to a
    person: the refusal is logged here and audited by the sweep, and the worker never
    confirms it itself (the next schedule tries, and is refused, again)."""
    from privacy_api.audit import checkpoints
    from privacy_api.retention import service as retention
    from privacy_api.retention.guard import ConfirmationRequired

    try:
        run = retention.run(db, settings, at=None, dry_run=False, actor="system:retention")
    except ConfirmationRequired as refused:
        log.warning(
            "retention sweep stopped: confirmation required",
            extra={"run": refused.extra["run_id"], "due": refused.extra["due"]},
        )
        return {"refused": refused.extra["due"]}
    # What the sweep erased is signed for at once, not at the next checkpoint round;
    # the sweep itself is done either way.
    try:
        checkpoints.checkpoint_now(db, settings)
    except checkpoints.AuditKeyUnusable:
        log.exception("audit checkpoint failed", extra={"job": "retention"})
    return run.report


def retention_job(db: Database, settings: Settings) -> Job:
    return Job(
        "retention",
        settings.retention_interval_hours * 3600,
        lambda: scheduled_sweep(db, settings),
    )


def checkpoint_job(db: Database, settings: Settings) -> Job:
    """Sign the audit chain's head; a no-op (None) where no signing key is configured."""
    from privacy_api.audit import checkpoints

    return Job(
        "audit-checkpoint",
        settings.audit_checkpoint_interval_hours * 3600,
        lambda: checkpoints.checkpoint_now(db, settings),
    )


def all_jobs(db: Database, settings: Settings) -> list[Job]:
    return [
        *outbox_jobs(db, settings),
        retention_job(db, settings),
        checkpoint_job(db, settings),
    ]


def start_in_background(db: Database, settings: Settings) -> threading.Event:
    """For `serve --with-scheduler`: the same jobs on a daemon thread of the server."""
    import time

    stop = threading.Event()
    thread = threading.Thread(
        target=run_jobs,
        args=(all_jobs(db, settings), stop),
        kwargs={"clock": time.monotonic},
        daemon=True,
        name="privacy-api-scheduler",
    )
    thread.start()
    return stop


def run_jobs(jobs: list[Job], stop: threading.Event, *, clock: Callable[[], float]) -> None:
    """Run each job when due until `stop` is set; a failing job is logged and retried."""
    while not stop.is_set():
        now = clock()
        for job in jobs:
            if now >= job.next_at:
                try:
                    outcome = job.run()
                    log.info("job ran", extra={"job": job.name, "outcome": repr(outcome)})
                except Exception:
                    log.exception("job failed", extra={"job": job.name})
                job.next_at = now + job.every_seconds
        stop.wait(min(job.next_at for job in jobs) - clock() if jobs else 1.0)


def serve_forever(jobs: list[Job]) -> None:
    import time

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    log.info("worker started", extra={"jobs": [j.name for j in jobs]})
    run_jobs(jobs, stop, clock=time.monotonic)
    log.info("worker stopped")
