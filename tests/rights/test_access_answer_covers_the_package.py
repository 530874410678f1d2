"""Issue 29 point 8 (GDPR Art. 15(1)): the access answer covers every activity that processes
what the package holds, the account profile included."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from factories import bearer
from privacy_api.register.service import Register

SID = "acct-profile-only"
EMAIL = "tylko.profil@example.com"


@pytest.fixture
def admin(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("admin", name="ops-admin"))


def _package(client: TestClient, admin: dict[str, str], lang: str) -> zipfile.ZipFile:
    response = client.get(f"/v1/subjects/{SID}/export?lang={lang}", headers=admin)
    assert response.status_code == 200, response.text
    return zipfile.ZipFile(io.BytesIO(response.content))


def _processing(package: zipfile.ZipFile) -> dict[str, Any]:
    answer = json.loads(package.read("art15.json"))
    return {p["activity"]: p for p in answer["processing"]}


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_access_answer_names_the_account_activity_for_a_package_holding_only_the_profile(
    client: TestClient, loaded: Register, admin: dict[str, str], lang: str
) -> None:
    person = {"email": EMAIL, "name": "Ola Profil", "attributes": {"company_name": "ACME"}}
    assert client.put(f"/v1/subjects/{SID}", headers=admin, json=person).status_code == 201
    package = _package(client, admin, lang)
    profile = json.loads(package.read("profile.json"))
    assert profile["email"] == EMAIL
    processing = _processing(package)
    # Before: "processing": [] for a package holding the e-mail address and the profile.
    assert "account" in processing
    account = loaded.spec.activity("account")
    assert account is not None
    assert processing["account"]["title"] == account.title.of(lang)
    assert processing["account"]["legal_basis"]
    assert processing["account"]["retention"]["text"]


def test_access_answer_names_the_activities_behind_the_consent_and_request_histories(
    client: TestClient, loaded: Register, admin: dict[str, str]
) -> None:
    person = {"email": EMAIL, "name": "Ola Profil"}
    assert client.put(f"/v1/subjects/{SID}", headers=admin, json=person).status_code == 201
    choice = {"purposes": {"marketing_email": True}, "property": "app"}
    assert client.put(f"/v1/subjects/{SID}/consent", headers=admin, json=choice).status_code == 200
    ticket = {"type": "access", "email": EMAIL, "channel": "email", "verified": True}
    assert client.post("/v1/dsar", json=ticket, headers=admin).status_code == 201
    package = _package(client, admin, "en")
    assert json.loads(package.read("consent_history.json"))
    assert json.loads(package.read("dsar_history.json"))
    stores = {a.store: a.key for a in loaded.spec.activities if a.store}
    processing = _processing(package)
    assert stores["consent_events"] in processing
    assert stores["dsar_tickets"] in processing
    assert "account" in processing
