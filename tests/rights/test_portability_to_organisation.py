"""Policy §3 "Przekazania danych osobowych innej organizacji" (GDPR Art. 20(2)): a
portability request may name an organisation; staff confirm it once the person is verified;
the organisation gets its own single-use link; the person is told who received the data and
when; every step is audited."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from consolekit import csrf_of, sign_in
from factories import assert_problem, bearer
from mailserver import MailServer
from privacy_api.audit import service as audit
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.outbox.mail import SmtpSender
from privacy_api.outbox.worker import deliver_due
from privacy_api.register.service import Register

SID = "acct-7"
EMAIL = "ewa@example.com"
ORG = {"name": "Nowa Firma sp. z o.o.", "email": "dane@nowafirma.example"}


@pytest.fixture
def admin(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("admin", name="ops-admin"))


@pytest.fixture
def submit(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("dsar:submit", name="help-desk"))


@pytest.fixture
def manage(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("dsar:manage", name="ops-anna"))


@pytest.fixture
def mail_settings(settings: Settings, mail_server: MailServer) -> Settings:
    return settings.model_copy(update={"smtp_port": mail_server.port})


@pytest.fixture
def person(client: TestClient, loaded: Register, admin: dict[str, str]) -> str:
    response = client.put(
        f"/v1/subjects/{SID}", headers=admin, json={"email": EMAIL, "name": "Ewa Nowak"}
    )
    assert response.status_code == 201, response.text
    return SID


def _deliver(db: Database, settings: Settings) -> None:
    deliver_due(db, channel="mail", sender=SmtpSender(settings))


def _open(client: TestClient, headers: dict[str, str], **details: Any) -> Any:
    body = {"type": "portability", "email": EMAIL, "channel": "email", "lang": "pl"}
    return client.post("/v1/dsar", json={**body, "details": details}, headers=headers)


def _verify(
    client: TestClient,
    db: Database,
    settings: Settings,
    mail: MailServer,
    ticket: str,
    headers: dict[str, str],
) -> None:
    _deliver(db, settings)
    found = re.search(r"^\s+(\d{6})\s*$", mail.inbox.to(EMAIL)[-1].get_content(), re.M)
    assert found
    code = {"code": found.group(1)}
    verified = client.post(f"/v1/dsar/{ticket}/verify", json=code, headers=headers)
    assert verified.status_code == 200, verified.text


def test_portability_request_sends_data_to_the_named_organisation_once_staff_confirm(
    client: TestClient,
    db: Database,
    person: str,
    submit: dict[str, str],
    manage: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    opened = _open(client, submit, recipient=ORG, property="app")
    assert opened.status_code == 201, opened.text
    ticket = opened.json()["id"]
    # Before the person's code: a clear 409, nothing sent.
    early = assert_problem(client.post(f"/v1/dsar/{ticket}/recipient/confirm", headers=manage), 409)
    assert "verified" in early["title"]
    _verify(client, db, mail_settings, mail_server, ticket, submit)
    confirmed = client.post(f"/v1/dsar/{ticket}/recipient/confirm", headers=manage)
    assert confirmed.status_code == 200, confirmed.text
    recipient = confirmed.json()["details"]["recipient"]
    assert recipient["name"] == ORG["name"]
    assert recipient["confirmed_by"] == "ops-anna"
    # Confirmed once: a second confirmation is refused, no second link.
    assert_problem(client.post(f"/v1/dsar/{ticket}/recipient/confirm", headers=manage), 409)
    _deliver(db, mail_settings)
    [to_org] = mail_server.inbox.to(ORG["email"])
    assert "art. 20" in to_org["Subject"]
    assert EMAIL in to_org.get_content()
    link = next(w for w in to_org.get_content().split() if "/v1/dsar/transfer?token=" in w)
    sent = mail_server.inbox.to(EMAIL)[-1]
    assert ORG["name"] in sent["Subject"]
    assert f"{ORG['name']} ({ORG['email']})" in sent.get_content()
    path = link.split("8000", 1)[1]
    package = client.get(path)
    assert package.status_code == 200, package.text
    names = zipfile.ZipFile(io.BytesIO(package.content)).namelist()
    assert "profile.json" in names
    # Its own link works once.
    used = assert_problem(client.get(path), 410)
    assert "once" in used["detail"]
    _deliver(db, mail_settings)
    received = mail_server.inbox.to(EMAIL)[-1]
    assert "otrzymała" in received["Subject"]
    assert "pobrała" in received.get_content()
    with db.transaction(write=False) as session:
        entries = audit.list_entries(session, subject_id=SID, limit=200)
        actions = [e.action for e in entries if e.target == f"dsar/{ticket}"]
    assert "dsar.recipient_confirmed" in actions
    assert "dsar.recipient_downloaded" in actions


@pytest.mark.parametrize(
    ("recipient", "where"),
    [
        ({"name": "Nowa Firma", "email": "not-an-address"}, "email"),
        ({"name": "", "email": "dane@nowafirma.example"}, "name"),
        ({"name": "Nowa Firma"}, "email"),
        ("Nowa Firma", "recipient"),
        ({"name": "Nowa Firma", "email": "dane@nowafirma.example", "phone": "1"}, "phone"),
    ],
)
def test_a_recipient_organisation_with_a_bad_name_or_address_is_refused_and_nothing_stored(
    client: TestClient,
    db: Database,
    loaded: Register,
    submit: dict[str, str],
    recipient: Any,
    where: str,
) -> None:
    body = assert_problem(_open(client, submit, recipient=recipient), 422)
    assert "recipient" in str(body)
    assert where in str(body)
    with db.transaction(write=False) as session:
        assert not audit.list_entries(session, action="dsar.received")


def test_only_a_portability_request_names_a_recipient(
    client: TestClient, loaded: Register, submit: dict[str, str]
) -> None:
    body = {"type": "access", "email": EMAIL, "channel": "email", "details": {"recipient": ORG}}
    assert_problem(client.post("/v1/dsar", json=body, headers=submit), 422)


def test_confirming_a_request_without_a_recipient_is_409(
    client: TestClient, person: str, admin: dict[str, str]
) -> None:
    body = {"type": "portability", "email": EMAIL, "channel": "email", "verified": True}
    ticket = client.post("/v1/dsar", json=body, headers=admin).json()["id"]
    problem = assert_problem(
        client.post(f"/v1/dsar/{ticket}/recipient/confirm", headers=admin), 409
    )
    assert "organisation" in problem["title"]


def test_a_forged_transfer_link_is_refused(client: TestClient, loaded: Register) -> None:
    assert_problem(client.get("/v1/dsar/transfer?token=abc.def"), 400)


def test_staff_confirm_the_recipient_in_the_console_audited_under_their_name(
    client: TestClient,
    db: Database,
    person: str,
    make_key: Callable[..., str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    opener = make_key("admin", name="ops-cyryl")
    key = make_key("admin", name="ops-bart")
    body = {
        "type": "portability",
        "email": EMAIL,
        "channel": "help_desk",
        "verified": True,
        "details": {"recipient": ORG},
    }
    ticket = client.post("/v1/dsar", json=body, headers=bearer(opener)).json()["id"]
    sign_in(client, key)
    page = client.get(f"/console/tickets/{ticket}")
    assert ORG["name"] in page.text
    assert "Confirm and send the link" in page.text
    sent = client.post(
        f"/console/tickets/{ticket}/recipient",
        data={"csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    after = client.get(sent.headers["location"]).text
    assert "Confirmed by ops-bart" in after
    assert "Confirm and send the link" not in after
    _deliver(db, mail_settings)
    assert mail_server.inbox.to(ORG["email"])
    with db.transaction(write=False) as session:
        entries = audit.list_entries(session, actor="ops-bart", limit=200)
    assert "dsar.recipient_confirmed" in [e.action for e in entries]


def test_the_key_that_named_an_organisation_cannot_confirm_it_itself(
    client: TestClient,
    db: Database,
    person: str,
    make_key: Callable[..., str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    """Four eyes (docs/security.md, "Actions that need two keys"): a staff key opens a
    portability request for the person's own address, vouches for it (verified) and names
    an organisation of its choosing; it alone must not send the package there."""
    first = bearer(make_key("dsar:manage", name="ops-ola"))
    second = bearer(make_key("dsar:manage", name="ops-piotr"))
    thief = {"name": "Zbieracz Danych", "email": "loot@attacker.example"}
    body = {
        "type": "portability",
        "email": EMAIL,
        "subject_id": SID,
        "channel": "help_desk",
        "verified": True,
        "details": {"recipient": thief},
    }
    opened = client.post("/v1/dsar", json=body, headers=first)
    assert opened.status_code == 201, opened.text
    ticket = opened.json()["id"]
    own = assert_problem(client.post(f"/v1/dsar/{ticket}/recipient/confirm", headers=first), 409)
    assert "another key" in own["detail"]
    _deliver(db, mail_settings)
    assert not mail_server.inbox.to(thief["email"])
    # Refused, nothing recorded as confirmed; a second key that reads the ticket may.
    shown = client.get(f"/v1/dsar/{ticket}", headers=second).json()
    assert shown["details"]["recipient"] == thief
    confirmed = client.post(f"/v1/dsar/{ticket}/recipient/confirm", headers=second)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["details"]["recipient"]["confirmed_by"] == "ops-piotr"
    with db.transaction(write=False) as session:
        entries = audit.list_entries(session, subject_id=SID, limit=200)
    confirmed_entries = [e for e in entries if e.action == "dsar.recipient_confirmed"]
    assert [e.actor for e in confirmed_entries] == ["ops-piotr"]
    assert confirmed_entries[0].details.get("named_by") == "ops-ola"


def test_the_key_that_named_an_organisation_cannot_confirm_it_in_the_console(
    client: TestClient, person: str, make_key: Callable[..., str]
) -> None:
    key = make_key("admin", name="ops-ola")
    body = {
        "type": "portability",
        "email": EMAIL,
        "channel": "help_desk",
        "verified": True,
        "details": {"recipient": {"name": "Zbieracz", "email": "loot@attacker.example"}},
    }
    ticket = client.post("/v1/dsar", json=body, headers=bearer(key)).json()["id"]
    sign_in(client, key)
    page = client.get(f"/console/tickets/{ticket}")
    sent = client.post(
        f"/console/tickets/{ticket}/recipient",
        data={"csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    after = client.get(sent.headers["location"]).text if sent.status_code == 303 else sent.text
    assert "Confirmed by ops-ola" not in after
    assert "another key" in after


@pytest.mark.parametrize(("lang", "words"), [("pl", "przesłania"), ("en", "send")])
def test_the_code_mail_names_the_organisation_the_person_confirms_sending_to(
    client: TestClient,
    db: Database,
    person: str,
    submit: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
    lang: str,
    words: str,
) -> None:
    """The person's code confirms the request: it must say the data would go to an
    organisation, and which (anyone may name one with the person's address)."""
    body = {"type": "portability", "email": EMAIL, "channel": "email", "lang": lang}
    opened = client.post("/v1/dsar", json={**body, "details": {"recipient": ORG}}, headers=submit)
    assert opened.status_code == 201, opened.text
    _deliver(db, mail_settings)
    text = mail_server.inbox.to(EMAIL)[-1].get_content()
    assert f"{ORG['name']} ({ORG['email']})" in text
    assert words in text
