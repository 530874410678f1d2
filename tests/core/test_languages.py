"""Polish in Polish, English in English (Art. 12(1): clear and plain language the person reads)."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from factories import bearer, record
from privacy_api.core.data.db import Database
from privacy_api.dsar import service as dsar
from privacy_api.outbox import service as outbox
from privacy_api.outbox.models import OutboxMessage
from privacy_api.register.checks import RegisterInvalid, parse_register
from privacy_api.register.service import Register
from privacy_api.rights.erasure import erase_subject, erasure_summary
from privacy_api.rights.erasure_letter import erasure_letter
from privacy_api.rights.summary import store_title, summary_lines

SID = "acct-pl"
EMAIL = "anna@example.com"

# Common English words that have no place in a Polish text. Words that are Polish too
# ("marketing", "cookie", "to", "we") are not here; proper names are stripped before.
ENGLISH = frozenset(
    """
    the and of for with from your our you is are this that within outside until
    payment payments confirmation confirmations belgium brussels antwerp package done
    request requests data account accounts erased anonymised kept records processing
    consent agreement service services cloud survey work management registration
    authorisation accounting contract legitimate interest obligation legal rights right
    complaint authority month months year years site visit session purpose purposes
    recipients source retention period access erasure rectification restriction objection
    portability provider address name email comments message support statistics usage
    ip_address device occurred recorded property
    """.split()  # noqa: SIM905 (a word list reads better as words)
)
# Proper names, addresses and identifiers a Polish text may quote as they are.
_PROPER = re.compile(
    r"https?://\S+|[\w.+-]+@[\w.-]+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|be)\b|Connexeon BV|"
    r"Google Analytics|Google|Facebook|Tweet|Aalmoezenierstraat|Rue de la Presse|"
    r"Gegevensbeschermingsautoriteit|Autorité de protection des données|\b(?:TLS|API|IP|SCC)\b|"
    # An authority's country is an ISO code, alone as a JSON value (IS, Iceland, is no "is").
    r"(?m:^[A-Z]{2}$)"
)


def english_words(text: str) -> set[str]:
    words = re.findall(r"[^\W\d_]+", _PROPER.sub(" ", text))
    return {w.lower() for w in words} & ENGLISH


def test_the_scan_finds_english_where_there_is_some() -> None:
    assert english_words("wykonano: package; Belgium, payment confirmation") == {
        "package",
        "belgium",
        "payment",
        "confirmation",
    }
    assert not english_words("Connexeon BV, privacy@onetagger.com, https://x.be/the-data")


@dataclass
class _Ticket:
    id: str = "dsar_01JPOLSKI"
    type: str = "erasure"
    email: str = EMAIL
    lang: str = "pl"
    received_at: datetime = datetime(2026, 11, 20, 10, tzinfo=UTC)
    due_at: datetime = datetime(2026, 12, 20, 10, tzinfo=UTC)


@pytest.fixture
def admin(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("admin", name="ops-admin"))


@pytest.fixture
def person(client: TestClient, loaded: Register, admin: dict[str, str]) -> str:
    response = client.put(
        f"/v1/subjects/{SID}", headers=admin, json={"email": EMAIL, "name": "Anna Nowak"}
    )
    assert response.status_code == 201, response.text
    items = [
        record(SID),
        record(SID, activity="payments", category="payment_confirmation", data={"eur": 49}),
        record(SID, activity="server_logs", category="ip_address", data={"ip": "192.0.2.1"}),
    ]
    response = client.post("/v1/records/batch", json={"records": items}, headers=admin)
    assert response.status_code == 201, response.text
    return SID


def _strings(
    value: Any, *, skip: frozenset[str] = frozenset({"activity", "lang"})
) -> Iterator[str]:
    """Every text in a JSON document but identifiers (keys, and values under `skip`)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, skip=skip)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield from _strings(item, skip=skip)


def _polish_mails(db: Database, loaded: Register) -> dict[str, str]:
    """Every Polish mail template, rendered with the context the service gives it."""
    spec = loaded.spec
    with db.transaction() as session:
        erased = erasure_summary(
            erase_subject(session, subject_id=SID, spec=spec, actor="test", lang="pl"), spec
        )
        session.rollback()
    ticket = _Ticket()
    link = {"link": "https://privacy.onetagger.com/v1/dsar/package?token=t", "link_expires": "x"}
    extras: dict[str, dict[str, Any]] = {
        "dsar_completed": {
            "summary": summary_lines(erased, spec, "pl"),
            "erasure": erasure_letter(
                {**erased, "outcome": "erased"}, spec, "pl", email="anna@example.com"
            ),
            **link,
        },
        "dsar_transfer_sent": {
            "organisation": "Nowa Firma sp. z o.o.",
            "organisation_email": "dane@nowafirma.example",
            "sent_on": "2026-12-07",
            "link_expires": "2026-12-14",
            "downloaded_on": None,
        },
        "dsar_transfer_recipient": {
            "organisation": "Nowa Firma sp. z o.o.",
            "person": "anna@example.com",
            **link,
        },
        "dsar_email_changed": {},
        "dsar_email_confirm": {"code": "1234-5678", "hours": 24},
        "dsar_extended": {"reason": "Złożoność żądania."},
        "dsar_rejected": {"reason": "Żądanie jest ewidentnie nieuzasadnione."},
        "dsar_verification": {"code": "1234-5678", "hours": 24},
        "restriction_lifted": {"restricted_on": "2026-11-02"},
        "policy_changed": {
            "version": "2026-12-01",
            "changes": "Nowy podmiot przetwarzający: obsługa płatności.",
            "policy_url": "https://privacy.onetagger.com/v1/policy?lang=pl",
            "controller": spec.controller.name,
            "controller_email": spec.controller.email,
        },
        "breach_notice": {
            "what_happened": "Dziennik serwera był przez dwa dni dostępny publicznie.",
            "what_it_means": "Ktoś mógł zobaczyć Twój adres IP.",
            "what_we_did": "Zamknęliśmy dostęp.",
            "categories": [spec.category_title("ip_address", "pl")],
            "contact_title": spec.contact_point.title.pl,
            "contact_email": spec.contact_point.email,
            "controller_address": spec.controller.postal_address.pl,
        },
        "objection_refused": {
            "activity": store_title(spec, "site_performance", "pl"),
            "reason": "Wykrywanie nadużyć.",
        },
    }
    templates = resources.files("privacy_api.outbox").joinpath("templates")
    names = {p.name.removesuffix(".pl.txt.j2") for p in templates.iterdir()}
    assert {n for n in names if not n.endswith(".j2")} == set(extras), "a template lacks a test"
    context = dsar._mail_context(ticket, spec)
    rendered = {}
    for name, extra in extras.items():
        subject, body = outbox.render_mail(name, "pl", **{**context, **extra})
        rendered[name] = f"{subject}\n{body}"
    rendered["dsar_transfer_sent:downloaded"] = "\n".join(
        outbox.render_mail(
            "dsar_transfer_sent",
            "pl",
            **{**context, **extras["dsar_transfer_sent"], "downloaded_on": "2026-12-08"},
        )
    )
    # A completion that erased nothing says what was done, in words.
    rendered["dsar_completed:package"] = "\n".join(
        summary_lines({"outcome": "package"}, spec, "pl")
    )
    return rendered


def _polish_package(client: TestClient, admin: dict[str, str]) -> dict[str, str]:
    response = client.get(f"/v1/subjects/{SID}/export?lang=pl", headers=admin)
    assert response.status_code == 200, response.text
    package = zipfile.ZipFile(io.BytesIO(response.content))
    texts = {"art15.json": "\n".join(_strings(json.loads(package.read("art15.json"))))}
    manifest = json.loads(package.read("manifest.json"))
    texts["manifest.json"] = manifest["controller"]["address"]
    for name in package.namelist():
        if name.endswith(".csv"):
            header = next(csv.reader(io.StringIO(package.read(name).decode())))
            texts[name] = " ".join(header)
    return texts


def test_polish_outputs_contain_no_english(
    client: TestClient, db: Database, person: str, admin: dict[str, str], loaded: Register
) -> None:
    outputs: dict[str, str] = {}
    policy = client.get("/v1/policy?lang=pl")
    outputs["policy.txt"] = policy.json()["text"]
    html = client.get("/v1/policy?lang=pl", headers={"Accept": "text/html"}).text
    # What a reader sees: the text between the tags (and the <title>).
    outputs["policy.html"] = re.sub(r"<[^>]*>", " ", html)
    outputs.update(_polish_package(client, admin))
    # The objection refusal through the real route: in the person's language, not `en`.
    client.post(
        f"/v1/subjects/{SID}/objections", json={"activity": "site_performance"}, headers=admin
    )
    refused = client.post(
        f"/v1/subjects/{SID}/objections/site_performance/decision",
        json={"uphold": False, "reason": "Wykrywanie nadużyć."},
        headers=admin,
    )
    assert refused.status_code == 200, refused.text
    with db.transaction() as session:
        mail = session.scalars(
            select(OutboxMessage).where(OutboxMessage.reference.like("objection/%"))
        ).one()
        outputs["objection_refused (sent)"] = f"{mail.subject}\n{mail.body}"
    outputs.update(_polish_mails(db, loaded))
    found = {name: sorted(english_words(text)) for name, text in outputs.items()}
    assert {name: words for name, words in found.items() if words} == {}
    assert "Dzień dobry" in outputs["objection_refused (sent)"]


def test_person_texts_need_both_languages_in_the_register(
    register_document: dict[str, Any],
) -> None:
    parse_register(register_document)
    without_polish = copy.deepcopy(register_document)
    del without_polish["category_titles"]["payment_confirmation"]["pl"]
    with pytest.raises(RegisterInvalid, match="payment_confirmation"):
        parse_register(without_polish)
    untitled = copy.deepcopy(register_document)
    del untitled["purpose_titles"]["newsletters"]
    with pytest.raises(RegisterInvalid, match="newsletters"):
        parse_register(untitled)
    english_only = copy.deepcopy(register_document)
    english_only["subprocessors"][0]["region_title"] = {"en": "EEA"}
    with pytest.raises(RegisterInvalid, match="region_title"):
        parse_register(english_only)
