"""Downstream systems as an attacker would try them: where webhooks may go, whose secret
acknowledges what, and rotating a secret without losing an order."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from downstream import DownstreamSystem, verifies
from factories import TEST_SECRET, assert_problem, bearer
from privacy_api.app import create_app
from privacy_api.audit.models import AuditEntry
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.downstream import systems
from privacy_api.downstream.models import DownstreamOrder
from privacy_api.downstream.systems import WebhookSender
from privacy_api.outbox.models import OutboxMessage
from privacy_api.outbox.worker import DeliveryReport, deliver_due
from privacy_api.register.service import Register

SID = "acct-1"
PUBLIC_IP = "93.184.216.34"  # a global unicast address; never contacted by these tests


@pytest.fixture
def admin(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("admin", name="ops-admin"))


@pytest.fixture
def person(client: TestClient, loaded: Register, admin: dict[str, str]) -> str:
    body = {"email": "anna@example.com", "name": "Anna Nowak"}
    assert client.put(f"/v1/subjects/{SID}", headers=admin, json=body).status_code == 201
    return SID


@pytest.fixture
def receiver() -> Iterator[DownstreamSystem]:
    downstream = DownstreamSystem()
    downstream.start()
    yield downstream
    downstream.stop()


def _register(client: TestClient, admin: dict[str, str], name: str, url: str) -> dict[str, Any]:
    created = client.post(
        "/v1/systems", headers=admin, json={"name": name, "property": "app", "webhook_url": url}
    )
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


def _deliver(db: Database, app: FastAPI, **sender: Any) -> DeliveryReport:
    sender.setdefault("private_hosts", app.state.settings.webhook_private_hosts)
    return deliver_due(db, channel="webhook", sender=WebhookSender(app.state.keys, db, **sender))


def _orders(db: Database, system_id: str) -> list[str]:
    with db.transaction(write=False) as session:
        query = select(DownstreamOrder.id).where(DownstreamOrder.system_id == system_id)
        return list(session.scalars(query.order_by(DownstreamOrder.created_at)))


def _ack(client: TestClient, order_id: str, secret: str) -> Any:
    return client.post(
        f"/v1/orders/{order_id}/ack",
        json={"status": "done"},
        headers={"Authorization": f"Bearer {secret}"},
    )


# --- where webhooks may go ---------------------------------------------------------------


@pytest.fixture
def strict_client(database_url: str, db: Database) -> Iterator[TestClient]:
    """An app with no private webhook hosts, as production runs."""
    settings = Settings(database_url=database_url, secret_key=TEST_SECRET)
    with TestClient(create_app(settings, db=db), raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://127.0.0.1:8080/hook", "https"),
        ("http://localhost/hook", "https"),
        ("https://localhost/hook", "not a public address"),
        ("https://169.254.169.254/latest/meta-data", "not a public address"),
        ("https://10.0.0.1/hook", "not a public address"),
        ("https://192.168.1.20/hook", "not a public address"),
        ("https://[::1]/hook", "not a public address"),
        ("https://[::ffff:127.0.0.1]/hook", "not a public address"),
        ("https://[::ffff:169.254.169.254]/hook", "not a public address"),
        ("https://0.0.0.0/hook", "not a public address"),
        ("https://224.0.0.1/hook", "not a public address"),
        ("https://127.1/hook", "not a public address"),
        # Forms that carry an inside IPv4 address in an IPv6 one, which Python 3.11's
        # is_global calls global: IPv4-compatible, SIIT-translated, 6to4, local-use NAT64;
        # and site-local, 192.0.0.0/24.
        ("https://[::127.0.0.1]/hook", "not a public address"),
        ("https://[::ffff:0:a9fe:a9fe]/hook", "not a public address"),
        ("https://[2002:7f00:1::1]/hook", "not a public address"),
        ("https://[2002:a9fe:a9fe::1]/hook", "not a public address"),
        ("https://[64:ff9b:1::a9fe:a9fe]/hook", "not a public address"),
        ("https://[fec0::1]/hook", "not a public address"),
        ("https://192.0.0.8/hook", "not a public address"),
        ("https://2130706433/hook", "not a public address"),
        (f"https://user:secret@{PUBLIC_IP}/hook", "user name or password"),
        (f"http://{PUBLIC_IP}/hook", "https"),
    ],
)
def test_registration_refuses_destinations_inside_or_in_the_clear(
    strict_client: TestClient, make_key: Callable[..., str], url: str, why: str
) -> None:
    admin = bearer(make_key("admin", name="ops-admin"))
    body = {"name": "intruder", "property": "app", "webhook_url": url}
    problem = assert_problem(strict_client.post("/v1/systems", headers=admin, json=body), 422)
    assert problem["type"].endswith("webhook-destination-refused")
    assert why in problem["detail"]
    assert strict_client.get("/v1/systems", headers=admin).json()["items"] == []


def test_registration_accepts_https_to_a_public_address(
    strict_client: TestClient, make_key: Callable[..., str]
) -> None:
    admin = bearer(make_key("admin", name="ops-admin"))
    body = {"name": "partner", "property": "app", "webhook_url": f"https://{PUBLIC_IP}/hook"}
    assert strict_client.post("/v1/systems", headers=admin, json=body).status_code == 201


def test_a_name_that_rebinds_to_a_private_address_is_refused_at_delivery(
    client: TestClient, app: FastAPI, db: Database, person: str, admin: dict[str, str]
) -> None:
    url = "https://hooks.partner.example/privacy-orders"
    with db.transaction() as session:
        system = systems.register_system(
            session,
            name="partner",
            property_="app",
            webhook_url=url,
            private_hosts=(),
            actor="test",
            resolver=lambda _host, _port: [PUBLIC_IP],
        )
    client.post(f"/v1/subjects/{SID}/restriction", json={"reason": "accuracy"}, headers=admin)
    assert len(_orders(db, system.id)) == 1
    # Public when registered; now the name answers with the metadata service's address.
    report = _deliver(db, app, resolver=lambda _host, _port: ["169.254.169.254"])
    assert (report.sent, report.failed) == (0, 1)
    with db.transaction(write=False) as session:
        message = session.scalars(select(OutboxMessage)).one()
    assert message.last_error == "DestinationRefused"


def test_plain_http_goes_only_to_a_listed_host(
    client: TestClient,
    app: FastAPI,
    db: Database,
    person: str,
    admin: dict[str, str],
    receiver: DownstreamSystem,
) -> None:
    receiver.secret = _register(client, admin, "app-backend", receiver.url)["signing_secret"]
    client.post(f"/v1/subjects/{SID}/restriction", json={"reason": "accuracy"}, headers=admin)
    # The listing was removed after registration: the order's body stays here.
    assert _deliver(db, app, private_hosts=()).failed == 1
    assert receiver.received == []
    with clock.frozen(datetime.now(UTC) + timedelta(hours=2)):
        assert _deliver(db, app).sent == 1
    assert len(receiver.accepted) == 1


def test_a_redirect_is_a_failed_delivery_and_is_not_followed(
    client: TestClient,
    app: FastAPI,
    db: Database,
    person: str,
    admin: dict[str, str],
    receiver: DownstreamSystem,
) -> None:
    bouncer = DownstreamSystem(redirect_to=receiver.url)
    bouncer.start()
    try:
        _register(client, admin, "bouncer", bouncer.url)
        client.post(f"/v1/subjects/{SID}/restriction", json={"reason": "x" * 8}, headers=admin)
        report = _deliver(db, app)
    finally:
        bouncer.stop()
    assert (report.sent, report.failed) == (0, 1)
    assert len(bouncer.received) == 1
    assert receiver.received == []


# --- acknowledgements --------------------------------------------------------------------


def test_an_ack_reveals_nothing_before_the_secret_is_checked(
    client: TestClient, db: Database, person: str, admin: dict[str, str]
) -> None:
    a = _register(client, admin, "system-a", "http://127.0.0.1:9/a")
    b = _register(client, admin, "system-b", "http://127.0.0.1:9/b")
    client.post(f"/v1/subjects/{SID}/restriction", json={"reason": "accuracy"}, headers=admin)
    [order_a], [order_b] = _orders(db, a["id"]), _orders(db, b["id"])
    refusals = [
        _ack(client, "ord_doesnotexist", a["signing_secret"]),  # unknown order, good secret
        _ack(client, order_b, a["signing_secret"]),  # another system's order
        _ack(client, order_a, "whsec_" + "A" * 44),  # own order, wrong secret
        _ack(client, "ord_doesnotexist", "whsec_" + "A" * 44),
    ]
    bodies = []
    for response in refusals:
        problem = assert_problem(response, 401)
        bodies.append({k: problem[k] for k in ("type", "title", "detail", "status")})
    assert all(body == bodies[0] for body in bodies)
    assert _ack(client, order_b, b["signing_secret"]).status_code == 200
    assert _ack(client, order_a, a["signing_secret"]).status_code == 200


# --- rotation ----------------------------------------------------------------------------


def test_rotation_signs_with_both_secrets_for_24_hours_then_only_the_new(
    client: TestClient,
    app: FastAPI,
    db: Database,
    person: str,
    admin: dict[str, str],
    receiver: DownstreamSystem,
) -> None:
    created = _register(client, admin, "app-backend", receiver.url)
    old = created["signing_secret"]
    start = datetime.now(UTC)
    with clock.frozen(start):
        rotated = client.post(f"/v1/systems/{created['id']}/rotate-secret", headers=admin)
    assert rotated.status_code == 200, rotated.text
    new = rotated.json()["signing_secret"]
    assert new.startswith("whsec_")
    assert new != old
    until = datetime.fromisoformat(rotated.json()["previous_secret_valid_until"])
    assert until == start + timedelta(hours=24)
    receiver.secret = new

    # During the overlap: one header, two signatures, each verifying with one secret.
    with clock.frozen(start + timedelta(hours=23)):
        client.post(f"/v1/subjects/{SID}/restriction", json={"reason": "accuracy"}, headers=admin)
        assert _deliver(db, app).sent == 1
        headers, body = receiver.received[-1]
        signatures = headers["webhook-signature"].split(" ")
        assert [s[:3] for s in signatures] == ["v1,", "v1,"]
        assert verifies(old, headers, body)
        assert verifies(new, headers, body)
        [first] = _orders(db, created["id"])
        assert _ack(client, first, old).status_code == 200  # the old secret still acknowledges

    # After it: only the new secret signs and acknowledges.
    with clock.frozen(start + timedelta(hours=24, seconds=1)):
        client.delete(f"/v1/subjects/{SID}/restriction", headers=admin)
        assert _deliver(db, app).sent == 1
        headers, body = receiver.received[-1]
        assert len(headers["webhook-signature"].split(" ")) == 1
        assert verifies(new, headers, body)
        assert not verifies(old, headers, body)
        second = _orders(db, created["id"])[-1]
        assert_problem(_ack(client, second, old), 401)
        assert _ack(client, second, new).status_code == 200

    with db.transaction(write=False) as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "system.secret_rotated")
        ).one()
    assert (entry.target, entry.actor) == (f"system/{created['id']}", "ops-admin")
    assert new not in str(entry.details)
    assert old not in str(entry.details)


def test_rotating_an_unknown_system_is_404_and_needs_admin(
    client: TestClient, loaded: Register, admin: dict[str, str], make_key: Callable[..., str]
) -> None:
    assert_problem(client.post("/v1/systems/sys_none/rotate-secret", headers=admin), 404)
    manager = bearer(make_key("dsar:manage", name="manager"))
    assert_problem(client.post("/v1/systems/sys_none/rotate-secret", headers=manager), 403)
