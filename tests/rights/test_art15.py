"""Art. 15(1): the access package says purposes, recipients, periods, holds, source, rights."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from factories import bearer, record
from privacy_api.core.data.db import Database
from privacy_api.downstream.models import DownstreamSystem
from privacy_api.register.service import Register

SID = "acct-15"


@pytest.fixture
def admin(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("admin", name="ops-admin"))


@pytest.fixture
def person(client: TestClient, db: Database, loaded: Register, admin: dict[str, str]) -> str:
    response = client.put(
        f"/v1/subjects/{SID}", headers=admin, json={"email": "a@example.com", "name": "Anna"}
    )
    assert response.status_code == 201, response.text
    items = [
        record(SID),
        record(SID, activity="payments", category="payment_confirmation", data={"eur": 49}),
    ]
    response = client.post("/v1/records/batch", json={"records": items}, headers=admin)
    assert response.status_code == 201, response.text
    with db.transaction() as session:
        session.add(
            DownstreamSystem(
                id="sys_billing",
                name="billing-app",
                property="app",
                webhook_url="https://billing.example.com/hook",
                created_at=datetime(2026, 11, 1, tzinfo=UTC),
                created_by="test",
            )
        )
    return SID


def _art15(client: TestClient, admin: dict[str, str], lang: str) -> dict[str, Any]:
    response = client.get(f"/v1/subjects/{SID}/export?lang={lang}", headers=admin)
    assert response.status_code == 200, response.text
    answer = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("art15.json"))
    assert isinstance(answer, dict)
    return answer


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_art15_lists_statutory_hold_recipients_source_and_complaint_route(
    client: TestClient, person: str, admin: dict[str, str], loaded: Register, lang: str
) -> None:
    spec = loaded.spec
    answer = _art15(client, admin, lang)
    assert answer["lang"] == lang
    by_key = {p["activity"]: p for p in answer["processing"]}
    # Only the activities that hold this person's data.
    assert set(by_key) == {"account", "payments"}

    payments = by_key["payments"]
    activity = spec.activity("payments")
    assert activity is not None
    hold = spec.retention_of(activity).hold
    assert hold is not None
    held = payments["retention"]["statutory_hold"]
    assert held["years"] == hold.years
    assert held["data_categories"] == [spec.category_title(c, lang) for c in hold.categories]
    assert held["reason"] == hold.reason.of(lang)
    assert str(hold.years) in payments["retention"]["text"]
    assert payments["retention"]["period_months"] == spec.retention_of(activity).period_months
    assert payments["purposes"] == [spec.purpose_title(p, lang) for p in activity.purposes]
    assert payments["data_categories"] == [
        spec.category_title(c, lang) for c in activity.data_categories
    ]
    assert payments["legal_basis"]
    # (15)(1)(g): the payment provider is named as a source besides the person.
    assert len(payments["source"]) == len(activity.sources) == 2
    assert [r["category"] for r in payments["recipients"]["subprocessors"]] == [
        s.title.of(lang) for s in spec.recipients_of(activity)
    ]

    account = by_key["account"]
    assert account["retention"]["statutory_hold"] is None
    # The downstream system serving the account's property receives our orders (Art. 19).
    assert any("billing-app" in s for s in account["recipients"]["systems"])
    assert any("billing-app" in s for s in payments["recipients"]["systems"])
    # (15)(2): transfers outside the EEA with their safeguard: where the register does not
    # know a provider's region, the policy's own words (it may be outside the EEA).
    account_activity = spec.activity("account")
    assert account_activity is not None
    outside = [s for s in spec.recipients_of(account_activity) if s.outside_eea is not False]
    assert outside
    assert [(t["recipient"], t["safeguard"]) for t in account["transfers_outside_eea"]] == [
        (s.name or s.title.of(lang), s.safeguard_title.of(lang)) for s in outside
    ]

    authority = spec.controller.supervisory_authority
    complaint = answer["right_to_complain"]
    assert complaint["authority"] == authority.name.of(lang)
    assert complaint["address"] == authority.postal_address.of(lang)
    assert complaint["url"] == authority.url
    assert "77" in complaint["article"]
    assert [r["article"].split()[1 if lang == "pl" else 2] for r in answer["rights"]] == [
        str(n) for n in range(15, 22)
    ]
    assert answer["controller"]["contact_email"] == spec.contact_point.email


_ANY_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}[^\",\r\n]*")
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")


def test_export_times_are_rfc3339(client: TestClient, person: str, admin: dict[str, str]) -> None:
    client.put(
        f"/v1/subjects/{SID}/consent",
        headers=admin,
        json={"purposes": {"marketing_email": True}, "property": "app"},
    )
    response = client.post(
        "/v1/dsar",
        json={"email": "a@example.com", "channel": "email", "verified": True, "type": "access"},
        headers=admin,
    )
    assert response.status_code == 201, response.text
    package = zipfile.ZipFile(
        io.BytesIO(client.get(f"/v1/subjects/{SID}/export", headers=admin).content)
    )
    seen = 0
    for name in package.namelist():
        text = package.read(name).decode()
        for time_text in _ANY_TIME.findall(text):
            seen += 1
            # As the API writes times: `T`, and an offset (`Z` for UTC).
            assert _RFC3339.fullmatch(time_text), (name, time_text)
    manifest = json.loads(package.read("manifest.json"))
    assert manifest["generated_at"].endswith("Z")
    history = json.loads(package.read("dsar_history.json"))
    assert history[0]["received_at"].endswith("Z")
    assert json.loads(package.read("consent_history.json"))[0]["at"].endswith("Z")
    assert seen >= 6
