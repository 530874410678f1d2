"""The background worker: delivers the outbox, sweeps and signs the audit head on a schedule."""

from __future__ import annotations

import logging
import signal
import threading
from dataclasses import asdict
from typing import Any

from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.security.secrets import DerivedKeys
from privacy_api.downstream.systems import WebhookSender
from privacy_api.ops.heartbeat import Heartbeat
from privacy_api.ops.scheduler import Job, Scheduler
from privacy_api.outbox.mail import mail_sender
from privacy_api.outbox.service import MAIL, WEBHOOK
from privacy_api.outbox.worker import DeliveryReport, Sender, deliver_due

log = logging.getLogger("privacy_api.worker")


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
    # Every scheduler delivers: the outbox's claims keep each message to one sender, and
    # more senders only drain a backlog sooner.
    return [
        Job(
            "outbox",
            settings.worker_interval_seconds,
            lambda: _delivered(deliver_outbox(db, settings)),
            once_per_deployment=False,
        )
    ]


def mail_files_job(db: Database, settings: Settings) -> Job:
    """Hourly, in every scheduler (each may write its own mail directory): delete the .eml
    files whose message erasure or the retention sweep purged."""
    from privacy_api.outbox.mail import prune_mail_files

    return Job(
        "mail-files",
        3600,
        lambda: {"deleted": prune_mail_files(db, settings)},
        once_per_deployment=False,
    )


def _delivered(reports: dict[str, DeliveryReport]) -> dict[str, Any]:
    return {channel: asdict(report) for channel, report in reports.items()}


def scheduled_sweep(db: Database, settings: Settings) -> dict[str, Any]:
    """The worker's sweep, at the real clock. A due set far beyond the usual is left to a
    person: the refusal is logged here and audited by the sweep, and the worker never
    confirms it itself (the next schedule tries, and is refused, again)."""
    from privacy_api.audit import checkpoints
    from privacy_api.register.service import RegisterNotLoaded
    from privacy_api.retention import service as retention
    from privacy_api.retention.guard import ConfirmationRequired
    from privacy_api.retention.lock import RetentionBusy

    try:
        run = retention.run(db, settings, at=None, dry_run=False, actor="system:retention")
    except (RetentionBusy, RegisterNotLoaded) as skipped:
        # Not a failure of the schedule: a person's run (API, CLI) is working, or the
        # deployment has no register yet. The next slot tries again.
        log.warning("retention sweep skipped", extra={"reason": skipped.slug})
        return {"skipped": skipped.slug}
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
    return {"run": run.id, "status": run.status}


def retention_job(db: Database, settings: Settings) -> Job:
    return Job(
        "retention",
        settings.retention_interval_hours * 3600,
        lambda: scheduled_sweep(db, settings),
    )


def checkpoint_job(db: Database, settings: Settings) -> Job:
    """Sign the audit chain's head; a no-op where no signing key is configured."""
    from privacy_api.audit import checkpoints

    def sign() -> dict[str, Any]:
        signed = checkpoints.checkpoint_now(db, settings)
        return {"signed": signed is not None}

    return Job("audit-checkpoint", settings.audit_checkpoint_interval_hours * 3600, sign)


def digest_job(db: Database, settings: Settings) -> Job:
    """The daily operations digest; sends nothing while PRIVACY_API_OPS_EMAIL is unset."""
    from privacy_api.ops import digest

    return Job(
        "ops-digest",
        settings.ops_digest_interval_hours * 3600,
        lambda: digest.queue_digest(db, settings),
    )


def rate_window_job(db: Database) -> Job:
    """Delete ended rate-limit windows hourly: each holds a client's keyed address hash."""
    from datetime import timedelta

    from privacy_api.core.http.ratelimit import purge_windows
    from privacy_api.core.time import clock

    def purge() -> dict[str, int]:
        with db.transaction() as session:
            return {"deleted": purge_windows(session, before=clock.now() - timedelta(hours=1))}

    return Job("rate-windows", 3600, purge)


def all_jobs(db: Database, settings: Settings) -> list[Job]:
    return [
        *outbox_jobs(db, settings),
        mail_files_job(db, settings),
        retention_job(db, settings),
        checkpoint_job(db, settings),
        digest_job(db, settings),
        rate_window_job(db),
    ]


class BackgroundScheduler:
    """The jobs on a daemon thread of the server (`serve --with-scheduler`)."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self._stop = threading.Event()
        self._heartbeat = Heartbeat(db)
        self._thread = threading.Thread(
            target=Scheduler(db, all_jobs(db, settings)).run,
            args=(self._stop,),
            daemon=True,
            name="privacy-api-scheduler",
        )

    def start(self) -> None:
        self._thread.start()
        self._heartbeat.start()

    def stop(self, *, timeout: float = 5.0) -> None:
        """Let the running job end (for up to `timeout`), then close the connections: a
        thread killed at exit left SQLite's -wal and -shm files beside the database. A job
        still running after that is cut off; its slot runs again (ops/jobs.py)."""
        self._stop.set()
        self._heartbeat.stop(timeout=timeout)
        self._thread.join(timeout)
        if not self._thread.is_alive():
            self.db.dispose()


def start_in_background(db: Database, settings: Settings) -> BackgroundScheduler:
    """For `serve --with-scheduler`: the same jobs on a daemon thread of the server."""
    scheduler = BackgroundScheduler(db, settings)
    scheduler.start()
    return scheduler


def serve_forever(db: Database, jobs: list[Job]) -> None:
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    log.info("worker started", extra={"jobs": [job.name for job in jobs]})
    # What `privacy-api worker health` (the container's health check) reads.
    heartbeat = Heartbeat(db)
    heartbeat.start()
    try:
        Scheduler(db, jobs).run(stop)
    finally:
        heartbeat.stop()
    log.info("worker stopped")
