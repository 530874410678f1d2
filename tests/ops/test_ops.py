"""Jobs once per interval for the deployment, the operations status, gauges and digest."""

from __future__ import annotations

import json
import logging
import re
import signal
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from conftest import serving
from factories import bearer
from mailserver import MailServer
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.observe.logging import JsonFormatter
from privacy_api.dsar.models import DsarTicket
from privacy_api.ops import jobs, lease
from privacy_api.ops.digest import digest_mail
from privacy_api.ops.models import JobRun
from privacy_api.ops.scheduler import Job, Scheduler
from privacy_api.ops.status import snapshot
from privacy_api.outbox.mail import SmtpSender
from privacy_api.outbox.models import OutboxMessage
from privacy_api.outbox.worker import deliver_due
from privacy_api.register.service import Register
from privacy_api.worker import digest_job

HOUR = 3600.0
OPS = "ops@onetagger.test"
NOW = datetime.now(UTC)


class Clock:
    """A settable wall clock for schedulers (monotonic time is left real)."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def _slot_start(slot: int, every: float) -> datetime:
    return datetime.fromtimestamp(slot * every, UTC)


def _counting_job(name: str, every: float, runs: list[str]) -> Job:
    def run() -> dict[str, bool]:
        runs.append(name)
        return {"ran": True}

    return Job(name, every, run)


def test_a_slot_is_claimed_once_however_many_processes_race(db: Database) -> None:
    barrier = threading.Barrier(6)
    won: list[bool] = []

    def racer() -> None:
        barrier.wait()
        with db.transaction() as session:
            won.append(
                jobs.claim(session, "race", 42, at=NOW, holder=threading.current_thread().name)
            )

    threads = [threading.Thread(target=racer) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(won) == [False] * 5 + [True]


def test_a_fresh_deployment_runs_a_job_first_at_the_next_slot_not_on_start(
    db: Database,
) -> None:
    slot = jobs.slot_of(NOW, HOUR)
    clock = Clock(_slot_start(slot, HOUR) + timedelta(minutes=30))
    runs: list[str] = []
    scheduler = Scheduler(db, [_counting_job("sweep", HOUR, runs)], now=clock)
    wait = scheduler.tick()
    assert runs == []
    assert 0 < wait <= 60  # it sleeps, waking at least once a minute (clock changes)
    clock.at = _slot_start(slot + 1, HOUR) + timedelta(seconds=1)
    scheduler.tick()
    scheduler.tick()
    assert runs == ["sweep"]
    with db.transaction(write=False) as session:
        row = session.get(JobRun, ("sweep", slot + 1))
        assert row is not None
        assert row.outcome == {"status": "ok", "result": {"ran": True}}


def test_a_slot_missed_while_the_deployment_was_down_runs_once_on_start(db: Database) -> None:
    slot = jobs.slot_of(NOW, HOUR)
    with db.transaction() as session:
        assert jobs.claim(session, "sweep", slot - 3, at=NOW)
    runs: list[str] = []
    clock = Clock(_slot_start(slot, HOUR) + timedelta(minutes=5))
    first = Scheduler(db, [_counting_job("sweep", HOUR, runs)], now=clock)
    second = Scheduler(db, [_counting_job("sweep", HOUR, runs)], now=clock)
    first.tick()
    second.tick()
    first.tick()
    assert runs == ["sweep"]


def test_a_failing_job_is_recorded_and_the_scheduler_goes_on(db: Database) -> None:
    slot = jobs.slot_of(NOW, HOUR)
    clock = Clock(_slot_start(slot, HOUR))

    def broken() -> None:
        raise RuntimeError("boom")

    runs: list[str] = []
    scheduler = Scheduler(
        db, [Job("broken", HOUR, broken), _counting_job("fine", HOUR, runs)], now=clock
    )
    clock.at = _slot_start(slot + 1, HOUR)
    scheduler.tick()
    assert runs == ["fine"]
    with db.transaction(write=False) as session:
        row = session.get(JobRun, ("broken", slot + 1))
        assert row is not None
        assert row.outcome == {"status": "failed", "error": "RuntimeError"}


def test_job_logs_are_json_with_plain_fields(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    slot = jobs.slot_of(NOW, HOUR)
    clock = Clock(_slot_start(slot, HOUR))
    scheduler = Scheduler(db, [Job("counted", HOUR, lambda: {"mail": {"sent": 2}})], now=clock)
    clock.at = _slot_start(slot + 1, HOUR)
    with caplog.at_level(logging.INFO, logger="privacy_api.worker"):
        scheduler.tick()
    [record] = [r for r in caplog.records if r.getMessage() == "job ran"]
    line = json.loads(JsonFormatter().format(record))
    assert line["msg"] == "job ran"
    assert line["job"] == "counted"
    assert line["slot"] == slot + 1
    assert line["result"] == {"mail": {"sent": 2}}  # an object, not a repr in a string


def _ticket(tid: str, *, due_in: timedelta, status: str = "open") -> DsarTicket:
    return DsarTicket(
        id=tid,
        type="access",
        email=f"{tid}@example.com",
        email_hash=f"hash-{tid}",
        channel="email",
        details={},
        lang="en",
        status=status,
        received_at=NOW - timedelta(days=20),
        due_at=NOW + due_in,
        created_by="test",
    )


def _dead_message(*, dead: bool) -> OutboxMessage:
    return OutboxMessage(
        channel="mail",
        recipient="someone@example.com",
        subject="Your request",
        body="...",
        headers={},
        created_at=NOW,
        available_at=NOW,
        attempts=10 if dead else 1,
        dead_at=NOW if dead else None,
        sent_at=None if dead else NOW,
    )


def _seed(db: Database) -> None:
    with db.transaction() as session:
        session.add_all(
            [
                _ticket("dsar-late-1", due_in=-timedelta(days=2)),
                _ticket("dsar-late-2", due_in=-timedelta(hours=1), status="in_progress"),
                _ticket("dsar-soon-1", due_in=timedelta(days=3)),
                _ticket("dsar-later", due_in=timedelta(days=20)),
                _ticket("dsar-closed-late", due_in=-timedelta(days=5), status="completed"),
                _ticket("dsar-soon-rejected", due_in=timedelta(days=1), status="rejected"),
            ]
        )
        session.add_all([_dead_message(dead=True), _dead_message(dead=False)])


def _gauges(text: str) -> dict[str, float]:
    found = re.findall(r"^(privacy_api_(?:dsar|outbox|breaches)\w*) (\S+)$", text, re.M)
    return {name: float(value) for name, value in found}


def test_gauges_count_open_tickets_overdue_and_due_soon_and_dead_messages(
    client: TestClient, db: Database, make_key: Callable[..., str]
) -> None:
    _seed(db)
    response = client.get("/metrics", headers=bearer(make_key("audit:read")))
    assert response.status_code == 200
    assert _gauges(response.text) == {
        "privacy_api_dsar_overdue": 2,
        "privacy_api_dsar_due_within_7_days": 1,
        "privacy_api_outbox_dead_messages": 1,
        "privacy_api_breaches_open": 0,
        "privacy_api_breaches_authority_overdue": 0,
    }


def test_status_lists_ticket_ids_soonest_first(db: Database) -> None:
    _seed(db)
    with db.transaction(write=False) as session:
        status = snapshot(session, NOW, with_ids=True)
    assert [t.id for t in status.overdue] == ["dsar-late-1", "dsar-late-2"]
    assert [t.id for t in status.due_soon] == ["dsar-soon-1"]
    assert status.breaches_open == 0


def _digest_settings(settings: Settings, mail_server: MailServer, **more: Any) -> Settings:
    return settings.model_copy(
        update={"ops_email": OPS, "smtp_port": mail_server.port, "ops_digest_interval_hours": 24}
        | more
    )


def test_two_schedulers_racing_send_one_digest_per_day_with_ids_and_no_addresses(
    db: Database, settings: Settings, mail_server: MailServer
) -> None:
    _seed(db)
    ops = _digest_settings(settings, mail_server)
    every = 24 * HOUR
    slot = jobs.slot_of(NOW, every)
    clock = Clock(_slot_start(slot, every) + timedelta(hours=3))
    schedulers = [Scheduler(db, [digest_job(db, ops)], now=clock) for _ in range(2)]
    for scheduler in schedulers:
        scheduler.tick()  # the day the deployment starts: no digest yet
    for day in (1, 2):
        clock.at = _slot_start(slot + day, every) + timedelta(seconds=1)
        barrier = threading.Barrier(2)

        def tick(scheduler: Scheduler, barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            scheduler.tick()

        threads = [threading.Thread(target=tick, args=(s,)) for s in schedulers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    report = deliver_due(db, channel="mail", sender=SmtpSender(ops))
    assert report.sent == 2
    digests = mail_server.inbox.to(OPS)
    assert len(digests) == 2
    body = digests[0].get_content()
    assert "overdue: 2" in body
    assert "due within 7 days: 1" in body
    assert "Breaches open: 0" in body
    assert "dsar-late-1" in body
    assert "dsar-soon-1" in body
    assert "dsar-later" not in body
    assert "@example.com" not in body
    assert "dead messages" in digests[0]["Subject"]


def test_no_digest_without_an_ops_address(db: Database, settings: Settings) -> None:
    every = 24 * HOUR
    slot = jobs.slot_of(NOW, every)
    clock = Clock(_slot_start(slot, every))
    scheduler = Scheduler(db, [digest_job(db, settings)], now=clock)
    clock.at = _slot_start(slot + 1, every)
    scheduler.tick()
    with db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_an_invalid_ops_address_is_refused(database_url: str) -> None:
    with pytest.raises(ValueError, match="ops_email"):
        Settings(database_url=database_url, ops_email="not an address")


def test_a_lease_is_held_by_one_live_process_and_ends_with_its_holder(db: Database) -> None:
    lease.take(db, "job", for_=timedelta(hours=1), holder="elsewhere:1:a")
    with pytest.raises(lease.LeaseHeld):
        lease.take(db, "job", for_=timedelta(hours=1), holder="mine:2:b")
    lease.release(db, "job", holder="elsewhere:1:a")
    with lease.held(db, "job", for_=timedelta(hours=1)), pytest.raises(lease.LeaseHeld):
        lease.take(db, "job", for_=timedelta(hours=1), holder="another:3:c")
    # A holder on this host whose process is gone holds nothing.
    lease.take(db, "job", for_=timedelta(hours=1), holder=f"{socket.gethostname()}:999999999:d")
    lease.take(db, "job", for_=timedelta(hours=1), holder="mine:2:b")


def _logged_deliveries(log: Path) -> list[int]:
    lines = [json.loads(line) for line in log.read_text().splitlines() if "job ran" in line]
    return [line["result"]["mail"]["sent"] for line in lines if line["job"] == "outbox"]


def test_the_server_with_its_scheduler_delivers_a_code_mail_within_seconds(
    database_url: str,
    db: Database,
    loaded: Register,
    make_key: Callable[..., str],
    mail_server: MailServer,
    tmp_path: Path,
) -> None:
    key = bearer(make_key("dsar:submit"))
    started = datetime.now(UTC)
    with serving(
        database_url,
        tmp_path / "server.log",
        serve_flags="--with-scheduler",
        PRIVACY_API_SMTP_HOST="127.0.0.1",
        PRIVACY_API_SMTP_PORT=str(mail_server.port),
        PRIVACY_API_WORKER_INTERVAL_SECONDS="0.5",
    ) as server:
        filed = time.monotonic()
        response = httpx.post(
            f"{server.url}/v1/dsar",
            json={"type": "access", "email": "anna@example.com", "channel": "email"},
            headers=key,
        )
        assert response.status_code == 201, response.text
        while not mail_server.inbox.to("anna@example.com") and time.monotonic() - filed < 10:
            time.sleep(0.1)
        assert len(mail_server.inbox.to("anna@example.com")) == 1
        assert time.monotonic() - filed < 5
        # The delivery is logged right after the mail is recorded as sent.
        deadline = time.monotonic() + 5
        while not (sent := _logged_deliveries(server.log)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert sent == [1]
        assert server.errors() == []
    with db.transaction(write=False) as session:
        runs = session.scalars(select(JobRun)).all()
    # Nothing ran for the slots current at start (no sweep, checkpoint or digest on start);
    # only a slot that began while the test ran (an hour turning) may have run.
    every = {"retention": 24 * HOUR, "ops-digest": 24 * HOUR}
    for run in runs:
        assert _slot_start(run.slot, every.get(run.job, HOUR)) > started, run.job


def test_a_breach_past_its_72_hours_shows_in_the_gauges_and_the_digest(
    client: TestClient, db: Database, loaded: Register, make_key: Callable[..., str]
) -> None:
    """Art. 33(1): the breach deadline drives the same gauges and digest as DSAR deadlines."""
    staff = bearer(make_key("breaches"))
    for hours_ago in (73, 1):
        body = {
            "nature": "A log bucket was readable from the internet.",
            "became_aware_at": (datetime.now(UTC) - timedelta(hours=hours_ago)).isoformat(),
            "data_categories": ["ip_address"],
            "approximate_subjects": 10,
            "likely_consequences": "Visits could be linked to addresses.",
            "measures": "The bucket was closed.",
        }
        assert client.post("/v1/breaches", json=body, headers=staff).status_code == 201
    gauges = _gauges(client.get("/metrics", headers=bearer(make_key("audit:read"))).text)
    assert gauges["privacy_api_breaches_open"] == 2
    assert gauges["privacy_api_breaches_authority_overdue"] == 1
    with db.transaction(write=False) as session:
        status = snapshot(session, datetime.now(UTC), with_ids=True)
    mail = digest_mail(status, OPS)
    assert "1 breaches late" in mail["subject"]
    assert "without notifying the authority: 1" in mail["body"]


def test_a_flood_of_scrapes_while_the_database_is_away_costs_one_attempt_per_cache_period() -> None:
    """/metrics is public. With the database black-holed, each attempt waits for the
    connect timeout while holding the collector's lock: unless the failure is remembered
    like a success, concurrent scrapes queue behind it, each holding a thread-pool thread
    that every synchronous endpoint of the process shares."""
    from contextlib import contextmanager

    from privacy_api.ops.metrics import OpsCollector

    attempts: list[float] = []

    class Away:
        @contextmanager
        def transaction(self, *, write: bool = True) -> Any:
            attempts.append(time.monotonic())
            time.sleep(0.2)  # the connect timeout, shortened
            raise OSError("connection timed out")
            yield

    collector = OpsCollector(Away(), cache_seconds=30)  # type: ignore[arg-type]
    threads = [threading.Thread(target=lambda: list(collector.collect())) for _ in range(8)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(attempts) == 1
    assert time.monotonic() - began < 1.0
    assert list(collector.collect()) == []
    assert len(attempts) == 1


def test_a_slot_whose_runner_died_mid_job_runs_again_once(db: Database) -> None:
    """SIGTERM to `serve --with-scheduler` ends its daemon scheduler thread in the middle of
    a sweep; before, the slot stayed claimed and unfinished, so the sweep (or the day's
    digest) waited for the next interval. A scheduler on the same host sees the claimer's
    process gone and runs the slot; a live claimer is left alone."""
    slot = jobs.slot_of(NOW, HOUR)
    dead = f"{socket.gethostname()}:{2**22 + 12345}:deadbeef"  # above pid_max: no process
    with db.transaction() as session:
        assert jobs.claim(session, "sweep", slot, at=NOW, holder=dead)
        assert jobs.claim(session, "busy", slot, at=NOW)  # this process: alive, running
    runs: list[str] = []
    clock = Clock(_slot_start(slot, HOUR) + timedelta(minutes=5))
    first = Scheduler(
        db,
        [_counting_job("sweep", HOUR, runs), _counting_job("busy", HOUR, runs)],
        now=clock,
    )
    second = Scheduler(db, [_counting_job("sweep", HOUR, runs)], now=clock)
    first.tick()
    second.tick()
    first.tick()
    assert runs == ["sweep"]
    with db.transaction(write=False) as session:
        row = session.get(JobRun, ("sweep", slot))
        assert row is not None
        assert row.claimed_by == jobs.HOLDER
        assert row.outcome == {"status": "ok", "result": {"ran": True}}


def test_sigterm_stops_the_servers_scheduler_and_leaves_no_database_side_files(
    tmp_path: Path,
) -> None:
    """`make run` is `serve --with-scheduler` on SQLite: Ctrl-C or SIGTERM must stop its
    scheduler and close its connections, or the -wal and -shm files stay in the tree."""
    from privacy_api.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'own.db'}"
    upgrade(url)
    before = sorted(p.name for p in tmp_path.iterdir())
    with serving(url, tmp_path / "server.log", serve_flags="--with-scheduler") as server:
        assert httpx.get(f"{server.url}/readyz").status_code in (200, 503)
        time.sleep(0.5)  # the scheduler's first tick has opened its connection
        stopping = time.monotonic()
        server.process.terminate()
        # Ended by the signal, as uvicorn re-raises it after its graceful shutdown.
        assert server.process.wait(timeout=10) in (0, -signal.SIGTERM)
        assert time.monotonic() - stopping < 5
        assert "Traceback" not in server.log.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == before + ["server.log"]


def test_the_public_metrics_say_nothing_of_breaches_or_late_requests(
    client: TestClient, db: Database, make_key: Callable[..., str]
) -> None:
    """/metrics answers anyone who reaches the API (the consent endpoints face the
    internet): request counts are harmless, but "a breach is past its 72 hours without
    notifying the authority" or "two rights requests are overdue" is for staff. The gauges
    need a key with `audit:read`; a wrong key is refused, not quietly given less."""
    _seed(db)
    public = client.get("/metrics")
    assert public.status_code == 200
    assert "privacy_api_http_requests_total" in public.text
    assert _gauges(public.text) == {}
    assert client.get("/metrics", headers=bearer("pak_0000000000_" + "x" * 43)).status_code == 401
    assert client.get("/metrics", headers=bearer(make_key("consent:read"))).status_code == 403
    staff = client.get("/metrics", headers=bearer(make_key("audit:read")))
    assert _gauges(staff.text)["privacy_api_dsar_overdue"] == 2
    assert "privacy_api_http_requests_total" in staff.text
