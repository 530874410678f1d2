"""Issue 28's closing attack review: what one key, one link or one cookie could still do
alone after the issue was built, each test named after the hole it closes."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from factories import assert_problem, bearer
from mailserver import MailServer
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.http.streaming import StreamSlots
from privacy_api.outbox.mail import SmtpSender
from privacy_api.outbox.models import OutboxMessage
from privacy_api.outbox.worker import deliver_due
from privacy_api.register.service import Register

SID, EMAIL = "acct-attacked", "ewa@example.com"
ORG = {"name": "Evil Data Broker", "email": "loot@broker.example"}


@pytest.fixture
def admin(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("admin", name="ops-admin"))


@pytest.fixture
def insider(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("dsar:manage", name="insider"))


@pytest.fixture
def second(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("dsar:manage", name="second-pair-of-eyes"))


@pytest.fixture
def mail_settings(settings: Settings, mail_server: MailServer) -> Settings:
    return settings.model_copy(update={"smtp_port": mail_server.port})


@pytest.fixture
def person(client: TestClient, loaded: Register, admin: dict[str, str]) -> str:
    body = {"email": EMAIL, "name": "Ewa Nowak"}
    assert client.put(f"/v1/subjects/{SID}", headers=admin, json=body).status_code == 201
    return SID


def _staff_portability(client: TestClient, headers: dict[str, str], **extra: object) -> str:
    body = {
        "type": "portability",
        "email": EMAIL,
        "channel": "help_desk",
        "verified": True,
        "details": {"recipient": ORG},
        **extra,
    }
    opened = client.post("/v1/dsar", json=body, headers=headers)
    assert opened.status_code == 201, opened.text
    return str(opened.json()["id"])


@pytest.mark.parametrize("linked", [True, False], ids=["by-subject-id", "by-address"])
def test_one_key_cannot_open_and_confirm_a_transfer_to_an_organisation(
    client: TestClient,
    db: Database,
    person: str,
    insider: dict[str, str],
    second: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
    linked: bool,
) -> None:
    """A request staff opened verified names an organisation nobody proved the person
    chose: the key that opened it may not also confirm it (a second dsar:manage key may)."""
    extra = {"subject_id": SID} if linked else {}
    ticket = _staff_portability(client, insider, **extra)
    refused = client.post(f"/v1/dsar/{ticket}/recipient/confirm", headers=insider)
    assert assert_problem(refused, 409)["type"].endswith("dsar-recipient-own")
    deliver_due(db, channel="mail", sender=SmtpSender(mail_settings))
    assert mail_server.inbox.to(ORG["email"]) == []
    confirmed = client.post(f"/v1/dsar/{ticket}/recipient/confirm", headers=second)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["details"]["recipient"]["confirmed_by"] == "second-pair-of-eyes"


def test_erasure_leaves_no_address_in_the_mail_to_an_organisation(
    client: TestClient,
    db: Database,
    person: str,
    insider: dict[str, str],
    second: dict[str, str],
    admin: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    """The organisation's mail names the person's address; it is about the subject's
    ticket, so the subject's erasure empties it like any mail to the person."""
    ticket = _staff_portability(client, insider)
    confirmed = client.post(f"/v1/dsar/{ticket}/recipient/confirm", headers=second)
    assert confirmed.status_code == 200, confirmed.text
    deliver_due(db, channel="mail", sender=SmtpSender(mail_settings))
    assert mail_server.inbox.to(ORG["email"])
    erased = client.delete(f"/v1/subjects/{SID}", headers=admin)
    assert erased.status_code == 200, erased.text
    with db.transaction(write=False) as session:
        bodies = [str(m.body) for m in session.scalars(select(OutboxMessage))]
    assert bodies
    assert not [body for body in bodies if EMAIL in body]


def test_the_organisations_download_counts_among_the_exports_and_busy_spends_no_link(
    client: TestClient,
    db: Database,
    person: str,
    insider: dict[str, str],
    second: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    """The transfer link streams a package like any other: while every export place is
    taken it is 503 exports-busy, and the single-use link is not spent by the refusal."""
    ticket = _staff_portability(client, insider)
    assert client.post(f"/v1/dsar/{ticket}/recipient/confirm", headers=second).status_code == 200
    deliver_due(db, channel="mail", sender=SmtpSender(mail_settings))
    [mail] = mail_server.inbox.to(ORG["email"])
    found = re.search(r"/v1/dsar/transfer\?token=(\S+)", mail.get_content())
    assert found
    slots: StreamSlots = client.app.state.context.exports  # type: ignore[attr-defined]
    held = []
    while (slot := slots.take()) is not None:
        held.append(slot)
    busy = client.get("/v1/dsar/transfer", params={"token": found.group(1)})
    assert assert_problem(busy, 503)["type"].endswith("exports-busy")
    for slot in held:
        slot.release()
    taken = client.get("/v1/dsar/transfer", params={"token": found.group(1)})
    assert taken.status_code == 200, taken.text
    assert slots.taken == 0


def test_a_rejected_requests_transfer_link_downloads_nothing(
    client: TestClient,
    db: Database,
    person: str,
    insider: dict[str, str],
    second: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    """Staff who reject a request after confirming its organisation stop the transfer: the
    link already mailed no longer downloads the person's data."""
    ticket = _staff_portability(client, insider)
    assert client.post(f"/v1/dsar/{ticket}/recipient/confirm", headers=second).status_code == 200
    deliver_due(db, channel="mail", sender=SmtpSender(mail_settings))
    [mail] = mail_server.inbox.to(ORG["email"])
    found = re.search(r"/v1/dsar/transfer\?token=(\S+)", mail.get_content())
    assert found
    reason = {"reason": "The organisation is not one the person named."}
    rejected = client.post(f"/v1/dsar/{ticket}/reject", json=reason, headers=second)
    assert rejected.status_code == 200, rejected.text
    taken = client.get("/v1/dsar/transfer", params={"token": found.group(1)})
    assert taken.status_code == 409, taken.status_code
    assert assert_problem(taken, 409)["type"].endswith("dsar-no-recipient")


def test_erasure_empties_mails_about_the_subject_sent_to_its_former_address(
    client: TestClient,
    db: Database,
    person: str,
    admin: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    """A mail about the subject (its restriction lifted) went to the address it had then;
    the app changed the address since. The erasure finds the mail by what it is about,
    not only by the address the subject has now."""
    restrict = {"reason": "accuracy contested"}
    assert (
        client.post(f"/v1/subjects/{SID}/restriction", json=restrict, headers=admin).status_code
        == 201
    )
    assert client.delete(f"/v1/subjects/{SID}/restriction", headers=admin).status_code == 200
    deliver_due(db, channel="mail", sender=SmtpSender(mail_settings))
    assert mail_server.inbox.to(EMAIL)
    moved = client.put(
        f"/v1/subjects/{SID}", json={"email": "ewa.new@example.org", "name": "Ewa"}, headers=admin
    )
    assert moved.status_code == 200, moved.text
    assert client.delete(f"/v1/subjects/{SID}", headers=admin).status_code == 200
    with db.transaction(write=False) as session:
        kept = [(m.recipient, m.body) for m in session.scalars(select(OutboxMessage))]
    assert kept
    assert not [row for row in kept if EMAIL in row[0] or EMAIL in row[1]]
