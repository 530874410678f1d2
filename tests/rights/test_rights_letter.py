"""Rights to the letter (issue 12): Art. 12(3) extension window, Art. 18(3), Art. 77."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from factories import assert_problem, bearer
from mailserver import MailServer
from privacy_api.audit.models import AuditEntry
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.http.idempotency import IdempotencyRecord
from privacy_api.core.time import clock
from privacy_api.outbox.mail import SmtpSender
from privacy_api.outbox.worker import deliver_due
from privacy_api.register.service import Register

EMAIL = "jan.kowalski@example.com"
RECEIVED = datetime(2026, 1, 31, 8, tzinfo=UTC)
ORIGINAL_DUE = datetime(2026, 2, 28, 8, tzinfo=UTC)


@pytest.fixture
def manage(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("dsar:manage", name="ops-anna"))


def _open(client: TestClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    payload = {"type": "access", "email": EMAIL, "channel": "email", "verified": True, **body}
    answer = client.post("/v1/dsar", json=payload, headers=headers)
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result


@pytest.mark.parametrize(
    ("at", "accepted"),
    [
        (ORIGINAL_DUE - timedelta(days=1), True),
        (ORIGINAL_DUE, True),
        (ORIGINAL_DUE + timedelta(seconds=1), False),
        (ORIGINAL_DUE + timedelta(days=1), False),
        (RECEIVED + timedelta(days=69), False),
    ],
)
def test_extension_refused_after_the_first_month_art_12_3(
    client: TestClient,
    loaded: Register,
    manage: dict[str, str],
    at: datetime,
    accepted: bool,
) -> None:
    with clock.frozen(RECEIVED):
        ticket = _open(client, manage)
    assert ticket["due_at"] == "2026-02-28T08:00:00Z"
    with clock.frozen(at):
        answer = client.post(
            f"/v1/dsar/{ticket['id']}/extend", json={"reason": "archives"}, headers=manage
        )
    after = client.get(f"/v1/dsar/{ticket['id']}", headers=manage).json()
    if accepted:
        assert answer.status_code == 200, answer.text
        assert answer.json()["due_at"] == "2026-04-28T08:00:00Z"
        return
    problem = assert_problem(answer, 409)
    assert problem["type"].endswith("/dsar-extension-too-late")
    assert "2026-02-28" in problem["detail"]
    assert problem["original_due_at"] == "2026-02-28T08:00:00Z"
    # Refused whole: the deadline and the flag stay as they were.
    assert after["due_at"] == "2026-02-28T08:00:00Z"
    assert after.get("extended_at") is None


@pytest.fixture
def mail_settings(settings: Settings, mail_server: MailServer) -> Settings:
    return settings.model_copy(update={"smtp_port": mail_server.port})


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("pl", ("Znosimy ograniczenie", "art. 18 ust. 3 RODO", "Belgijski Urząd Ochrony Danych")),
        ("en", ("lifting the restriction", "Art. 18(3)", "Belgian Data Protection Authority")),
    ],
)
def test_lifting_restriction_mails_the_person_art_18_3(
    client: TestClient,
    db: Database,
    loaded: Register,
    make_key: Callable[..., str],
    mail_server: MailServer,
    mail_settings: Settings,
    lang: str,
    words: tuple[str, ...],
) -> None:
    admin = bearer(make_key("admin", name="ops-anna"))
    put = client.put("/v1/subjects/acct-18", json={"email": EMAIL}, headers=admin)
    assert put.status_code == 201, put.text
    if lang == "en":  # the person wrote to us in English: their language
        _open(client, admin, subject_id="acct-18", lang="en", type="restriction")
    with clock.frozen(RECEIVED):
        restricted = client.post(
            "/v1/subjects/acct-18/restriction", json={"reason": "accuracy"}, headers=admin
        )
    assert restricted.status_code == 201, restricted.text
    deliver_due(db, channel="mail", sender=SmtpSender(mail_settings))
    before = len(mail_server.inbox.to(EMAIL))
    lifted = client.delete("/v1/subjects/acct-18/restriction", headers=admin)
    assert lifted.status_code == 200, lifted.text
    deliver_due(db, channel="mail", sender=SmtpSender(mail_settings))
    messages = mail_server.inbox.to(EMAIL)[before:]
    assert len(messages) == 1
    [message] = messages
    text = message["Subject"] + "\n" + message.get_content()
    for word in words:
        assert word in text, text
    assert "2026-01-31" in text  # the day the restriction began
    # Lifting what is not restricted tells nobody anything new.
    assert client.delete("/v1/subjects/acct-18/restriction", headers=admin).status_code == 200
    deliver_due(db, channel="mail", sender=SmtpSender(mail_settings))
    assert len(mail_server.inbox.to(EMAIL)) == before + 1


@pytest.mark.parametrize(
    ("lang", "authority", "right"),
    [
        ("en", "Belgian Data Protection Authority", "GDPR Art. 77"),
        ("pl", "Belgijski Urząd Ochrony Danych", "art. 77 RODO"),
    ],
)
def test_rejection_answer_names_the_authority_art_77(
    client: TestClient,
    loaded: Register,
    manage: dict[str, str],
    lang: str,
    authority: str,
    right: str,
) -> None:
    ticket = _open(client, manage, lang=lang)
    answer = client.post(
        f"/v1/dsar/{ticket['id']}/reject", json={"reason": "manifestly unfounded"}, headers=manage
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["status"] == "rejected"
    assert body["rejection_reason"] == "manifestly unfounded"
    complaint = body["complaint"]
    assert right in complaint["right"]
    # The lead authority's address in the reader's language, as the register spells it.
    assert complaint["supervisory_authority"] == {
        "name": complaint["supervisory_authority"]["name"],
        "address": loaded.spec.controller.supervisory_authority.postal_address.of(lang),
        "email": "contact@apd-gba.be",
        "url": "https://www.dataprotectionauthority.be",
    }
    assert complaint["supervisory_authority"]["name"].startswith(authority)


def test_staff_ticket_list_is_audited(
    client: TestClient, db: Database, loaded: Register, manage: dict[str, str]
) -> None:
    first = _open(client, manage)
    second = _open(client, manage, type="erasure")
    listed = client.get("/v1/dsar?limit=1", headers=manage)
    assert listed.status_code == 200
    shown = [t["id"] for t in listed.json()["items"]]
    client.get("/v1/dsar?type=erasure&overdue=true", headers=manage)
    with db.transaction(write=False) as session:
        entries = list(
            session.scalars(
                select(AuditEntry)
                .where(AuditEntry.action == "dsar.listed")
                .order_by(AuditEntry.seq)
            )
        )
    assert len(entries) == 2
    assert entries[0].actor == "ops-anna"
    assert entries[0].details == {"filter": {}, "ticket_ids": shown}
    assert shown[0] in (first["id"], second["id"])
    assert entries[1].details == {"filter": {"type": "erasure", "overdue": True}, "ticket_ids": []}
    logged = "".join(json.dumps(e.details) + e.target for e in entries)
    assert EMAIL not in logged


def test_system_registration_replays_with_idempotency_key(
    client: TestClient, db: Database, loaded: Register, make_key: Callable[..., str]
) -> None:
    admin = bearer(make_key("admin", name="ops-admin"))
    body = {"name": "crm", "property": "app", "webhook_url": "http://127.0.0.1:9/hook"}
    keyed = {**admin, "Idempotency-Key": "register-crm-1"}
    first = client.post("/v1/systems", json=body, headers=keyed)
    assert first.status_code == 201, first.text
    assert first.json()["signing_secret"].startswith("whsec_")
    # The answer was lost: the retry gets the same system and the same secret, once.
    retry = client.post("/v1/systems", json=body, headers=keyed)
    assert retry.status_code == 201
    assert retry.headers["idempotent-replayed"] == "true"
    assert retry.json() == first.json()
    assert len(client.get("/v1/systems", headers=admin).json()["items"]) == 1
    # The secret is derived, never kept: the replay cache holds none.
    with db.transaction(write=False) as session:
        kept = session.scalars(select(IdempotencyRecord.response_body)).all()
    assert kept
    assert first.json()["signing_secret"] not in json.dumps(kept)
    other = {**body, "name": "crm-2"}
    assert_problem(client.post("/v1/systems", json=other, headers=keyed), 422)
    unkeyed = client.post("/v1/systems", json=other, headers=admin)
    assert unkeyed.status_code == 201
    assert "idempotent-replayed" not in unkeyed.headers
