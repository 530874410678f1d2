"""Faults (policy §4): the database going away under load, the server killed mid-write.

Each test drives a real server (uvicorn on 127.0.0.1) and then reads the database itself:
what was acknowledged is there, whole; what failed left nothing; the audit chain verifies.
"""

from __future__ import annotations

import signal
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from conftest import LiveServer
from factories import PROBLEM, VISITOR, bearer, record
from privacy_api.audit import service as audit
from privacy_api.core.data.db import Database
from privacy_api.records.models import Record
from privacy_api.register.service import Register
from tools.pgserver import PostgresServer


@dataclass
class Outcome:
    kind: str
    status: int  # 0: no answer (connection refused or reset)
    seconds: float
    batch: str | None = None
    retry_after: str | None = None
    problem: bool = True


@dataclass
class Load:
    """Client threads sending mixed writes until stopped, keeping every outcome."""

    url: str
    headers: dict[str, str]
    batch_size: int = 50
    outcomes: list[Outcome] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def requests(self) -> Iterator[tuple[str, str, str, Any, str | None]]:
        while True:
            batch = uuid.uuid4().hex
            items = [record("s1", data={"batch": batch, "i": i}) for i in range(self.batch_size)]
            yield "batch", "POST", "/v1/records/batch", {"records": items}, batch
            yield (
                "activity",
                "POST",
                "/v1/subjects/s1/activity",
                {
                    "kind": "visit",
                    "property": "app",
                },
                None,
            )
            yield (
                "consent",
                "PUT",
                f"/v1/consent/visitors/{VISITOR}",
                {
                    "purposes": {"analytics": True},
                    "property": "site",
                },
                None,
            )
            yield (
                "dsar",
                "POST",
                "/v1/dsar",
                {
                    "type": "access",
                    "email": "anna@example.com",
                    "channel": "api",
                },
                None,
            )

    def run(self) -> None:
        with httpx.Client(base_url=self.url, headers=self.headers, timeout=20) as client:
            for kind, method, path, body, batch in self.requests():
                if self.stop.is_set():
                    return
                started = time.monotonic()
                try:
                    response = client.request(method, path, json=body)
                except httpx.TransportError:
                    self.outcomes.append(Outcome(kind, 0, time.monotonic() - started, batch))
                    time.sleep(0.05)
                    continue
                self.outcomes.append(
                    Outcome(
                        kind,
                        response.status_code,
                        time.monotonic() - started,
                        batch,
                        response.headers.get("retry-after"),
                        response.headers.get("content-type", "").startswith(PROBLEM),
                    )
                )

    def start(self, threads: int) -> list[threading.Thread]:
        workers = [threading.Thread(target=self.run) for _ in range(threads)]
        for worker in workers:
            worker.start()
        return workers


def _rows_per_batch(db: Database) -> Counter[str]:
    with db.transaction(write=False) as session:
        return Counter(str((r.data or {})["batch"]) for r in session.scalars(select(Record)))


def _assert_whole_batches_and_a_valid_chain(db: Database, load: Load) -> None:
    stored = _rows_per_batch(db)
    assert set(stored.values()) <= {load.batch_size}, "a batch was stored in part"
    acknowledged = {o.batch for o in load.outcomes if o.kind == "batch" and o.status == 201}
    assert acknowledged <= set(stored), "an acknowledged batch was lost"
    refused = {o.batch for o in load.outcomes if o.kind == "batch" and o.status == 503}
    assert not refused & set(stored), "a batch answered 503 was stored"
    with db.transaction(write=False) as session:
        verdict = audit.verify_chain(session)
    assert verdict.ok, verdict


@pytest.fixture
def admin(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("admin", name="ops-admin"))


@pytest.fixture
def subject(live_server: LiveServer, loaded: Register, admin: dict[str, str]) -> str:
    put = httpx.put(f"{live_server.url}/v1/subjects/s1", json={"name": "Jan"}, headers=admin)
    assert put.status_code == 201
    return "s1"


def _wait_for(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def test_postgres_stopped_mid_load_fails_fast_with_503_and_recovers_by_itself(
    live_server: LiveServer,
    db: Database,
    backend: str,
    subject: str,
    admin: dict[str, str],
    request: pytest.FixtureRequest,
) -> None:
    if backend != "postgresql":
        pytest.skip("only a server database can go away")
    server: PostgresServer = request.getfixturevalue("postgres")
    load = Load(live_server.url, admin)
    workers = load.start(threads=4)
    try:
        _wait_for(lambda: sum(o.status == 201 for o in load.outcomes) >= 8, 30)
        server.stop()
        down_from = len(load.outcomes)
        _wait_for(lambda: len(load.outcomes) - down_from >= 40, 60)
        during = load.outcomes[down_from:]
        server.start()
        up_from = len(load.outcomes)
        # Recovered by itself: every kind of request succeeds again, no restart of ours.
        _wait_for(
            lambda: (
                {o.kind for o in load.outcomes[up_from:] if o.status in (200, 201, 204)}
                == {"batch", "activity", "consent", "dsar"}
            ),
            60,
        )
    finally:
        db.engine.dispose()  # this process's own connections died with the server
        load.stop.set()
        for worker in workers:
            worker.join(30)
    failures = [o for o in during if o.status >= 400]
    assert failures, "the outage was not seen"
    for outcome in failures:
        assert outcome.status == 503, outcome
        assert outcome.problem, outcome
        assert outcome.retry_after, outcome
        assert outcome.seconds < 5, f"not fast: {outcome}"
    assert not live_server.errors(), "\n".join(live_server.errors())
    assert not [o for o in load.outcomes if o.status == 500 or o.status == 0]
    _assert_whole_batches_and_a_valid_chain(db, load)


def test_server_killed_during_batch_inserts_leaves_whole_batches_and_a_valid_chain(
    live_server: LiveServer, db: Database, subject: str, admin: dict[str, str]
) -> None:
    load = Load(live_server.url, admin, batch_size=1000)
    workers = load.start(threads=3)
    try:
        _wait_for(
            lambda: sum(o.kind == "batch" and o.status == 201 for o in load.outcomes) >= 3, 60
        )
        live_server.process.send_signal(signal.SIGKILL)
        live_server.process.wait(10)
    finally:
        load.stop.set()
        for worker in workers:
            worker.join(30)
    assert any(o.status == 0 for o in load.outcomes), "the kill met no request in flight"
    _assert_whole_batches_and_a_valid_chain(db, load)
