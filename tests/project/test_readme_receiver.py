"""The receiver in docs/integrating.md, run as it is printed: a real HTTP server on loopback that
verifies real orders and notices of the real service with `standardwebhooks`, acknowledges
the orders, and refuses a forged, a replayed and a late message."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from conftest import LiveServer, serving
from factories import PRIVATE_HOSTS, bearer
from mailserver import free_port
from paths import ROOT
from privacy_api.audit.models import AuditEntry
from privacy_api.core.data.db import Database
from privacy_api.downstream import systems
from privacy_api.downstream.models import DownstreamOrder
from privacy_api.downstream.systems import WebhookSender
from privacy_api.outbox.models import OutboxMessage
from privacy_api.outbox.worker import deliver_due
from privacy_api.register.service import Register

GUIDE = ROOT / "docs" / "integrating.md"
SID = "acct-1"


def receiver_code() -> str:
    """The Python between the receiver markers of the guide, as a reader would copy it."""
    text = GUIDE.read_text()
    found = re.search(
        r"<!-- receiver:start -->\s*```python\n(.*?)```\s*<!-- receiver:end -->", text, re.S
    )
    assert found, "docs/integrating.md has no receiver between its markers"
    return found[1]


@dataclass
class Receiver:
    url: str
    process: subprocess.Popen[bytes]
    output: Path

    def lines(self) -> list[str]:
        return self.output.read_text().splitlines()

    def post(self, headers: dict[str, str], body: str) -> int:
        return httpx.post(self.url, content=body.encode(), headers=headers).status_code


@pytest.fixture
def server(database_url: str, db: Database, tmp_path: Path) -> Iterator[LiveServer]:
    with serving(
        database_url, tmp_path / "server.log", PRIVACY_API_WEBHOOK_PRIVATE_HOSTS=PRIVATE_HOSTS
    ) as live:
        yield live


def _start_receiver(tmp_path: Path, secret: str, api: str, port: int) -> Receiver:
    script = tmp_path / "receiver.py"
    script.write_text(receiver_code())
    output = tmp_path / "receiver.out"
    env = {"SIGNING_SECRET": secret, "PRIVACY_API_URL": api, "PORT": str(port), "PATH": ""}
    with output.open("wb") as sink:
        process = subprocess.Popen([sys.executable, str(script)], env=env, stdout=sink)
    url = f"http://127.0.0.1:{port}/hook"
    deadline = time.monotonic() + 10
    while True:
        try:
            httpx.get(url, timeout=1)  # any answer: it listens
            break
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("the README receiver did not start") from None
            time.sleep(0.05)
    return Receiver(url, process, output)


def _signed(app: FastAPI, system_id: str, msg_id: str, body: str, at: int) -> dict[str, str]:
    key = systems.signing_key(app.state.keys, system_id)
    return {
        "content-type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(at),
        "webhook-signature": systems.sign(key, msg_id, at, body),
    }


def test_the_readme_receiver_verifies_real_orders_and_refuses_forged_replayed_and_late_ones(
    server: LiveServer,
    app: FastAPI,
    db: Database,
    loaded: Register,
    make_key: Callable[..., str],
    tmp_path: Path,
) -> None:
    admin = bearer(make_key("admin", name="ops-admin"))
    api = httpx.Client(base_url=server.url, headers=admin, timeout=30)
    port = free_port()
    created = api.post(
        "/v1/systems",
        json={"name": "crm", "property": "site", "webhook_url": f"http://127.0.0.1:{port}/hook"},
    )
    assert created.status_code == 201, created.text
    system_id, secret = created.json()["id"], created.json()["signing_secret"]
    receiver = _start_receiver(tmp_path, secret, server.url, port)
    try:
        assert api.put(f"/v1/subjects/{SID}", json={"name": "Anna"}).status_code == 201
        consent = {"purposes": {"social_media": True}, "property": "site"}
        assert api.put(f"/v1/subjects/{SID}/consent", json=consent).status_code == 200
        restricted = api.post(f"/v1/subjects/{SID}/restriction", json={"reason": "accuracy"})
        assert restricted.status_code == 201, restricted.text

        sender = WebhookSender(app.state.keys, db, private_hosts=["127.0.0.1"])
        report = deliver_due(db, channel="webhook", sender=sender)
        assert (report.sent, report.failed) == (2, 0)
        assert receiver.lines() == ["applied privacy.consent 1", "applied privacy.restriction 2"]
        # The order was acknowledged by the receiver, over HTTP, with its signing secret.
        with db.transaction(write=False) as session:
            order = session.scalars(select(DownstreamOrder)).one()
            message = session.scalars(
                select(OutboxMessage).where(OutboxMessage.reference == f"order/{order.id}")
            ).one()
        assert order.status == "acknowledged"

        now = int(time.time())
        # Replayed: the very order again, validly signed: handled already, not applied again.
        replay = _signed(app, system_id, order.id, message.body, now)
        assert receiver.post(replay, message.body) == 200
        # Forged: the body changed under a real signature, or signed with another secret.
        tampered = message.body.replace(SID, "acct-2")
        assert receiver.post(replay, tampered) == 401
        other = systems.sign(b"k" * 32, "ntc_forged", now, message.body)
        forged = {**replay, "webhook-id": "ntc_forged", "webhook-signature": other}
        assert receiver.post(forged, message.body) == 401
        # Late: validly signed, new id, but ten minutes old.
        late_body = json.dumps({**json.loads(message.body), "sequence": 9})
        late = _signed(app, system_id, "ntc_late", late_body, now - 600)
        assert receiver.post(late, late_body) == 401

        lines = receiver.lines()
        assert lines[2] == f"duplicate {order.id}"
        assert [line.split(" ")[0] for line in lines[3:]] == ["refused"] * 3
        assert "too old" in lines[5]
        with db.transaction(write=False) as session:
            acks = session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.action == "order.acknowledged")
            )
        assert acks == 1
    finally:
        api.close()
        receiver.process.terminate()
        receiver.process.wait(timeout=10)
    assert server.errors() == []
