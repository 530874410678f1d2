"""Policy §3 names every right; the centre's request form offers each (issue 29): a
rectification says what is wrong and what is right, a portability request may name the
organisation the data goes to. Bad inputs answer 422 with the field to fix; nothing stored."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from test_privacy_centre import _csrf

from mailserver import MailServer
from privacy_api.app import create_app
from privacy_api.centre.views import FORM_TYPES
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.dsar.models import DsarTicket
from privacy_api.register.service import Register

EMAIL = "ktos@example.com"


@pytest.fixture
def centre(
    settings: Settings, db: Database, loaded: Register, mail_server: MailServer
) -> Iterator[TestClient]:
    with TestClient(create_app(settings, db=db), raise_server_exceptions=False) as client:
        yield client


def _file(client: TestClient, **fields: str) -> Any:
    form = {"csrf_token": _csrf(client), "email": EMAIL, "property": "app", "lang": "en"}
    return client.post("/privacy/request", data={**form, **fields}, follow_redirects=False)


def _tickets(db: Database) -> list[DsarTicket]:
    with db.transaction(write=False) as session:
        return list(session.scalars(select(DsarTicket)))


def test_the_request_form_offers_every_right_the_policy_names(centre: TestClient) -> None:
    assert set(FORM_TYPES) == {
        "access",
        "rectification",
        "portability",
        "erasure",
        "restriction",
        "objection",
    }
    for lang, words in (
        ("en", ("Correct my data", "What is wrong", "What is right", "Organisation")),
        ("pl", ("Sprostować moje dane", "Co jest nieprawidłowe", "Jak powinno być", "organizacji")),
    ):
        page = centre.get(f"/privacy/request?lang={lang}").text
        for kind in FORM_TYPES:
            assert f'name="type" value="{kind}"' in page
        for word in words:
            assert word in page


def test_rectification_from_the_centre_states_what_is_wrong_and_what_is_right(
    centre: TestClient, db: Database
) -> None:
    answer = _file(
        centre,
        type="rectification",
        rect_field="name",
        rect_wrong="Jan Kowalsky",
        rect_right="Jan Kowalski",
    )
    assert answer.status_code == 303, answer.text
    [ticket] = _tickets(db)
    assert ticket.type == "rectification"
    assert ticket.details["corrections"] == {"name": "Jan Kowalski"}
    assert ticket.details["wrong"] == "Jan Kowalsky"


def test_portability_from_the_centre_may_name_the_organisation(
    centre: TestClient, db: Database
) -> None:
    answer = _file(
        centre,
        type="portability",
        recipient_name="Nowa Firma sp. z o.o.",
        recipient_email="Dane@NowaFirma.example",
    )
    assert answer.status_code == 303, answer.text
    [ticket] = _tickets(db)
    assert ticket.details["recipient"]["name"] == "Nowa Firma sp. z o.o."
    assert ticket.details["recipient"]["email"].endswith("@nowafirma.example")


def test_portability_without_an_organisation_goes_to_the_person(
    centre: TestClient, db: Database
) -> None:
    assert _file(centre, type="portability").status_code == 303
    [ticket] = _tickets(db)
    assert "recipient" not in ticket.details


@pytest.mark.parametrize(
    ("fields", "anchor"),
    [
        (
            {"type": "portability", "recipient_name": "Firma", "recipient_email": "nie-adres"},
            "recipient_email",
        ),
        ({"type": "portability", "recipient_email": "dane@firma.example"}, "recipient_name"),
        ({"type": "rectification", "rect_field": "name", "rect_right": "Jan"}, "rect_wrong"),
        ({"type": "rectification", "rect_field": "name", "rect_wrong": "Jn"}, "rect_right"),
        (
            {
                "type": "rectification",
                "rect_field": "password",
                "rect_wrong": "a",
                "rect_right": "b",
            },
            "rect_field",
        ),
        (
            {
                "type": "rectification",
                "rect_field": "email",
                "rect_wrong": "a@b.pl",
                "rect_right": "zly adres",
            },
            "rect_right",
        ),
    ],
)
def test_bad_rectification_or_recipient_answers_422_with_the_field_and_stores_nothing(
    centre: TestClient, db: Database, fields: dict[str, str], anchor: str
) -> None:
    answer = _file(centre, **fields)
    assert answer.status_code == 422
    assert f'href="#{anchor}"' in answer.text
    # What was typed is shown again, to be fixed rather than retyped.
    for key, value in fields.items():
        if key not in ("type", "rect_field"):  # choices, not typed
            assert value in answer.text
    assert _tickets(db) == []
