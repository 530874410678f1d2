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
    key = make_key("admin", name="ops-bart")
    body = {
        "type": "portability",
        "email": EMAIL,
        "channel": "help_desk",
        "verified": True,
        "details": {"recipient": ORG},
    }
    ticket = client.post("/v1/dsar", json=body, headers=bearer(key)).json()["id"]
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
