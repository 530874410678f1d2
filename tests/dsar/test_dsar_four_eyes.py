"""Issue 28, findings 0 and 1: a verified address binds its request when it is carried out;
one dsar:manage key cannot send a person's package (or an e-mail change's code) to an
address the person's record does not hold."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from factories import assert_problem, bearer, record
from mailserver import MailServer
from privacy_api.audit.models import AuditEntry
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.security import tokens
from privacy_api.outbox.mail import SmtpSender
from privacy_api.outbox.worker import deliver_due
from privacy_api.register.service import Register
from privacy_api.subjects.models import Subject

VICTIM, VICTIM_EMAIL = "acct-victim", "victim@example.com"
OTHER = "someone-else@example.net"
LATE, LATE_EMAIL = "acct-late", "late.comer@example.com"


@pytest.fixture
def mail_settings(settings: Settings, mail_server: MailServer) -> Settings:
    return settings.model_copy(update={"smtp_port": mail_server.port})


@pytest.fixture
def admin(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("admin", name="ops-admin"))


@pytest.fixture
def insider(make_key: Callable[..., str]) -> dict[str, str]:
    """The one key of finding 1: dsar:manage and nothing else."""
    return bearer(make_key("dsar:manage", name="insider"))


@pytest.fixture
def second(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("dsar:manage", name="second-pair-of-eyes"))


@pytest.fixture
def front(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("dsar:submit", name="front-end"))


@pytest.fixture
def victim(client: TestClient, loaded: Register, admin: dict[str, str]) -> str:
    person = {"email": VICTIM_EMAIL, "name": "Victoria Victim"}
    assert client.put(f"/v1/subjects/{VICTIM}", json=person, headers=admin).status_code == 201
    batch = {"records": [record(VICTIM, data={"secret": "victim-only"})]}
    assert client.post("/v1/records/batch", json=batch, headers=admin).status_code == 201
    return VICTIM


def _open(client: TestClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    payload = {"type": "access", "email": OTHER, "channel": "help_desk", **body}
    answer = client.post("/v1/dsar", json=payload, headers=headers)
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result


def _deliver(db: Database, settings: Settings) -> None:
    deliver_due(db, channel="mail", sender=SmtpSender(settings))


def _package_links(mail_server: MailServer, to: str) -> list[str]:
    found = []
    for message in mail_server.inbox.to(to):
        found += re.findall(r"\S+/privacy/package\?token=\S+", message.get_content())
    return found


def _download(client: TestClient, link: str) -> Any:
    token = parse_qs(urlparse(link).query)["token"][0]
    return client.get("/v1/dsar/package", params={"token": token})


def _audited(db: Database, action: str) -> list[AuditEntry]:
    with db.transaction(write=False) as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


# -- finding 0: binding when the request is carried out ---------------------------------


def test_access_request_filed_before_account_finds_account_at_fulfilment(
    client: TestClient,
    db: Database,
    loaded: Register,
    front: dict[str, str],
    admin: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    opened = _open(client, front, email=LATE_EMAIL, channel="app")
    _deliver(db, mail_settings)
    code = re.search(r"^\s+(\d{6})\s*$", mail_server.inbox.to(LATE_EMAIL)[-1].get_content(), re.M)
    assert code
    verify = client.post(
        f"/v1/dsar/{opened['id']}/verify", json={"code": code.group(1)}, headers=front
    )
    assert verify.json()["status"] == "open"
    # The account and its records come after the request (sign-up after asking).
    person = {"email": LATE_EMAIL, "name": "Late Comer"}
    assert client.put(f"/v1/subjects/{LATE}", json=person, headers=admin).status_code == 201
    batch = {"records": [record(LATE, data={"secret": "late-only"})]}
    assert client.post("/v1/records/batch", json=batch, headers=admin).status_code == 201
    done = client.post(f"/v1/dsar/{opened['id']}/fulfil", headers=admin).json()
    assert done["status"] == "completed"
    assert done["subject_id"] == LATE
    assert done["result"]["outcome"] == "package"
    _deliver(db, mail_settings)
    links = _package_links(mail_server, LATE_EMAIL)
    assert links
    assert _download(client, links[-1]).status_code == 200
    assert _audited(db, "dsar.bound")


def test_staff_hint_cannot_widen_the_binding_at_fulfilment(
    client: TestClient,
    db: Database,
    victim: str,
    front: dict[str, str],
    admin: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    # A front end names the victim's id with another address; even a staff verification
    # of that ticket does not make the hint count at fulfilment.
    opened = _open(client, front, email=OTHER, subject_id=VICTIM, channel="app")
    client.post(f"/v1/dsar/{opened['id']}/resend", headers=admin)
    _deliver(db, mail_settings)
    code = re.search(r"^\s+(\d{6})\s*$", mail_server.inbox.to(OTHER)[-1].get_content(), re.M)
    assert code
    client.post(f"/v1/dsar/{opened['id']}/verify", json={"code": code.group(1)}, headers=admin)
    done = client.post(f"/v1/dsar/{opened['id']}/fulfil", headers=admin).json()
    assert (done["subject_id"], done["result"]) == (None, {"outcome": "no_data_held"})
    _deliver(db, mail_settings)
    assert not _package_links(mail_server, OTHER)


def test_binding_at_fulfilment_needs_exactly_one_living_holder(
    client: TestClient, loaded: Register, admin: dict[str, str]
) -> None:
    opened = _open(client, admin, email=LATE_EMAIL, verified=True)
    for sid in ("acct-a", "acct-b"):
        person = {"email": LATE_EMAIL}
        assert client.put(f"/v1/subjects/{sid}", json=person, headers=admin).status_code == 201
    done = client.post(f"/v1/dsar/{opened['id']}/fulfil", headers=admin).json()
    assert (done["subject_id"], done["result"]) == (None, {"outcome": "no_data_held"})


# -- finding 1: four eyes on what leaves ---------------------------------------------------


def test_staff_linked_package_goes_only_to_address_on_record(
    client: TestClient,
    db: Database,
    victim: str,
    insider: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    opened = _open(client, insider, subject_id=VICTIM, verified=True)
    assert opened["address_differs"] is True
    assert opened["address_decision"] is None
    done = client.post(f"/v1/dsar/{opened['id']}/fulfil", headers=insider).json()
    assert done["status"] == "completed"
    assert done["result"]["sent_to"] == "address_on_record"
    _deliver(db, mail_settings)
    assert not _package_links(mail_server, OTHER)
    links = _package_links(mail_server, VICTIM_EMAIL)
    assert links
    assert _download(client, links[-1]).status_code == 200
    assert _audited(db, "dsar.address_flagged")


def test_package_link_not_mailed_to_the_record_opens_nothing_while_held_back(
    client: TestClient, app: FastAPI, victim: str, insider: dict[str, str]
) -> None:
    opened = _open(client, insider, subject_id=VICTIM, verified=True)
    client.post(f"/v1/dsar/{opened['id']}/fulfil", headers=insider)
    keys = app.state.keys
    for claims in ({"ticket": opened["id"]}, {"ticket": opened["id"], "to": "0" * 64}):
        token, _ = tokens.sign(keys.tokens, purpose="package", claims=claims, ttl=timedelta(1))
        refused = client.get("/v1/dsar/package", params={"token": token})
        body = assert_problem(refused, 409)
        assert body["type"].endswith("/dsar-package-link-address")
        page = client.get("/privacy/package", params={"token": token})
        assert page.status_code == 409
        assert "victim-only" not in page.text


def test_second_key_approval_sends_package_to_the_other_address(
    client: TestClient,
    db: Database,
    victim: str,
    insider: dict[str, str],
    second: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    opened = _open(client, insider, subject_id=VICTIM, verified=True)
    # What the approver is shown: the other address in full, the record's masked.
    shown = client.get(f"/v1/dsar/{opened['id']}", headers=second).json()["address_check"]
    assert shown["other_address"] == OTHER
    assert shown["linked_by"] == "insider"
    assert shown["address_on_record"] not in (None, VICTIM_EMAIL)
    assert shown["address_on_record"].endswith("@example.com")
    path = f"/v1/dsar/{opened['id']}/approve-address"
    approved = client.post(path, json={"email": OTHER}, headers=second)
    assert approved.status_code == 200, approved.text
    assert (approved.json()["address_decision"], approved.json()["address_decided_by"]) == (
        "approved",
        "second-pair-of-eyes",
    )
    client.post(f"/v1/dsar/{opened['id']}/fulfil", headers=insider)
    _deliver(db, mail_settings)
    links = _package_links(mail_server, OTHER)
    assert links
    assert _download(client, links[-1]).status_code == 200
    entry = _audited(db, "dsar.address_approved")[-1]
    assert (entry.actor, entry.details["linked_by"], entry.details["decided_by"]) == (
        "second-pair-of-eyes",
        "insider",
        "second-pair-of-eyes",
    )


def test_approving_own_link_is_refused(
    client: TestClient, victim: str, insider: dict[str, str]
) -> None:
    opened = _open(client, insider, subject_id=VICTIM, verified=True)
    path = f"/v1/dsar/{opened['id']}/approve-address"
    body = assert_problem(client.post(path, json={"email": OTHER}, headers=insider), 403)
    assert body["type"].endswith("/dsar-address-own-link")
    assert "second" in body["title"] or "another key" in body["detail"]
    read = client.get(f"/v1/dsar/{opened['id']}", headers=insider).json()
    assert read["address_decision"] is None


def test_approval_bad_inputs_are_refused_and_nothing_stored(
    client: TestClient, victim: str, insider: dict[str, str], second: dict[str, str]
) -> None:
    plain = _open(client, insider, email=VICTIM_EMAIL, subject_id=VICTIM, verified=True)
    assert plain["address_differs"] is False
    not_flagged = client.post(
        f"/v1/dsar/{plain['id']}/approve-address", json={"email": VICTIM_EMAIL}, headers=second
    )
    assert assert_problem(not_flagged, 409)["type"].endswith("/dsar-address-not-flagged")
    refused_plain = client.post(f"/v1/dsar/{plain['id']}/refuse-address", json={}, headers=second)
    assert_problem(refused_plain, 409)
    flagged = _open(client, insider, subject_id=VICTIM, verified=True)
    path = f"/v1/dsar/{flagged['id']}/approve-address"
    wrong = client.post(path, json={"email": "mallory@example.org"}, headers=second)
    assert assert_problem(wrong, 422)["type"].endswith("/dsar-address-not-shown")
    assert_problem(client.post(path, json={"email": True}, headers=second), 422)
    assert_problem(client.post(path, json={"email": OTHER, "x": 1}, headers=second), 422)
    assert_problem(client.post(path, json={}, headers=second), 422)
    assert_problem(
        client.post("/v1/dsar/dsr_nope/approve-address", json={"email": OTHER}, headers=second),
        404,
    )
    assert (
        client.get(f"/v1/dsar/{flagged['id']}", headers=second).json()["address_decision"] is None
    )
    refusal = {"reason": "The caller could not say the account's plan."}
    refused = client.post(f"/v1/dsar/{flagged['id']}/refuse-address", json=refusal, headers=second)
    assert refused.json()["address_decision"] == "refused"
    again = client.post(path, json={"email": OTHER}, headers=second)
    assert assert_problem(again, 409)["type"].endswith("/dsar-address-decided")


def test_one_key_cannot_approve_or_refuse_without_dsar_manage(
    client: TestClient, victim: str, insider: dict[str, str], front: dict[str, str]
) -> None:
    flagged = _open(client, insider, subject_id=VICTIM, verified=True)
    path = f"/v1/dsar/{flagged['id']}/approve-address"
    assert_problem(client.post(path, json={"email": OTHER}, headers=front), 403)
    assert_problem(client.post(path, json={"email": OTHER}), 401)


def test_refused_address_still_sends_the_package_only_to_the_record(
    client: TestClient,
    db: Database,
    victim: str,
    insider: dict[str, str],
    second: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    flagged = _open(client, insider, subject_id=VICTIM, verified=True)
    # The linking key may refuse its own link (that sends nothing elsewhere).
    refused = client.post(f"/v1/dsar/{flagged['id']}/refuse-address", json={}, headers=insider)
    assert refused.status_code == 200
    entry = _audited(db, "dsar.address_refused")[-1]
    assert (entry.details["linked_by"], entry.details["decided_by"]) == ("insider", "insider")
    client.post(f"/v1/dsar/{flagged['id']}/fulfil", headers=second)
    _deliver(db, mail_settings)
    assert not _package_links(mail_server, OTHER)
    assert _package_links(mail_server, VICTIM_EMAIL)


def test_address_changed_after_intake_is_flagged_at_fulfilment(
    client: TestClient,
    db: Database,
    victim: str,
    insider: dict[str, str],
    admin: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    opened = _open(client, insider, email=VICTIM_EMAIL, subject_id=VICTIM, verified=True)
    assert opened["address_differs"] is False
    moved = {"email": "victoria.new@example.com"}
    assert client.put(f"/v1/subjects/{VICTIM}", json=moved, headers=admin).status_code == 200
    done = client.post(f"/v1/dsar/{opened['id']}/fulfil", headers=insider).json()
    assert done["address_differs"] is True
    _deliver(db, mail_settings)
    assert not _package_links(mail_server, VICTIM_EMAIL)
    assert _package_links(mail_server, "victoria.new@example.com")


def test_staff_linked_email_change_waits_for_a_second_key(
    client: TestClient,
    db: Database,
    victim: str,
    insider: dict[str, str],
    second: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    # The insider's detour: move the victim's address to one they read, then ask for access.
    details = {"corrections": {"email": OTHER}}
    opened = _open(
        client,
        insider,
        type="rectification",
        email=VICTIM_EMAIL,
        subject_id=VICTIM,
        verified=True,
        details=details,
    )
    assert opened["address_differs"] is True
    held = client.post(f"/v1/dsar/{opened['id']}/fulfil", headers=insider)
    assert assert_problem(held, 409)["type"].endswith("/dsar-address-awaits-approval")
    _deliver(db, mail_settings)
    assert not mail_server.inbox.to(OTHER)
    with db.transaction(write=False) as session:
        subject = session.get(Subject, VICTIM)
        assert subject is not None
        assert subject.email == VICTIM_EMAIL
    path = f"/v1/dsar/{opened['id']}/approve-address"
    assert client.post(path, json={"email": OTHER}, headers=second).status_code == 200
    waiting = client.post(f"/v1/dsar/{opened['id']}/fulfil", headers=insider).json()
    assert waiting["result"] == {"outcome": "awaiting_email_confirmation"}


def test_unlinked_or_code_verified_tickets_are_never_flagged(
    client: TestClient, victim: str, front: dict[str, str], admin: dict[str, str]
) -> None:
    by_front = _open(client, front, email=VICTIM_EMAIL, channel="app")
    unlinked = _open(client, admin, verified=True)
    for opened in (by_front, unlinked):
        read = client.get(f"/v1/dsar/{opened['id']}", headers=admin).json()
        assert read["address_differs"] is False


def test_staff_verified_email_change_waits_for_a_second_key_even_when_linked_by_address(
    client: TestClient,
    db: Database,
    victim: str,
    insider: dict[str, str],
    second: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    # No subject id: the request links by the victim's own address, but staff vouched for
    # the mailbox (verified) and the new address is the insider's.
    details = {"corrections": {"email": OTHER}}
    opened = _open(
        client, insider, type="rectification", email=VICTIM_EMAIL, verified=True, details=details
    )
    assert opened["address_differs"] is True
    held = client.post(f"/v1/dsar/{opened['id']}/fulfil", headers=insider)
    assert assert_problem(held, 409)["type"].endswith("/dsar-address-awaits-approval")
    _deliver(db, mail_settings)
    assert not mail_server.inbox.to(OTHER)


def test_staff_linked_erasure_for_another_address_waits_for_a_second_key(
    client: TestClient, db: Database, victim: str, insider: dict[str, str], second: dict[str, str]
) -> None:
    opened = _open(client, insider, type="erasure", subject_id=VICTIM, verified=True)
    assert opened["address_differs"] is True
    held = client.post(f"/v1/dsar/{opened['id']}/fulfil", headers=insider)
    assert assert_problem(held, 409)["type"].endswith("/dsar-address-awaits-approval")
    with db.transaction(write=False) as session:
        subject = session.get(Subject, VICTIM)
        assert subject is not None
        assert subject.erased_at is None
    refused = client.post(f"/v1/dsar/{opened['id']}/refuse-address", json={}, headers=second)
    assert refused.status_code == 200
    assert_problem(client.post(f"/v1/dsar/{opened['id']}/fulfil", headers=insider), 409)
    path = f"/v1/dsar/{opened['id']}/approve-address"
    assert_problem(client.post(path, json={"email": OTHER}, headers=second), 409)


def test_staff_linked_rectification_answered_elsewhere_waits_for_a_second_key(
    client: TestClient, db: Database, victim: str, insider: dict[str, str], second: dict[str, str]
) -> None:
    details = {"corrections": {"name": "Someone Else"}}
    opened = _open(
        client, insider, type="rectification", subject_id=VICTIM, verified=True, details=details
    )
    assert opened["address_differs"] is True
    held = client.post(f"/v1/dsar/{opened['id']}/fulfil", headers=insider)
    assert assert_problem(held, 409)["type"].endswith("/dsar-address-awaits-approval")
    path = f"/v1/dsar/{opened['id']}/approve-address"
    assert client.post(path, json={"email": OTHER}, headers=second).status_code == 200
    done = client.post(f"/v1/dsar/{opened['id']}/fulfil", headers=insider).json()
    assert done["result"]["outcome"] == "rectified"
    with db.transaction(write=False) as session:
        subject = session.get(Subject, VICTIM)
        assert subject is not None
        assert subject.name == "Someone Else"
