"""A fleet on one PostgreSQL: three real server processes, a worker and the CLI, under mixed
load, keep every guarantee one process keeps (issue 19)."""

from __future__ import annotations

import itertools
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from conftest import LiveServer, serving
from factories import bearer, process_env, record
from mailserver import MailServer
from privacy_api.core.data.db import Database
from privacy_api.dsar.models import DsarTicket
from privacy_api.ops.models import JobRun
from privacy_api.outbox.models import OutboxMessage
from privacy_api.register.service import Register
from privacy_api.retention.models import RetentionRun

pytestmark = pytest.mark.postgres_only

OPS = "ops@onetagger.test"
SLOT_SECONDS = 3.0
FLEET_SETTINGS = {
    "PRIVACY_API_CONSENT_RATE_LIMIT_PER_MINUTE": "5",
    "PRIVACY_API_DSAR_INTAKE_PER_EMAIL": "3",
    "PRIVACY_API_DSAR_INTAKE_PER_CLIENT": "0",
    "PRIVACY_API_DSAR_CODE_TRIES_PER_ADDRESS": "4",
    "PRIVACY_API_OPS_EMAIL": OPS,
    "PRIVACY_API_OPS_DIGEST_INTERVAL_HOURS": str(SLOT_SECONDS / 3600),
    "PRIVACY_API_RETENTION_INTERVAL_HOURS": str(SLOT_SECONDS / 3600),
    "PRIVACY_API_WORKER_INTERVAL_SECONDS": "0.5",
    "PRIVACY_API_DB_POOL_SIZE": "4",
    "PRIVACY_API_DB_HOT_POOL_SIZE": "4",
}


def _at_once(calls: list[Callable[[], httpx.Response]]) -> list[httpx.Response]:
    """Every call from its own thread, released together."""
    barrier = threading.Barrier(len(calls))
    results: list[httpx.Response | None] = [None] * len(calls)

    def run(n: int) -> None:
        barrier.wait()
        results[n] = calls[n]()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r is not None for r in results)
    return [r for r in results if r is not None]


def _statuses(responses: list[httpx.Response]) -> list[int]:
    return sorted(r.status_code for r in responses)


@dataclass
class Fleet:
    servers: list[LiveServer]
    worker: subprocess.Popen[bytes]
    settings: dict[str, str]

    def cli(self, database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
        """A CLI call with the fleet's settings (its mail goes to the same SMTP server)."""
        return subprocess.run(
            [sys.executable, "-m", "privacy_api.cli", *args],
            env=process_env(database_url, **self.settings),
            capture_output=True,
            text=True,
            timeout=60,
        )

    def stop(self) -> None:
        """Stop every scheduler (gracefully: SIGTERM), so what was queued can be counted."""
        processes = [server.process for server in self.servers] + [self.worker]
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=15)


@pytest.fixture
def fleet(
    backend: str,
    database_url: str,
    db: Database,
    loaded: Register,
    mail_server: MailServer,
    tmp_path: Path,
) -> Iterator[Fleet]:
    if backend != "postgresql":
        pytest.skip("the fleet shares one PostgreSQL")
    settings = {
        **FLEET_SETTINGS,
        "PRIVACY_API_SMTP_HOST": "127.0.0.1",
        "PRIVACY_API_SMTP_PORT": str(mail_server.port),
    }
    replicas = [
        serving(
            database_url,
            tmp_path / f"server-{n}.log",
            # Two of three replicas also schedule, racing the worker for each slot.
            serve_flags="--with-scheduler" if n < 2 else "",
            **settings,
        )
        for n in range(3)
    ]
    with ExitStack() as stack:
        servers = [stack.enter_context(replica) for replica in replicas]
        with (tmp_path / "worker.log").open("wb") as sink:
            worker = subprocess.Popen(
                [sys.executable, "-m", "privacy_api.cli", "worker"],
                env=process_env(database_url, **settings),
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        stack.callback(worker.wait, 10)
        stack.callback(worker.terminate)
        yield Fleet(servers, worker, settings)
    for server in servers:
        assert server.errors() == [], server.errors()
    worker_log = (tmp_path / "worker.log").read_text()
    assert '"level": "ERROR"' not in worker_log, worker_log


def _dsar(email: str) -> dict[str, Any]:
    return {"type": "access", "email": email, "channel": "email"}


def test_three_replicas_a_worker_and_the_cli_keep_every_guarantee(
    fleet: Fleet,
    database_url: str,
    db: Database,
    loaded: Register,
    make_key: Callable[..., str],
    mail_server: MailServer,
) -> None:
    started = time.monotonic()
    key = bearer(make_key("admin"))
    submit = bearer(make_key("dsar:submit"))  # staff (dsar:manage) tries are not counted
    urls = [server.url for server in fleet.servers]
    replica = itertools.cycle(urls)
    http = httpx.Client(timeout=30)

    # Mixed load, every request to the next replica: subjects, their consent, records.
    for n in range(12):
        url = next(replica)
        assert http.put(f"{url}/v1/subjects/s{n}", json={}, headers=key).status_code in (200, 201)
        consent = {"purposes": {"analytics": n % 2 == 0}, "property": "app"}
        assert http.put(f"{url}/v1/subjects/s{n}/consent", json=consent, headers=key).is_success
    batch = {"records": [record(f"s{n}") for n in range(12)]}
    assert http.post(f"{next(replica)}/v1/records/batch", json=batch, headers=key).is_success

    # The public consent limit (5 a minute per address) holds for the deployment.
    visitor = f"/v1/consent/visitors/{uuid.uuid4()}"
    body = {"purposes": {"analytics": True}, "property": "site"}
    writes = _at_once([partial(http.put, f"{u}{visitor}", json=body) for u in urls * 5])
    assert _statuses(writes) == [200] * 5 + [429] * 10

    # The intake limit (3 per mailbox and window) holds across replicas.
    flood = _at_once(
        [
            partial(http.post, f"{u}/v1/dsar", json=_dsar("flood@example.com"), headers=submit)
            for u in urls * 3
        ]
    )
    assert _statuses(flood) == [201] * 3 + [429] * 6

    # One Idempotency-Key at two replicas at the same moment creates one request.
    once = {**key, "Idempotency-Key": f"fleet-{uuid.uuid4()}"}
    twins = _at_once(
        [
            partial(http.post, f"{u}/v1/dsar", json=_dsar("twin@example.com"), headers=once)
            for u in urls[:2]
        ]
    )
    assert {r.status_code for r in twins} <= {201, 409}
    assert 201 in {r.status_code for r in twins}
    created = {r.json()["id"] for r in twins if r.status_code == 201}
    assert len(created) == 1

    # Code tries per mailbox (4 a day) hold across replicas: 9 wrong codes, 4 compared.
    ticket = next(r.json()["id"] for r in flood if r.status_code == 201)
    tries = _at_once(
        [
            partial(
                http.post, f"{u}/v1/dsar/{ticket}/verify", json={"code": "000000"}, headers=submit
            )
            for u in urls * 3
        ]
    )
    assert sum(r.status_code == 429 for r in tries) == 5
    assert not any(r.is_success for r in tries)

    # More mail while the worker, two schedulers and the CLI all deliver.
    for n in range(6):
        assert (
            http.post(
                f"{next(replica)}/v1/dsar", json=_dsar(f"person{n}@example.com"), headers=key
            ).status_code
            == 201
        )
    assert fleet.cli(database_url, "outbox", "deliver").returncode == 0

    # Wait for two slots of the scheduled jobs and for the outbox to drain.
    def unsent() -> int:
        with db.transaction(write=False) as session:
            return (
                session.scalar(
                    select(func.count())
                    .select_from(OutboxMessage)
                    .where(OutboxMessage.sent_at.is_(None))
                )
                or 0
            )

    def digests_run() -> int:
        with db.transaction(write=False) as session:
            return (
                session.scalar(
                    select(func.count()).select_from(JobRun).where(JobRun.job == "ops-digest")
                )
                or 0
            )

    deadline = time.monotonic() + 20
    while (unsent() or digests_run() < 2) and time.monotonic() < deadline:
        time.sleep(0.2)
    # Stop every scheduler, then let the CLI send whatever the last slot queued.
    fleet.stop()
    assert fleet.cli(database_url, "outbox", "deliver").returncode == 0
    assert unsent() == 0

    with db.transaction(write=False) as session:
        mails = session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "mail")).all()
        runs = session.scalars(select(JobRun)).all()
        sweeps = session.scalars(
            select(RetentionRun).where(RetentionRun.actor == "system:retention")
        ).all()
        twin_tickets = session.scalar(
            select(func.count())
            .select_from(DsarTicket)
            .where(DsarTicket.email == "twin@example.com")
        )
    assert twin_tickets == 1

    # Every message reached the SMTP server exactly once: none lost, none twice.
    received = [m["Message-ID"] for m in mail_server.inbox.messages]
    assert len(received) == len(set(received)) == len(mails)
    # 3 flood + 1 twin + 6 people's codes, and a digest per slot.
    # (A slot claimed by a process stopped before it queued has no outcome.)
    digests = [r for r in runs if r.job == "ops-digest" and r.outcome is not None]
    assert len(mail_server.inbox.to(OPS)) == len(digests) >= 2
    assert len(mails) == 10 + len(digests)

    # One sweep per slot across the replicas and the worker: never more sweeps than slots
    # claimed (the key admits one claim per slot), and every claimed slot swept unless the
    # previous sweep was still working (then it skips, warned) or its process was stopped.
    outcomes = {(r.job, r.slot): r.outcome for r in runs if r.outcome is not None}
    assert all(outcome["status"] == "ok" for outcome in outcomes.values()), outcomes
    claimed = [r for r in runs if r.job == "retention"]
    swept = [o for (job, _), o in outcomes.items() if job == "retention" and "run" in o["result"]]
    assert 1 <= len(swept) <= len(sweeps) <= len(claimed)

    verified = fleet.cli(database_url, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert time.monotonic() - started < 60
