"""`privacy-api worker health`, the worker container's health check (compose.yaml), run for
real: a worker process beats, the command reads the beat from the database and exits 0 while
it is recent and its process alive, 1 otherwise (Docker's healthy and unhealthy)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from factories import process_env
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.ops import heartbeat
from privacy_api.ops.jobs import HOLDER
from privacy_api.ops.models import JobLease


def _health(database_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "privacy_api.cli", "worker", "health"],
        env=process_env(database_url),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _start_worker(database_url: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as sink:
        return subprocess.Popen(
            [sys.executable, "-m", "privacy_api.cli", "worker"],
            env=process_env(database_url),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )


def _healthy_within(database_url: str, seconds: float) -> subprocess.CompletedProcess[str]:
    deadline = time.monotonic() + seconds
    while True:
        result = _health(database_url)
        if result.returncode == 0 or time.monotonic() > deadline:
            return result
        time.sleep(0.5)


def test_worker_health_passes_while_a_real_worker_runs_and_fails_once_it_stopped(
    database_url: str, db: Database, tmp_path: Path
) -> None:
    before = _health(database_url)
    assert before.returncode == 1, before
    assert "no heartbeat" in before.stdout

    worker = _start_worker(database_url, tmp_path / "worker.log")
    try:
        running = _healthy_within(database_url, 90)
        assert running.returncode == 0, (running, (tmp_path / "worker.log").read_text())
        assert running.stdout.startswith("worker healthy: heartbeat ")
    finally:
        worker.terminate()
        assert worker.wait(timeout=30) == 0

    # A worker stopped by SIGTERM (`docker compose stop`) ends its beat at once.
    after = _health(database_url)
    assert after.returncode == 1, after
    assert "no heartbeat" in after.stdout


def test_worker_health_fails_when_the_worker_was_killed_before_its_beat_lapsed(
    database_url: str, db: Database, tmp_path: Path
) -> None:
    """SIGKILL (the OOM killer) leaves a fresh beat behind: the health check, run on the
    worker's own host, sees that its process is gone rather than waiting a minute."""
    worker = _start_worker(database_url, tmp_path / "worker.log")
    try:
        assert _healthy_within(database_url, 90).returncode == 0
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait(timeout=30)
    with db.transaction(write=False) as session:
        lease = session.get(JobLease, heartbeat.lease_name())
    assert lease is not None
    assert clock.as_utc(lease.expires_at) > clock.now()

    killed = _health(database_url)
    assert killed.returncode == 1, killed
    assert "is gone" in killed.stdout


def test_worker_health_fails_on_a_beat_older_than_its_lapse(
    database_url: str, db: Database
) -> None:
    """A worker alive but cut off from the database (or stuck) stops beating: stale is
    unhealthy although the beating process still runs (here: this test's own)."""
    heartbeat.beat(db, at=clock.now() - heartbeat.LAPSE - timedelta(seconds=5))
    stale = _health(database_url)
    assert stale.returncode == 1, stale
    assert "worker unhealthy: last heartbeat" in stale.stdout
    assert "lapses after 60 s" in stale.stdout

    heartbeat.beat(db)
    fresh = _health(database_url)
    assert fresh.returncode == 0, fresh


def test_two_schedulers_on_one_host_share_one_heartbeat(db: Database) -> None:
    """An upsert, on both engines: the second beat renews the row instead of failing on it."""
    heartbeat.beat(db, holder=f"{socket.gethostname()}:1:first")
    heartbeat.beat(db)
    with db.transaction(write=False) as session:
        holders = session.scalars(
            select(JobLease.holder).where(JobLease.name.like("heartbeat:%"))
        ).all()
    assert holders == [HOLDER[:128]]
    assert heartbeat.check(db).healthy
    heartbeat.end(db)
    assert not heartbeat.check(db).healthy


def test_worker_health_is_unhealthy_not_a_crash_without_a_database(tmp_path: Path) -> None:
    """A database that is not there, or not migrated: exit 1 with a line, never a traceback
    (Docker reserves exit 2)."""
    for url in (
        f"sqlite:///{tmp_path / 'absent' / 'privacy.db'}",
        f"sqlite:///{tmp_path / 'empty.db'}",
    ):
        result = _health(url)
        assert result.returncode == 1, result
        assert "worker unhealthy: the database does not answer" in result.stdout
        assert "Traceback" not in result.stderr
