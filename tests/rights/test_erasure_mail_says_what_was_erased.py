"""Issue 29 point 8: the erasure mail says first what was erased about the person (the
account, the address), then what else was erased, then what is kept and why, in plain
sentences, in Polish and English."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from factories import bearer, record
from mailserver import MailServer
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.outbox.mail import SmtpSender
from privacy_api.outbox.worker import deliver_due
from privacy_api.register.service import Register

SID = "acct-erase-mail"
EMAIL = "do.usuniecia@example.com"


@pytest.mark.parametrize(
    ("lang", "first", "kept", "erased_before"),
    [
        ("en", "We erased your account", "What we keep, and why:", "we erased"),
        ("pl", "Usunęliśmy Twoje konto", "Co zachowujemy i dlaczego:", "usunęliśmy"),
    ],
)
def test_erasure_mail_says_first_that_the_account_and_address_were_erased_then_what_is_kept(
    client: TestClient,
    db: Database,
    loaded: Register,
    make_key: Callable[..., str],
    mail_server: MailServer,
    settings: Settings,
    lang: str,
    first: str,
    kept: str,
    erased_before: str,
) -> None:
    admin = bearer(make_key("admin", name="ops-admin"))
    person = {"email": EMAIL, "name": "Ola Usuwana"}
    assert client.put(f"/v1/subjects/{SID}", headers=admin, json=person).status_code == 201
    items = [
        record(SID),
        record(SID, activity="payments", category="payment_confirmation", data={"eur": 9}),
    ]
    assert (
        client.post("/v1/records/batch", json={"records": items}, headers=admin).status_code == 201
    )
    body = {"type": "erasure", "email": EMAIL, "channel": "email", "verified": True, "lang": lang}
    ticket = client.post("/v1/dsar", json=body, headers=admin).json()["id"]
    assert client.post(f"/v1/dsar/{ticket}/fulfil", headers=admin).json()["status"] == "completed"
    deliver_due(
        db,
        channel="mail",
        sender=SmtpSender(settings.model_copy(update={"smtp_port": mail_server.port})),
    )
    [mail] = mail_server.inbox.to(EMAIL)
    text = mail.get_content()
    # First what was erased about the person: the account and the address itself.
    assert first in text
    assert EMAIL in text
    assert text.index(first) < text.index(kept)
    assert text.index(first) < text.index(erased_before, text.index(first) + len(first))
    # Then what is kept, each with its reason (the payment confirmation: accounting law).
    payments = loaded.spec.activity("payments")
    assert payments is not None
    hold = loaded.spec.retention_of(payments).hold
    assert hold is not None
    assert hold.reason.of(lang) in text.split(kept, 1)[1]
    # Plain sentences, not "erased: 1 record (...)".
    assert "erased: " not in text
    assert "usunięto: " not in text
