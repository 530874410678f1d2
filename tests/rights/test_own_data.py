"""Issue 18, item 1: the service obeys its own policy for the personal data it keeps itself
(rights requests, mails, downstream orders, consent events, intake counters, kept
responses): each has a register activity shown in the policy, the sweep enforces it, and
an erasure covers and lists every store, the same facts when repeated."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, get_args

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from factories import bearer
from privacy_api.config import Settings
from privacy_api.consent.models import ConsentEvent
from privacy_api.core.data.db import Database
from privacy_api.core.http.idempotency import IdempotencyRecord
from privacy_api.core.time import clock
from privacy_api.downstream.models import DownstreamOrder, DownstreamSystem
from privacy_api.dsar.deadlines import add_months
from privacy_api.dsar.limits import CODE_TRY_WINDOW
from privacy_api.dsar.models import DsarIntakeCount, DsarNote, DsarTicket
from privacy_api.outbox.models import OutboxMessage
from privacy_api.policy.render import render_policy_text, retention_sentence
from privacy_api.register.checks import parse_register
from privacy_api.register.service import Register
from privacy_api.register.spec import Store
from privacy_api.retention import service as retention
from privacy_api.retention.models import RetentionRun

T = datetime(2026, 3, 16, 12, tzinfo=UTC)
DAY = timedelta(days=1)
SID = "acct-own"
EMAIL = "own@example.com"


def _months(loaded: Register, key: str) -> int:
    activity = loaded.spec.activity(key)
    assert activity is not None
    assert activity.store is not None
    return loaded.spec.retention_of(activity).period_months


def _sweep(db: Database, settings: Settings, at: datetime) -> RetentionRun:
    tuned = settings.model_copy(update={"retention_batch_size": 2, "retention_max_share": 1.0})
    with clock.frozen(at):
        return retention.run(db, tuned, at=at, dry_run=False, actor="test")


def _add(db: Database, *rows: Any) -> None:
    with db.transaction() as session:
        session.add_all(rows)


def _ticket(tid: str, *, closed: datetime | None, subject_id: str | None = None) -> DsarTicket:
    return DsarTicket(
        id=tid,
        type="rectification",
        email=EMAIL,
        email_hash=f"hash-{tid}",
        subject_id=subject_id,
        channel="email",
        details={"corrections": {"name": "Anna Kowalska"}},
        lang="en",
        status="completed" if closed else "open",
        received_at=T - 10 * DAY,
        due_at=T + 20 * DAY,
        closed_at=closed,
        rejection_reason=None,
        extension_reason="Anna asked us to wait",
        result={"outcome": "rectified", "fields": ["name"]} if closed else None,
        created_by="test",
    )


def _message(
    mid: int, *, sent: datetime | None, expires: datetime | None, dead: datetime | None = None
) -> OutboxMessage:
    return OutboxMessage(
        id=mid,
        channel="mail",
        recipient=EMAIL,
        subject="Your request",
        body="Your code is 123456",
        headers={},
        reference=f"dsar/t{mid}",
        created_at=T,
        available_at=T,
        attempts=1,
        sent_at=sent,
        dead_at=dead,
        expires_at=expires,
    )


def test_every_store_of_personal_data_the_service_keeps_has_an_activity_in_the_policy(
    register_document: dict[str, Any],
) -> None:
    """Art. 13(1)(c), 13(2)(a): purpose, basis and period of each store, in both languages."""
    spec = parse_register(register_document)
    described = {a.store: a for a in spec.activities if a.store is not None}
    assert set(described) == set(get_args(Store))
    for lang in ("en", "pl"):
        text = render_policy_text(spec, lang=lang, version="2024-06-17")
        for activity in described.values():
            assert activity.purposes
            assert activity.legal_basis
            assert getattr(activity.title, lang) in text
            assert retention_sentence(spec.retention_of(activity), lang, spec) in text


def test_records_cannot_be_filed_under_a_store_of_the_service(
    client: TestClient, loaded: Register, make_key: Callable[..., str]
) -> None:
    admin = bearer(make_key("admin"))
    assert client.put(f"/v1/subjects/{SID}", json={"email": EMAIL}, headers=admin)
    sent = {
        "subject_id": SID,
        "activity": "rights_requests",
        "category": "email",
        "property": "app",
        "data": {"email": EMAIL},
    }
    assert client.post("/v1/records", json=sent, headers=admin).status_code == 422


def test_verification_mail_body_purged_once_delivered_and_expired(
    client: TestClient,
    db: Database,
    settings: Settings,
    loaded: Register,
    make_key: Callable[..., str],
) -> None:
    """A verification code works dsar_code_hours; after that, the delivered mail's text
    (with the code) and address go, its envelope stays."""
    with clock.frozen(T):
        opened = client.post(
            "/v1/dsar",
            json={"type": "access", "email": EMAIL, "channel": "app"},
            headers=bearer(make_key("dsar:submit")),
        )
    assert opened.status_code == 201, opened.text
    expiry = T + timedelta(hours=settings.dsar_code_hours)
    with db.transaction() as session:
        [mail] = session.scalars(select(OutboxMessage)).all()
        assert mail.expires_at == expiry
        mail.sent_at = T + timedelta(minutes=1)
        mail_id = mail.id
    _add(db, _message(9001, sent=None, expires=T))  # expired, never delivered: still due out
    _sweep(db, settings, expiry - timedelta(minutes=1))
    with db.transaction(write=False) as session:
        assert session.get(OutboxMessage, mail_id).body != ""  # type: ignore[union-attr]
    run = _sweep(db, settings, expiry + timedelta(minutes=1))
    assert run.report["stores"]["rights_messages"]["rows"] == 1
    with db.transaction(write=False) as session:
        purged = session.get(OutboxMessage, mail_id)
        waiting = session.get(OutboxMessage, 9001)
        assert purged is not None
        assert waiting is not None
        assert (purged.body, purged.recipient) == ("", "")
        assert purged.sent_at is not None
        assert purged.reference is not None
        assert waiting.body == "Your code is 123456"


def test_mail_given_up_kept_for_retry_the_register_period_unless_its_code_expired(
    db: Database, settings: Settings, loaded: Register
) -> None:
    """A given-up mail stays retryable for the register's period (a lost extension notice
    is a missed legal notice); a given-up code mail goes once its code expired."""
    period = _months(loaded, "rights_messages")
    _add(
        db,
        _message(9001, sent=None, expires=None, dead=T),
        _message(9002, sent=T, expires=None),
        _message(9003, sent=None, expires=T + DAY, dead=T),
    )
    _sweep(db, settings, add_months(T, period) - DAY)
    with db.transaction(write=False) as session:
        assert session.get(OutboxMessage, 9001).body != ""  # type: ignore[union-attr]
        assert session.get(OutboxMessage, 9002).body != ""  # type: ignore[union-attr]
        assert session.get(OutboxMessage, 9003).body == ""  # type: ignore[union-attr]
    _sweep(db, settings, add_months(T, period) + DAY)
    with db.transaction(write=False) as session:
        assert session.get(OutboxMessage, 9001).body == ""  # type: ignore[union-attr]
        assert session.get(OutboxMessage, 9002).body == ""  # type: ignore[union-attr]


def test_dsar_ticket_pseudonymised_after_its_proof_period(
    db: Database, settings: Settings, loaded: Register
) -> None:
    """Art. 5(2) proof: type, dates, status and outcome stay; address, details, notes go."""
    period = _months(loaded, "rights_requests")
    _add(db, _ticket("dsr_closed", closed=T), _ticket("dsr_open", closed=None))
    _add(db, DsarNote(ticket_id="dsr_closed", at=T, author="ops", text="Anna called"))
    _sweep(db, settings, add_months(T, period) - DAY)
    with db.transaction(write=False) as session:
        assert session.get(DsarTicket, "dsr_closed").email == EMAIL  # type: ignore[union-attr]
    run = _sweep(db, settings, add_months(T, period) + DAY)
    assert run.report["stores"]["rights_requests"]["rows"] == 1
    assert run.report["stores"]["rights_requests.notes"]["rows"] == 1
    with db.transaction(write=False) as session:
        ticket = session.get(DsarTicket, "dsr_closed")
        assert ticket is not None
        assert (ticket.email, ticket.email_hash, ticket.details) == ("", "", {})
        assert ticket.extension_reason is None
        assert (ticket.type, ticket.status, ticket.closed_at) == ("rectification", "completed", T)
        assert ticket.result == {"outcome": "rectified", "fields": ["name"]}
        assert session.scalars(select(DsarNote.text)).all() == [""]
        assert session.get(DsarTicket, "dsr_open").email == EMAIL  # type: ignore[union-attr]
    again = _sweep(db, settings, add_months(T, period) + 2 * DAY)
    assert again.report["stores"]["rights_requests"]["rows"] == 0


def test_order_payload_dropped_once_acknowledged(
    db: Database, settings: Settings, loaded: Register
) -> None:
    _add(
        db,
        DownstreamSystem(
            id="sys_1",
            name="crm",
            property="app",
            webhook_url="https://x",
            created_at=T,
            created_by="t",
        ),
    )

    def order(oid: str, status: str) -> DownstreamOrder:
        return DownstreamOrder(
            id=oid,
            system_id="sys_1",
            subject_id=SID,
            kind="rectification",
            payload={"corrections": {"name": "Anna"}},
            status=status,
            created_at=T,
            acknowledged_at=T if status != "pending" else None,
        )

    _add(db, order("ord_ack", "acknowledged"), order("ord_pending", "pending"))
    run = _sweep(db, settings, T + DAY)
    assert run.report["stores"]["downstream_orders"]["rows"] == 1
    with db.transaction(write=False) as session:
        done = session.get(DownstreamOrder, "ord_ack")
        assert done is not None
        assert (done.payload, done.status) == ({}, "acknowledged")
        assert session.get(DownstreamOrder, "ord_pending").payload != {}  # type: ignore[union-attr]


def test_visitor_event_ip_hash_cleared_after_register_period(
    db: Database, settings: Settings, loaded: Register
) -> None:
    period = _months(loaded, "consent_records")
    _add(
        db,
        ConsentEvent(
            holder="visitor:v1",
            kind="grant",
            purposes={"analytics": True},
            changes={"analytics": "granted"},
            at=T,
            source="banner",
            policy_version="2024-06-17",
            ip_hash="ab" * 32,
            user_agent="Firefox",
            gpc=False,
            actor="test",
        ),
    )
    _sweep(db, settings, add_months(T, period) - DAY)
    with db.transaction(write=False) as session:
        assert session.scalars(select(ConsentEvent.ip_hash)).one() is not None
    run = _sweep(db, settings, add_months(T, period) + DAY)
    assert run.report["stores"]["consent_records"]["rows"] == 1
    with db.transaction(write=False) as session:
        event = session.scalars(select(ConsentEvent)).one()
        assert (event.ip_hash, event.user_agent) == (None, None)
        assert (event.purposes, event.at, event.policy_version) == (
            {"analytics": True},
            T,
            "2024-06-17",
        )  # the Art. 7(1) proof stays


def test_intake_counter_deleted_once_its_window_has_ended(
    db: Database, settings: Settings, loaded: Register
) -> None:
    # The table also holds each mailbox's daily budget of code tries: no row goes before
    # the longer window has ended, or a sweep would give an address its budget back.
    window = max(timedelta(seconds=settings.dsar_intake_window_seconds), CODE_TRY_WINDOW)
    _add(db, DsarIntakeCount(key="email:abc", window_started_at=T, hits=2))
    _add(db, DsarIntakeCount(key="code:abc", window_started_at=T, hits=7))
    _sweep(db, settings, T + window - timedelta(seconds=1))
    with db.transaction(write=False) as session:
        assert session.get(DsarIntakeCount, "email:abc") is not None
        assert session.get(DsarIntakeCount, "code:abc") is not None
    run = _sweep(db, settings, T + window + timedelta(seconds=1))
    assert run.report["stores"]["request_limits"]["rows"] == 2
    with db.transaction(write=False) as session:
        assert session.get(DsarIntakeCount, "email:abc") is None
        assert session.get(DsarIntakeCount, "code:abc") is None


@pytest.fixture
def admin(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("admin", name="ops-admin"))


def _person_with_own_data(client: TestClient, db: Database, admin: dict[str, str]) -> None:
    assert client.put(f"/v1/subjects/{SID}", json={"email": EMAIL}, headers=admin)
    _add(
        db,
        _ticket("dsr_old", closed=T, subject_id=SID),
        _message(9001, sent=T, expires=None),
        _message(9002, sent=None, expires=None),
        DsarIntakeCount(key="email:hash-dsr_old", window_started_at=T, hits=1),
        DownstreamSystem(
            id="sys_1",
            name="crm",
            property="app",
            webhook_url="https://x",
            created_at=T,
            created_by="t",
        ),
    )
    _add(
        db,
        DsarNote(ticket_id="dsr_old", at=T, author="ops", text="Anna called"),
        ConsentEvent(
            holder=f"subject:{SID}",
            kind="grant",
            purposes={"marketing_email": True},
            changes={"marketing_email": "granted"},
            at=T,
            source="app",
            policy_version="2024-06-17",
            ip_hash="cd" * 32,
            user_agent="Firefox",
            gpc=False,
            actor="test",
        ),
        DownstreamOrder(
            id="ord_1",
            system_id="sys_1",
            subject_id=SID,
            kind="rectification",
            payload={"corrections": {"name": "Anna"}},
            status="pending",
            created_at=T,
        ),
    )


def test_erasure_lists_every_store_of_the_service(
    client: TestClient, db: Database, loaded: Register, admin: dict[str, str]
) -> None:
    """Art. 17 and 12(1): every store is named; what is kept says why and until when."""
    _person_with_own_data(client, db, admin)
    with clock.frozen(T + DAY):
        answer = client.delete(f"/v1/subjects/{SID}", headers=admin)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert {s["activity"] for s in body["stores"]} == {a.key for a in loaded.spec.activities}
    stores = {s["activity"]: s for s in body["stores"]}
    assert stores["rights_requests"]["anonymised"] == 1
    assert stores["rights_messages"] == {
        "activity": "rights_messages",
        "store": "outbox_messages",
        "erased": 0,
        "anonymised": 1,
        "kept": 1,
    }
    assert stores["downstream_orders"]["anonymised"] == 1
    assert stores["request_limits"]["erased"] == 1
    # Art. 7(1): the consent proof is kept, without network and device details.
    assert stores["consent_records"]["kept"] == 1
    kept = {r["activity"]: r for r in body["retained"]}
    period = _months(loaded, "rights_requests")
    assert kept["rights_requests"]["until"] == add_months(T, period).isoformat()
    assert "5(2)" in kept["rights_requests"]["reason"]
    assert kept["rights_messages"]["until"] is None  # until delivered, then purged
    with db.transaction(write=False) as session:
        ticket = session.get(DsarTicket, "dsr_old")
        assert ticket is not None
        assert (ticket.email, ticket.details) == ("", {})
        assert ticket.result == {"outcome": "rectified", "fields": ["name"]}
        assert session.scalars(select(DsarNote.text)).all() == [""]
        sent, waiting = session.get(OutboxMessage, 9001), session.get(OutboxMessage, 9002)
        assert sent is not None
        assert (sent.body, sent.recipient) == ("", "")
        assert waiting is not None
        assert waiting.body != ""
        assert waiting.expires_at is not None  # purged as soon as it is delivered
        assert session.get(DownstreamOrder, "ord_1").payload == {}  # type: ignore[union-attr]
        assert session.get(DsarIntakeCount, "email:hash-dsr_old") is None
        event = session.scalars(select(ConsentEvent)).one()
        assert (event.ip_hash, event.user_agent, event.purposes) == (
            None,
            None,
            {"marketing_email": True},
        )


def test_repeated_erasure_reports_the_same_facts(
    client: TestClient, db: Database, loaded: Register, admin: dict[str, str]
) -> None:
    _person_with_own_data(client, db, admin)
    first = client.delete(f"/v1/subjects/{SID}", headers=admin).json()
    second = client.delete(f"/v1/subjects/{SID}", headers=admin).json()
    assert first["repeated"] is False
    assert second == {**first, "repeated": True}


def test_dsar_intake_kept_response_deleted_with_the_subjects_erasure(
    client: TestClient,
    db: Database,
    loaded: Register,
    admin: dict[str, str],
    make_key: Callable[..., str],
) -> None:
    """The answer to a caller without dsar:manage hides the subject; its kept replay is
    still filed under it, so the subject's erasure deletes it."""
    assert client.put(f"/v1/subjects/{SID}", json={"email": EMAIL}, headers=admin)
    submit = {**bearer(make_key("dsar:submit")), "Idempotency-Key": "intake-1"}
    opened = client.post(
        "/v1/dsar", json={"type": "access", "email": EMAIL, "channel": "app"}, headers=submit
    )
    assert opened.status_code == 201
    assert opened.json()["subject_id"] is None
    with db.transaction(write=False) as session:
        assert session.scalars(select(IdempotencyRecord.subject_id)).all() == [SID]
    assert client.delete(f"/v1/subjects/{SID}", headers=admin).status_code == 200
    with db.transaction(write=False) as session:
        assert session.scalars(select(IdempotencyRecord)).all() == []
