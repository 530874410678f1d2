"""The register as code: validated on load, versioned, public, the one home of the numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from factories import assert_problem, run_cli
from paths import SRC
from privacy_api.core.data.db import Database
from privacy_api.register import service
from privacy_api.register.checks import RegisterInvalid, parse_register
from privacy_api.register.models import RegisterVersion
from privacy_api.register.service import Register


def _activity(doc: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(a for a in doc["activities"] if a["key"] == key)
    return found


def _versions(db: Database) -> int:
    with db.transaction(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(RegisterVersion)) or 0)


def test_packaged_register_describes_every_activity_of_the_policy(
    register_document: dict[str, Any],
) -> None:
    spec = parse_register(register_document)
    assert {a.key for a in spec.activities if a.store is None} == {
        "account",
        "service_delivery",
        "community",
        "support",
        "product_updates",
        "site_performance",
        "marketing",
        "site_functionality",
        "payments",
        "demo_access",
        "server_logs",
        "cookies",
        "web_analytics",
        "social_media_buttons",
        "google_analytics",
    }


def test_missing_retention_is_refused_with_its_location(register_document: dict[str, Any]) -> None:
    del _activity(register_document, "server_logs")["retention"]
    with pytest.raises(RegisterInvalid) as caught:
        parse_register(register_document)
    assert any("retention" in e and "required" in e.lower() for e in caught.value.errors)


def test_unknown_legal_basis_is_refused(register_document: dict[str, Any]) -> None:
    _activity(register_document, "account")["legal_basis"] = ["contract", "vibes"]
    with pytest.raises(RegisterInvalid) as caught:
        parse_register(register_document)
    assert any("legal_basis" in e and "consent" in e for e in caught.value.errors)


@pytest.mark.parametrize("category", ["Usage Data", "usage-data", "usage\x1fdata", "u"])
def test_a_data_category_that_is_not_a_key_is_refused(
    register_document: dict[str, Any], category: str
) -> None:
    _activity(register_document, "account")["data_categories"].append(category)
    with pytest.raises(RegisterInvalid) as caught:
        parse_register(register_document)
    assert any("data_categories" in e for e in caught.value.errors)


def test_consent_activity_without_consent_purpose_is_refused(
    register_document: dict[str, Any],
) -> None:
    del _activity(register_document, "marketing")["consent_purpose"]
    with pytest.raises(RegisterInvalid) as caught:
        parse_register(register_document)
    assert caught.value.errors == [
        "activities.marketing: legal basis 'consent' needs a consent_purpose"
    ]


def test_every_cross_reference_problem_is_listed_at_once(
    register_document: dict[str, Any],
) -> None:
    del _activity(register_document, "marketing")["consent_purpose"]
    _activity(register_document, "account")["retention"]["period"] = "forever"
    _activity(register_document, "account")["objection_applies"] = True
    _activity(register_document, "payments")["retention"]["statutory_hold"]["hold"] = "tax"
    with pytest.raises(RegisterInvalid) as caught:
        parse_register(register_document)
    assert len(caught.value.errors) == 4


def test_invalid_file_is_refused_by_the_cli_and_nothing_is_stored(
    db: Database,
    database_url: str,
    loaded: Register,
    register_document: dict[str, Any],
    tmp_path: Path,
) -> None:
    del _activity(register_document, "marketing")["consent_purpose"]
    _activity(register_document, "account")["legal_basis"] = ["magic"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(register_document, allow_unicode=True))
    result = run_cli(database_url, "register", "load", str(bad))
    assert result.returncode == 1
    assert "activities.0.legal_basis.0" in result.stderr
    assert "nothing was stored" in result.stderr
    assert _versions(db) == 1


def test_cli_load_stores_a_version_only_when_the_file_changed(
    db: Database, database_url: str, register_document: dict[str, Any], tmp_path: Path
) -> None:
    assert run_cli(database_url, "register", "load").returncode == 0
    assert run_cli(database_url, "register", "load").returncode == 0
    assert _versions(db) == 1
    register_document["retention_periods"]["visit_logs"]["period_months"] = 6
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(register_document, allow_unicode=True))
    result = run_cli(database_url, "register", "load", str(changed))
    assert result.returncode == 0, result.stderr
    assert _versions(db) == 2


def test_older_register_versions_stay_readable(
    client: TestClient, db: Database, loaded: Register, register_document: dict[str, Any]
) -> None:
    register_document["retention_periods"]["analytics_visits"]["period_months"] = 18
    with db.transaction() as session:
        service.load_register(session, document=register_document, source="t", actor="test")
    versions = client.get("/v1/register/versions").json()["items"]
    assert [v["version"] for v in versions] == [2, 1]
    old = client.get("/v1/register/versions/1").json()["document"]
    assert old["retention_periods"]["analytics_visits"]["period_months"] == 24
    analytics = client.get("/v1/processing-activities/google_analytics").json()
    assert analytics["retention"]["period_months"] == 18
    assert_problem(client.get("/v1/register/versions/9"), 404)


def test_processing_activities_are_public_in_the_api_shape(
    client: TestClient, loaded: Register
) -> None:
    body = client.get("/v1/processing-activities").json()
    assert body["next_cursor"] is None
    assert len(body["items"]) == 21  # 15 of records, 6 of the service's own stores
    payments = client.get("/v1/processing-activities/payments").json()
    assert payments["legal_basis"] == ["legal_obligation", "legitimate_interest"]
    assert payments["retention"] == {
        "period_months": 12,
        "clock": "last_session",
        "or_at": "account_closed",
        "action": "erase",
        "statutory_hold_years": 10,
        "statutory_hold_categories": ["payment_confirmation"],
    }
    marketing = client.get("/v1/processing-activities/marketing").json()
    assert marketing["consent_purpose"] == "marketing_email"
    assert marketing["portability_applies"] is True


def test_unknown_activity_is_404(client: TestClient, loaded: Register) -> None:
    assert_problem(client.get("/v1/processing-activities/telepathy"), 404)


def test_subprocessors_are_public(client: TestClient, loaded: Register) -> None:
    items = client.get("/v1/subprocessors").json()["items"]
    assert any(s["name"] == "Google (Google Analytics, Google Ads)" for s in items)
    assert all(s["safeguard"] for s in items)


def test_endpoints_say_clearly_when_no_register_is_loaded(client: TestClient) -> None:
    body = assert_problem(client.get("/v1/processing-activities"), 503)
    assert "register load" in body["detail"]


def test_register_load_is_audited(db: Database, loaded: Register) -> None:
    from privacy_api.audit import service as audit

    with db.transaction(write=False) as session:
        actions = [e.action for e in audit.list_entries(session)]
    assert "register.loaded" in actions


def test_retention_numbers_live_only_in_the_register_file() -> None:
    """No retention period or hold is written in the code: the file is their one home."""
    root = SRC / "privacy_api"
    for source in root.rglob("*"):
        if source.suffix not in {".py", ".j2"}:
            continue
        text = source.read_text()
        for phrase in (
            "12 months",
            "24 months",
            "10 years",
            "12 miesięcy",
            "24 miesięcy",
            "10 lat",
            "period_months=12",
            "years=10",
        ):
            assert phrase not in text, f"{source} states {phrase!r}: read it from the register"
