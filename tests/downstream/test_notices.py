"""Every subscribed system hears every change: orders and notices reach real receivers on
loopback, signed, in the subject's sequence, once each, and never an unsubscribed system."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from conftest import LiveServer
from downstream import DownstreamSystem
from factories import assert_problem, bearer
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.downstream.models import DownstreamSystem as SystemRow
from privacy_api.downstream.notices import EVENTS, ORDERS
from privacy_api.downstream.systems import WebhookSender
from privacy_api.outbox.models import OutboxMessage
from privacy_api.outbox.worker import DeliveryReport, deliver_due
from privacy_api.register.service import Register

SID = "acct-1"


@pytest.fixture
def admin(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("admin", name="ops-admin"))


@pytest.fixture
def person(client: TestClient, loaded: Register, admin: dict[str, str]) -> str:
    body = {"email": "anna@example.com", "name": "Anna Nowak"}
    assert client.put(f"/v1/subjects/{SID}", headers=admin, json=body).status_code == 201
    return SID


@pytest.fixture
def receivers() -> Iterator[Callable[..., DownstreamSystem]]:
    started: list[DownstreamSystem] = []

    def start(**options: Any) -> DownstreamSystem:
        system = DownstreamSystem(**options)
        system.start()
        started.append(system)
        return system

    yield start
    for system in started:
        system.stop()


def _register(
    client: TestClient,
    admin: dict[str, str],
    receiver: DownstreamSystem,
    name: str,
    *,
    property_: str = "site",
    events: list[str] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"name": name, "property": property_, "webhook_url": receiver.url}
    if events is not None:
        body["events"] = events
    created = client.post("/v1/systems", headers=admin, json=body)
    assert created.status_code == 201, created.text
    receiver.secret = created.json()["signing_secret"]
    answer: dict[str, Any] = created.json()
    return answer


def _deliver(db: Database, app: FastAPI) -> DeliveryReport:
    sender = WebhookSender(
        app.state.keys, db, private_hosts=app.state.settings.webhook_private_hosts
    )
    return deliver_due(db, channel="webhook", sender=sender)


def _deliver_all(db: Database, app: FastAPI) -> None:
    while _deliver(db, app).sent:
        pass


def _of(receiver: DownstreamSystem, kind: str) -> list[dict[str, Any]]:
    return [m for m in receiver.accepted if m["type"] == f"privacy.{kind}"]


def _consent(client: TestClient, admin: dict[str, str], **purposes: bool) -> None:
    body = {"purposes": purposes, "property": "site"}
    assert client.put(f"/v1/subjects/{SID}/consent", json=body, headers=admin).status_code == 200


def _assert_in_sequence_once_each(receiver: DownstreamSystem) -> None:
    ids = [m["id"] for m in receiver.accepted]
    assert len(ids) == len(set(ids)), "a message reached the receiver twice"
    sequences = [m["sequence"] for m in receiver.accepted]
    assert sequences == sorted(sequences)
    assert len(sequences) == len(set(sequences))
    assert receiver.bad_signatures == 0


# --- subscriptions -----------------------------------------------------------------------


def test_a_system_hears_every_event_unless_it_names_fewer_and_shows_them(
    client: TestClient, loaded: Register, admin: dict[str, str], receivers: Any
) -> None:
    every = _register(client, admin, receivers(), "crm")
    assert every["events"] == list(EVENTS)
    some = _register(client, admin, receivers(), "mailer", events=["consent", *ORDERS, "consent"])
    assert some["events"] == [*ORDERS, "consent"]
    listed = {
        s["name"]: s["events"] for s in client.get("/v1/systems", headers=admin).json()["items"]
    }
    assert listed == {"crm": list(EVENTS), "mailer": [*ORDERS, "consent"]}


@pytest.mark.parametrize("events", [["unsubscribe"], [], ["consent", 1], "consent"])
def test_an_unknown_or_empty_event_list_is_422_and_nothing_is_registered(
    client: TestClient, loaded: Register, admin: dict[str, str], events: Any
) -> None:
    body = {"name": "x", "property": "site", "webhook_url": "http://127.0.0.1:9/", "events": events}
    assert_problem(client.post("/v1/systems", headers=admin, json=body), 422)
    assert client.get("/v1/systems", headers=admin).json()["items"] == []


@pytest.mark.parametrize(
    "events", [["consent"], ["objection", "consent"], ["erasure", "restriction"], ["erasure"]]
)
def test_a_system_cannot_decline_erasure_rectification_or_restriction_orders(
    client: TestClient, loaded: Register, admin: dict[str, str], events: list[str]
) -> None:
    # Art. 17(2), 19: every recipient is told of an erasure, rectification or restriction.
    body = {"name": "x", "property": "site", "webhook_url": "http://127.0.0.1:9/", "events": events}
    problem = assert_problem(client.post("/v1/systems", headers=admin, json=body), 422)
    assert "rectification" in json.dumps(problem)
    assert client.get("/v1/systems", headers=admin).json()["items"] == []


# --- per event type ------------------------------------------------------------------------


def test_a_consent_change_reaches_the_subscribers_of_the_properties_it_concerns_in_order(
    client: TestClient,
    app: FastAPI,
    db: Database,
    person: str,
    admin: dict[str, str],
    receivers: Any,
) -> None:
    site, mailer, app_crm, deaf = receivers(), receivers(), receivers(), receivers()
    _register(client, admin, site, "site-crm")
    _register(client, admin, mailer, "mailer", events=[*ORDERS, "consent"])
    _register(client, admin, app_crm, "app-crm", property_="app")
    _register(client, admin, deaf, "archive", events=list(ORDERS))  # no notices
    _consent(client, admin, marketing_email=True, analytics=True)
    _consent(client, admin, marketing_email=False)
    _consent(client, admin, marketing_email=False)  # no change: no notice
    # Social media buttons are on the site alone (register): the app's system is not told.
    _consent(client, admin, social_media=True)
    _deliver_all(db, app)
    for receiver in (site, mailer):
        notices = _of(receiver, "consent")
        assert [n["data"]["granted"] for n in notices] == [
            ["analytics", "marketing_email", "necessary"],
            ["analytics", "necessary"],
            ["analytics", "necessary", "social_media"],
        ]
        assert all(n["subject_id"] == SID and n["property"] == "site" for n in notices)
        keys = {"id", "type", "notice_id", "subject_id", "property", "sequence", "occurred_at"}
        assert all(set(n) == {*keys, "data"} for n in notices)
        assert "anna" not in json.dumps(notices)
        _assert_in_sequence_once_each(receiver)
    assert [n["data"]["granted"] for n in _of(app_crm, "consent")] == [
        ["analytics", "marketing_email", "necessary"],
        ["analytics", "necessary"],
    ]
    assert deaf.received == []


def test_gpc_applied_is_a_consent_notice_with_advertising_withdrawn(
    client: TestClient,
    app: FastAPI,
    db: Database,
    person: str,
    admin: dict[str, str],
    receivers: Any,
) -> None:
    site = receivers()
    _register(client, admin, site, "site-crm", events=[*ORDERS, "consent"])
    _consent(client, admin, advertising=True)
    read = client.get(
        f"/v1/subjects/{SID}/consent",
        headers={**admin, "Sec-GPC": "1", "Origin": "https://onetagger.com"},
    )
    assert read.status_code == 200
    _deliver_all(db, app)
    granted = [n["data"] for n in _of(site, "consent")]
    assert granted == [
        {"granted": ["advertising", "necessary"], "gpc": False},
        {"granted": ["necessary"], "gpc": True},
    ]
    _assert_in_sequence_once_each(site)


def test_an_objection_reaches_every_subscriber_with_its_consent_withdrawal(
    client: TestClient,
    app: FastAPI,
    db: Database,
    person: str,
    admin: dict[str, str],
    receivers: Any,
) -> None:
    site, app_crm, deaf = receivers(), receivers(), receivers()
    _register(client, admin, site, "site-crm")
    _register(client, admin, app_crm, "app-crm", property_="app", events=[*ORDERS, "objection"])
    _register(client, admin, deaf, "mailer", events=[*ORDERS, "consent"], property_="help")
    _consent(client, admin, marketing_email=True)
    objected = client.post(
        f"/v1/subjects/{SID}/objections", json={"activity": "marketing"}, headers=admin
    )
    assert objected.status_code == 201, objected.text
    pending = client.post(
        f"/v1/subjects/{SID}/objections", json={"activity": "web_analytics"}, headers=admin
    )
    assert pending.status_code == 201, pending.text
    decided = client.post(
        f"/v1/subjects/{SID}/objections/web_analytics/decision",
        json={"uphold": True},
        headers=admin,
    )
    assert decided.status_code == 200, decided.text
    _deliver_all(db, app)
    expected = [
        {"activity": "marketing", "status": "upheld"},
        {"activity": "web_analytics", "status": "pending"},
        {"activity": "web_analytics", "status": "upheld"},
    ]
    for receiver in (site, app_crm):
        assert [n["data"] for n in _of(receiver, "objection")] == expected
        _assert_in_sequence_once_each(receiver)
    # The marketing objection withdrew marketing e-mail (Art. 21(3)): the site heard it,
    # between the grant and nothing else.
    assert [n["data"]["granted"] for n in _of(site, "consent")] == [
        ["marketing_email", "necessary"],
        ["necessary"],
    ]
    assert [m["type"] for m in site.accepted] == [
        "privacy.consent",
        "privacy.objection",
        "privacy.consent",
        "privacy.objection",
        "privacy.objection",
    ]
    assert _of(app_crm, "consent") == []
    assert deaf.received == []


def test_restriction_start_and_lift_reach_every_system(
    client: TestClient,
    app: FastAPI,
    db: Database,
    person: str,
    admin: dict[str, str],
    receivers: Any,
) -> None:
    crm, mailer = receivers(), receivers()
    _register(client, admin, crm, "crm", events=list(ORDERS))
    _register(client, admin, mailer, "mailer", events=[*ORDERS, "consent"])
    url = f"/v1/subjects/{SID}/restriction"
    assert client.post(url, json={"reason": "accuracy"}, headers=admin).status_code == 201
    assert client.delete(url, headers=admin).status_code == 200
    _deliver_all(db, app)
    for receiver in (crm, mailer):
        assert [m["data"] for m in _of(receiver, "restriction")] == [
            {"restricted": True},
            {"restricted": False},
        ]
        _assert_in_sequence_once_each(receiver)


def test_erasure_and_rectification_orders_go_to_every_system_whatever_it_subscribed(
    client: TestClient,
    app: FastAPI,
    db: Database,
    person: str,
    admin: dict[str, str],
    receivers: Any,
    make_key: Callable[..., str],
) -> None:
    eraser, corrector, deaf = receivers(), receivers(), receivers()
    _register(client, admin, eraser, "warehouse", events=list(ORDERS))
    _register(client, admin, corrector, "crm", events=[*ORDERS, "objection"])
    # Registered before orders could not be declined (Art. 17(2), 19): told all the same.
    narrow = _register(client, admin, deaf, "mailer", events=[*ORDERS, "consent"])
    with db.transaction() as session:
        session.execute(
            update(SystemRow).where(SystemRow.id == narrow["id"]).values(events=["consent"])
        )
    ticket = client.post(
        "/v1/dsar",
        headers=admin,
        json={
            "type": "rectification",
            "subject_id": SID,
            "email": "anna@example.com",
            "channel": "email",
            "verified": True,
            "details": {"corrections": {"name": "Anna Kowalska"}},
        },
    )
    assert ticket.status_code == 201, ticket.text
    fulfilled = client.post(f"/v1/dsar/{ticket.json()['id']}/fulfil", headers=admin)
    assert fulfilled.status_code == 200, fulfilled.text
    assert (
        client.delete(f"/v1/subjects/{SID}", headers=bearer(make_key("erase"))).status_code == 200
    )
    _deliver_all(db, app)
    for receiver in (eraser, corrector, deaf):
        assert [m["type"] for m in receiver.accepted] == [
            "privacy.rectification",
            "privacy.erasure",
        ]
        assert all("order_id" in m for m in receiver.accepted)
        # Receivers written before notices read an order's time as issued_at.
        assert all(m["issued_at"] == m["occurred_at"] for m in receiver.accepted)
        _assert_in_sequence_once_each(receiver)


# --- a receiver down for a while -----------------------------------------------------------


def test_a_receiver_down_for_a_while_gets_everything_afterwards_in_order_once(
    client: TestClient,
    app: FastAPI,
    db: Database,
    person: str,
    admin: dict[str, str],
    receivers: Any,
) -> None:
    flaky = receivers(failures=4)
    _register(client, admin, flaky, "crm")
    for granted in (True, False, True, False, True):
        _consent(client, admin, analytics=granted)
    url = f"/v1/subjects/{SID}/restriction"
    assert client.post(url, json={"reason": "accuracy"}, headers=admin).status_code == 201
    start = datetime.now(UTC)
    for hour in range(1, 12):
        with clock.frozen(start + timedelta(hours=hour)):
            _deliver(db, app)
    # Each round tried only the oldest message it owed the receiver: nothing overtook it.
    assert len(set(flaky.attempts[:4])) == 1
    assert len(flaky.accepted) == 6
    assert [m["type"] for m in flaky.accepted] == ["privacy.consent"] * 5 + ["privacy.restriction"]
    assert [m["data"].get("granted") for m in flaky.accepted[:5]] == [
        ["analytics", "necessary"],
        ["necessary"],
        ["analytics", "necessary"],
        ["necessary"],
        ["analytics", "necessary"],
    ]
    _assert_in_sequence_once_each(flaky)
    with db.transaction(write=False) as session:
        owed = session.scalars(select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))).all()
    assert owed == []


# --- concurrency --------------------------------------------------------------------------


def test_concurrent_consent_changes_for_one_subject_never_share_a_sequence_number(
    live_server: LiveServer, db: Database, loaded: Register, make_key: Callable[..., str]
) -> None:
    from privacy_api.downstream import systems

    admin = bearer(make_key("admin", "consent:write"))
    with db.transaction() as session:
        systems.register_system(
            session,
            name="crm",
            property_="site",
            webhook_url="http://127.0.0.1:9/hook",
            private_hosts=["127.0.0.1"],
            actor="test",
        )
    created = httpx.put(
        f"{live_server.url}/v1/subjects/{SID}", json={"email": "a@example.com"}, headers=admin
    )
    assert created.status_code == 201, created.text
    failures: list[str] = []

    def toggle(purpose: str) -> None:
        with httpx.Client(base_url=live_server.url, headers=admin, timeout=30) as http:
            for i in range(15):
                body = {"purposes": {purpose: i % 2 == 0}, "property": "site"}
                answer = http.put(f"/v1/subjects/{SID}/consent", json=body)
                if answer.status_code != 200:
                    failures.append(answer.text)

    threads = [
        threading.Thread(target=toggle, args=(p,))
        for p in ("analytics", "marketing_email", "advertising", "social_media")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with db.transaction(write=False) as session:
        bodies = [
            json.loads(m.body)
            for m in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        ]
    sequences = [b["sequence"] for b in bodies]
    # Every write changed its purpose: 60 notices numbered 1..60, in the outbox's order.
    assert sequences == list(range(1, 61))
    assert live_server.errors() == []


def test_a_second_worker_does_not_overtake_a_message_another_is_claiming(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two workers (a worker and `serve --with-scheduler`, or cron): while one is inside its
    # claim of a recipient's first message, the other must not claim that recipient's second.
    from privacy_api.outbox import service as outbox
    from privacy_api.outbox import worker

    with db.transaction() as session:
        for n in (1, 2):
            outbox.enqueue_webhook(
                session,
                url="http://127.0.0.1:9/hook",
                body=json.dumps({"n": n}),
                headers={"webhook-id": f"m{n}"},
                reference=f"notice/m{n}",
            )
    inside, go_on = threading.Event(), threading.Event()

    class PausingLease:
        def __radd__(self, when: datetime) -> datetime:
            if threading.current_thread().name == "first":
                inside.set()
                go_on.wait(10)
            return when + timedelta(seconds=120)

    monkeypatch.setattr(worker, "LEASE", PausingLease())
    claimed: dict[str, list[int]] = {}

    def claim(limit: int) -> None:
        name = threading.current_thread().name
        messages = worker._claim(db, "webhook", clock.now(), limit)
        claimed[name] = [json.loads(m.body)["n"] for m in messages]

    first = threading.Thread(target=claim, args=(1,), name="first")
    first.start()
    assert inside.wait(10)
    second = threading.Thread(target=claim, args=(50,), name="second")
    second.start()
    second.join(1.0)  # it may wait for the first claim: then let that one finish
    go_on.set()
    first.join(10)
    second.join(10)
    assert claimed == {"first": [1], "second": []}


def test_erasure_purges_the_subjects_notices_as_it_does_its_orders(
    client: TestClient,
    app: FastAPI,
    db: Database,
    person: str,
    admin: dict[str, str],
    receivers: Any,
    make_key: Callable[..., str],
) -> None:
    # A notice says who (the subject id) chose what (purposes granted, an objection): sent,
    # its text must not outlive the subject's erasure any more than an order's does.
    site = receivers()
    _register(client, admin, site, "site-crm")
    other = "acct-10"  # an id that begins like the erased one: untouched
    assert client.put(f"/v1/subjects/{other}", headers=admin, json={}).status_code == 201
    for sid in (SID, other):
        body = {"purposes": {"analytics": True}, "property": "site"}
        assert (
            client.put(f"/v1/subjects/{sid}/consent", json=body, headers=admin).status_code == 200
        )
    _deliver_all(db, app)
    _consent(client, admin, analytics=False)  # queued, not yet delivered
    erased = client.delete(f"/v1/subjects/{SID}", headers=bearer(make_key("erase")))
    assert erased.status_code == 200, erased.text
    now = datetime.now(UTC)
    with db.transaction(write=False) as session:
        messages = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    about = [
        m
        for m in messages
        if (m.reference or "").startswith("notice/") and m.sent_at and f'"{SID}"' in m.body
    ]
    assert about == [], "a sent notice about the erased subject kept its text"
    notices = [m for m in messages if (m.reference or "").startswith("notice/")]
    owed = [m for m in notices if m.sent_at is None]
    assert len(owed) == 1
    assert owed[0].body  # kept until delivered, then purged by the sweep
    assert owed[0].expires_at is not None
    assert owed[0].expires_at <= now
    assert [json.loads(m.body)["subject_id"] for m in notices if m.body and m.sent_at] == [other]
