"""Fulfilment: export, erasure, rectification, restriction, objection, here and downstream."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from downstream import DownstreamSystem
from factories import assert_problem, bearer, record
from mailserver import MailServer
from privacy_api.audit import service as audit
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.http.idempotency import IdempotencyRecord
from privacy_api.core.time import clock
from privacy_api.downstream.systems import WebhookSender
from privacy_api.outbox.mail import SmtpSender
from privacy_api.outbox.worker import deliver_due
from privacy_api.records.models import Record
from privacy_api.register.service import Register
from privacy_api.subjects.models import Subject

SID = "acct-1"
EMAIL = "anna@example.com"


@pytest.fixture
def admin(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("admin", name="ops-admin"))


@pytest.fixture
def person(client: TestClient, loaded: Register, admin: dict[str, str]) -> str:
    assert (
        client.put(
            f"/v1/subjects/{SID}",
            headers=admin,
            json={"email": EMAIL, "name": "Anna Nowak", "attributes": {"company": "ACME"}},
        ).status_code
        == 201
    )
    return SID


def _records(client: TestClient, headers: dict[str, str], items: list[dict[str, Any]]) -> None:
    response = client.post("/v1/records/batch", json={"records": items}, headers=headers)
    assert response.status_code == 201, response.text


def _zip(response: Any) -> zipfile.ZipFile:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_export_holds_every_category_with_a_true_manifest(
    client: TestClient, person: str, admin: dict[str, str]
) -> None:
    _records(
        client,
        admin,
        [record(SID, data={"i": i}) for i in range(3)]
        + [record(SID, activity="server_logs", category="ip_address", data={"ip": "x"})],
    )
    client.put(
        f"/v1/subjects/{SID}/consent",
        headers=admin,
        json={"purposes": {"marketing_email": True}, "property": "app"},
    )
    package = _zip(client.get(f"/v1/subjects/{SID}/export?lang=en", headers=admin))
    manifest = json.loads(package.read("manifest.json"))
    assert manifest["subject_id"] == SID
    assert manifest["controller"]["name"] == "Connexeon BV"
    assert manifest["register_version"] == 1
    names = {f["name"] for f in manifest["files"]}
    assert {
        "profile.json",
        "consent_history.json",
        "dsar_history.json",
        "art15.json",
        "records/account/profile.json",
        "records/account/profile.csv",
        "records/server_logs/ip_address.json",
        "records/server_logs/ip_address.csv",
    } == names
    for entry in manifest["files"]:
        assert hashlib.sha256(package.read(entry["name"])).hexdigest() == entry["sha256"]
    by_name = {f["name"]: f["records"] for f in manifest["files"]}
    assert by_name["records/account/profile.json"] == 3
    assert len(json.loads(package.read("records/account/profile.json"))) == 3
    rows = list(csv.reader(io.StringIO(package.read("records/account/profile.csv").decode())))
    assert len(rows) == 4
    assert by_name["consent_history.json"] == 1
    art15 = json.loads(package.read("art15.json"))
    assert "Belgian Data Protection Authority" in art15["right_to_complain"]["authority"]
    assert json.loads(package.read("profile.json"))["email"] == EMAIL


def test_export_needs_the_export_scope_and_is_audited(
    client: TestClient, db: Database, person: str, make_key: Callable[..., str]
) -> None:
    assert_problem(
        client.get(f"/v1/subjects/{SID}/export", headers=bearer(make_key("records:read"))), 403
    )
    client.get(f"/v1/subjects/{SID}/export", headers=bearer(make_key("export", name="dpo")))
    with db.transaction(write=False) as session:
        entries = audit.list_entries(session, action="subject.export_package")
    assert [e.actor for e in entries] == ["dpo"]


@pytest.fixture
def mail_settings(settings: Settings, mail_server: MailServer) -> Settings:
    return settings.model_copy(update={"smtp_port": mail_server.port})


def _ticket(client: TestClient, admin: dict[str, str], **body: Any) -> str:
    payload = {"email": EMAIL, "channel": "email", "verified": True, **body}
    response = client.post("/v1/dsar", json=payload, headers=admin)
    assert response.status_code == 201, response.text
    ticket_id: str = response.json()["id"]
    return ticket_id


def test_portability_package_holds_only_consent_and_contract_data(
    client: TestClient, person: str, admin: dict[str, str]
) -> None:
    _records(
        client,
        admin,
        [record(SID), record(SID, activity="site_performance", category="usage_data")],
    )
    ticket = _ticket(client, admin, type="portability")
    assert client.post(f"/v1/dsar/{ticket}/fulfil", headers=admin).json()["status"] == "completed"
    package = _zip(client.get(f"/v1/dsar/{ticket}/package", headers=admin))
    names = set(package.namelist())
    assert "records/account/profile.json" in names
    assert not any(n.startswith("records/site_performance") for n in names)
    assert "art15.json" not in names


def test_access_request_mails_a_download_link_that_expires(
    client: TestClient,
    db: Database,
    person: str,
    admin: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    _records(client, admin, [record(SID)])
    ticket = _ticket(client, admin, type="access")
    client.post(f"/v1/dsar/{ticket}/fulfil", headers=admin)
    deliver_due(db, channel="mail", sender=SmtpSender(mail_settings))
    [mail] = mail_server.inbox.to(EMAIL)
    link = next(line for line in mail.get_content().splitlines() if "package?token=" in line)
    # The mail opens the privacy centre's page, whose button downloads with the same token.
    page = link.strip().split("8000", 1)[1]
    assert page.startswith("/privacy/package?token=")
    assert client.get(page).status_code == 200
    path = "/v1/dsar/package?token=" + page.split("token=", 1)[1]
    package = _zip(client.get(path))
    assert "art15.json" in package.namelist()
    assert_problem(client.get(path[:-3] + "xyz"), 400)
    with clock.frozen(datetime.now(UTC) + timedelta(days=8)):
        assert_problem(client.get(path), 410)


def test_erasure_removes_anonymises_and_keeps_payments_with_reason_and_date(
    client: TestClient, db: Database, person: str, admin: dict[str, str]
) -> None:
    now = datetime.now(UTC)
    recent, ancient = (now - timedelta(days=30)).isoformat(), "2010-01-01T00:00:00+00:00"
    _records(
        client,
        admin,
        [
            record(SID),
            record(SID, activity="community", category="comment", property="site"),
            record(SID, activity="payments", category="payment_confirmation", occurred_at=recent),
            record(SID, activity="payments", category="payment_confirmation", occurred_at=ancient),
            record(SID, activity="payments", category="payment_authorisation", occurred_at=recent),
        ],
    )
    report = client.delete(f"/v1/subjects/{SID}", headers=admin)
    assert report.status_code == 200, report.text
    body = report.json()
    assert body["erased"] == {"account": 1, "payments": 2}
    assert body["anonymised"] == {"community": 1}
    [kept] = [r for r in body["retained"] if r["activity"] == "payments"]
    assert kept["records"] == 1
    assert kept["category"] == "payment_confirmation"
    assert "accounting" in kept["reason"]
    assert kept["until"].startswith(str(now.year + 10))
    with db.transaction(write=False) as session:
        subject = session.get(Subject, SID)
        assert subject is not None
        assert (subject.email, subject.name, subject.attributes) == (None, None, {})
        assert subject.erased_at is not None
        left = session.execute(select(Record.activity, Record.subject_id)).all()
    assert sorted(left, key=str) == sorted([("community", None), ("payments", SID)], key=str)
    again = client.delete(f"/v1/subjects/{SID}", headers=admin).json()
    # A repeat reports the first erasure's facts (issue 18), marked as a repeat.
    assert again == {**body, "repeated": True}
    assert_problem(client.put(f"/v1/subjects/{SID}", json={"email": EMAIL}, headers=admin), 409)
    refused = assert_problem(client.post("/v1/records", json=record(SID), headers=admin), 409)
    assert refused["type"].endswith("/subject-erased")


def test_erasure_deletes_the_responses_kept_for_the_subjects_idempotency_keys(
    client: TestClient, db: Database, person: str, admin: dict[str, str]
) -> None:
    """A kept response replays what was created: after an erasure, no key may hand the
    subject's data back. Another subject's kept responses stay."""
    assert client.put("/v1/subjects/acct-2", json={"email": "b@example.com"}, headers=admin)
    for key, subject in (("mine", SID), ("theirs", "acct-2")):
        headers = {**admin, "Idempotency-Key": key}
        sent = record(subject, data={"note": f"private to {subject}"})
        assert client.post("/v1/records", json=sent, headers=headers).status_code == 201
    report = client.delete(f"/v1/subjects/{SID}", headers=admin).json()
    assert report["erased"] == {"account": 1, "idempotency_responses": 1}
    with db.transaction(write=False) as session:
        kept = session.execute(select(IdempotencyRecord.key, IdempotencyRecord.subject_id)).all()
    assert [tuple(row) for row in kept] == [("theirs", "acct-2")]
    # The very request again: no replay of the erased record, a refusal (the subject is gone).
    retry = record(SID, data={"note": f"private to {SID}"})
    body = assert_problem(
        client.post("/v1/records", json=retry, headers={**admin, "Idempotency-Key": "mine"}), 409
    )
    assert body["type"].endswith("/subject-erased")


@pytest.fixture
def system(client: TestClient, admin: dict[str, str]) -> Iterator[DownstreamSystem]:
    downstream = DownstreamSystem(failures=2)
    downstream.start()
    created = client.post(
        "/v1/systems",
        headers=admin,
        json={"name": "app-backend", "property": "app", "webhook_url": downstream.url},
    )
    assert created.status_code == 201, created.text
    downstream.secret = created.json()["signing_secret"]
    assert downstream.secret.startswith("whsec_")
    yield downstream
    downstream.stop()


def _deliver_webhooks(db: Database, app: FastAPI) -> Any:
    sender = WebhookSender(
        app.state.keys, db, private_hosts=app.state.settings.webhook_private_hosts
    )
    return deliver_due(db, channel="webhook", sender=sender)


def test_erasure_ticket_completes_when_every_system_acknowledges(
    client: TestClient,
    app: FastAPI,
    db: Database,
    person: str,
    admin: dict[str, str],
    system: DownstreamSystem,
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    _records(client, admin, [record(SID)])
    ticket = _ticket(client, admin, type="erasure")
    waiting = client.post(f"/v1/dsar/{ticket}/fulfil", headers=admin).json()
    assert waiting["status"] == "in_progress"
    [order_id] = waiting["result"]["waiting_for"]
    start = datetime.now(UTC)
    for attempt in range(3):
        with clock.frozen(start + timedelta(hours=attempt)):
            report = _deliver_webhooks(db, app)
        assert (report.sent, report.failed) == ((1, 0) if attempt == 2 else (0, 1))
    assert system.bad_signatures == 0
    assert system.attempts == [order_id] * 3
    [order] = system.accepted
    assert (order["type"], order["subject_id"], order["property"]) == (
        "privacy.erasure",
        SID,
        "app",
    )
    assert_problem(
        client.post(
            f"/v1/orders/{order_id}/ack",
            json={"status": "done"},
            headers={"Authorization": "Bearer whsec_forged"},
        ),
        401,
    )
    ack = client.post(
        f"/v1/orders/{order_id}/ack",
        json={"status": "done"},
        headers={"Authorization": f"Bearer {system.secret}"},
    )
    assert ack.status_code == 200, ack.text
    done = client.get(f"/v1/dsar/{ticket}", headers=admin).json()
    assert done["status"] == "completed"
    # The address's intake counter goes with the person (issue 18).
    assert done["result"]["erased"] == {"account": 1, "request_limits": 1}
    # Answered: the request's record keeps its proof, not the address (issue 18); the
    # answer was queued with it and still goes out (below).
    assert (done["email"], done["type"]) == ("", "erasure")
    deliver_due(db, channel="mail", sender=SmtpSender(mail_settings))
    [mail] = mail_server.inbox.to(EMAIL)
    assert "account" in mail.get_content()


def test_a_worker_that_dies_mid_delivery_leaves_the_order_to_the_next(
    client: TestClient,
    app: FastAPI,
    db: Database,
    person: str,
    admin: dict[str, str],
    system: DownstreamSystem,
) -> None:
    from privacy_api.outbox.worker import _claim

    system.failures_left = 0
    client.post(f"/v1/subjects/{SID}/restriction", json={"reason": "accuracy"}, headers=admin)
    claimed = _claim(db, "webhook", clock.now(), 10)  # claimed, then the worker is killed
    assert len(claimed) == 1
    assert _deliver_webhooks(db, app).sent == 0  # the lease still holds
    with clock.frozen(datetime.now(UTC) + timedelta(minutes=3)):
        assert _deliver_webhooks(db, app).sent == 1
        assert _deliver_webhooks(db, app).sent == 0
    assert len(system.accepted) == 1
    assert system.accepted[0]["data"] == {"restricted": True}


def test_operator_closes_a_ticket_a_system_cannot_acknowledge(
    client: TestClient, person: str, admin: dict[str, str], system: DownstreamSystem
) -> None:
    ticket = _ticket(client, admin, type="restriction")
    assert client.post(f"/v1/dsar/{ticket}/fulfil", headers=admin).json()["status"] == "in_progress"
    closed = client.post(
        f"/v1/dsar/{ticket}/close",
        headers=admin,
        json={"reason": "app-backend retired; data verified absent"},
    ).json()
    assert closed["status"] == "completed"
    assert "retired" in closed["result"]["closed_by_operator"]


def test_rectification_corrects_the_profile_and_audits_field_names_only(
    client: TestClient, db: Database, person: str, admin: dict[str, str]
) -> None:
    ticket = _ticket(
        client,
        admin,
        type="rectification",
        details={"corrections": {"name": "Anna Kowalska", "attributes.company": "ACME Sp. z o.o."}},
    )
    assert client.post(f"/v1/dsar/{ticket}/fulfil", headers=admin).json()["status"] == "completed"
    profile = client.get(f"/v1/subjects/{SID}", headers=admin).json()
    assert profile["name"] == "Anna Kowalska"
    assert profile["attributes"]["company"] == "ACME Sp. z o.o."
    with db.transaction(write=False) as session:
        [entry] = audit.list_entries(session, action="subject.rectified")
    assert entry.details == {"fields": ["name", "attributes.company"]}
    assert "Kowalska" not in json.dumps(entry.details)


def test_restriction_blocks_new_records_until_lifted(
    client: TestClient, person: str, admin: dict[str, str]
) -> None:
    assert (
        client.post(
            f"/v1/subjects/{SID}/restriction", json={"reason": "accuracy contested"}, headers=admin
        ).status_code
        == 201
    )
    assert_problem(client.post("/v1/records", json=record(SID), headers=admin), 409)
    assert client.delete(f"/v1/subjects/{SID}/restriction", headers=admin).status_code == 200
    assert client.post("/v1/records", json=record(SID), headers=admin).status_code == 201


def test_marketing_objection_always_succeeds_and_withdraws_consent(
    client: TestClient, person: str, admin: dict[str, str]
) -> None:
    client.put(
        f"/v1/subjects/{SID}/consent",
        headers=admin,
        json={"purposes": {"marketing_email": True}, "property": "app"},
    )
    objection = client.post(
        f"/v1/subjects/{SID}/objections", json={"activity": "marketing"}, headers=admin
    ).json()
    assert objection["status"] == "upheld"
    state = client.get(f"/v1/subjects/{SID}/consent", headers=admin).json()
    assert state["purposes"]["marketing_email"] is False
    refused = client.post(
        "/v1/records", headers=admin, json=record(SID, activity="marketing", category="email")
    )
    assert_problem(refused, 409)


def test_other_objection_waits_for_a_decision_and_a_refusal_is_explained(
    client: TestClient,
    db: Database,
    person: str,
    admin: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    pending = client.post(
        f"/v1/subjects/{SID}/objections", json={"activity": "site_performance"}, headers=admin
    ).json()
    assert pending["status"] == "pending"
    assert_problem(
        client.post(
            f"/v1/subjects/{SID}/objections/site_performance/decision",
            json={"uphold": False},
            headers=admin,
        ),
        422,
    )
    refused = client.post(
        f"/v1/subjects/{SID}/objections/site_performance/decision",
        json={"uphold": False, "reason": "Needed to detect fraud."},
        headers=admin,
    ).json()
    assert refused["status"] == "refused"
    deliver_due(db, channel="mail", sender=SmtpSender(mail_settings))
    [mail] = mail_server.inbox.to(EMAIL)
    assert "detect fraud" in mail.get_content()
    assert_problem(
        client.post(f"/v1/subjects/{SID}/objections", json={"activity": "account"}, headers=admin),
        422,
    )


def test_request_about_nobody_we_know_completes_as_nothing_held(
    client: TestClient, loaded: Register, admin: dict[str, str]
) -> None:
    ticket = _ticket(client, admin, type="erasure", email="stranger@example.org")
    done = client.post(f"/v1/dsar/{ticket}/fulfil", headers=admin).json()
    assert done["status"] == "completed"
    assert done["result"] == {"outcome": "no_data_held"}


def test_export_of_many_records_streams(
    client: TestClient, db: Database, person: str, admin: dict[str, str]
) -> None:
    for start in range(0, 5000, 2500):
        _records(client, admin, [record(SID, data={"n": i}) for i in range(start, start + 2500)])
    package = _zip(client.get(f"/v1/subjects/{SID}/export", headers=admin))
    manifest = json.loads(package.read("manifest.json"))
    assert {f["name"]: f["records"] for f in manifest["files"]}[
        "records/account/profile.json"
    ] == 5000
    with db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Record)) == 5000


def test_orders_wait_while_a_system_is_unreachable_and_arrive_once_it_is_back(
    client: TestClient, app: FastAPI, db: Database, person: str, admin: dict[str, str]
) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    url = f"http://127.0.0.1:{port}/privacy-orders"
    created = client.post(
        "/v1/systems",
        headers=admin,
        json={"name": "app-backend", "property": "app", "webhook_url": url},
    )
    assert created.status_code == 201, created.text
    client.post(f"/v1/subjects/{SID}/restriction", json={"reason": "accuracy"}, headers=admin)
    start = datetime.now(UTC)
    for attempt in range(3):  # nothing listens on the port: connection refused
        with clock.frozen(start + timedelta(hours=attempt)):
            report = _deliver_webhooks(db, app)
        assert (report.sent, report.failed) == (0, 1)
    system = DownstreamSystem(port=port)
    system.secret = created.json()["signing_secret"]
    system.start()
    try:
        with clock.frozen(start + timedelta(days=1)):
            assert _deliver_webhooks(db, app).sent == 1
            assert _deliver_webhooks(db, app).sent == 0
    finally:
        system.stop()
    [order] = system.accepted
    assert (order["type"], order["subject_id"]) == ("privacy.restriction", SID)
    assert system.bad_signatures == 0
