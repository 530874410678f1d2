"""Policy §5: published versions are frozen; register changes publish, material ones re-ask."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from factories import bearer, run_cli
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.outbox.models import OutboxMessage
from privacy_api.policy import service as policy
from privacy_api.policy.models import PolicyVersion
from privacy_api.register import service as register
from privacy_api.register.service import Register

FIRST = "2024-06-17"
HTML = {"Accept": "text/html"}


def _load(db: Database, document: dict[str, Any]) -> str | None:
    """What `privacy-api register load` does: store, then publish what the policy shows."""
    with db.transaction() as session:
        register.load_register(session, document=document, source="t", actor="test")
        published = policy.publish_register_changes(
            session, public_base_url="https://privacy.example", actor="test"
        )
    return None if published is None else published.version


def _renderings(client: TestClient, version: str) -> dict[str, bytes]:
    out = {}
    for lang in ("pl", "en"):
        out[f"{lang}.json"] = client.get(f"/v1/policy?lang={lang}&version={version}").content
        page = client.get(f"/v1/policy?lang={lang}&version={version}", headers=HTML)
        assert page.headers["content-type"].startswith("text/html")
        out[f"{lang}.html"] = page.content
    return out


def _versions(client: TestClient) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get("/v1/policy/versions").json()["items"]
    return items


NOON = datetime(2026, 12, 1, 12, tzinfo=UTC)


def test_published_policy_version_renders_identically_after_register_change(
    client: TestClient, db: Database, loaded: Register, register_document: dict[str, Any]
) -> None:
    before = _renderings(client, FIRST)
    assert "12 months" in before["en.json"].decode()
    register_document["retention_periods"]["account_inactivity"]["period_months"] = 18
    register_document["controller"]["address"] = "Nieuwe Straat 1, 9000 Gent"
    register_document["controller"]["postal_address"] = {
        "en": "Nieuwe Straat 1, 9000 Ghent, Belgium",
        "pl": "Nieuwe Straat 1, 9000 Gandawa, Belgia",
    }
    new = _load(db, register_document)
    assert new is not None
    assert new != FIRST
    assert _renderings(client, FIRST) == before
    old = client.get(f"/v1/policy?lang=en&version={FIRST}").json()
    assert old["register_version"] == 1
    latest = client.get("/v1/policy?lang=en").json()
    assert latest["version"] == new
    assert latest["register_version"] == 2
    assert "18 months" in latest["text"]
    assert "Nieuwe Straat 1" in latest["text"]


def test_register_change_publishes_new_version_with_summary(
    client: TestClient, db: Database, loaded: Register, register_document: dict[str, Any]
) -> None:
    register_document["retention_periods"]["account_inactivity"]["period_months"] = 6
    with clock.frozen(NOON):
        first = _load(db, register_document)
        assert first == "2026-12-01"
        # A sub-processor no activity names any more.
        register_document["subprocessors"] = [
            s for s in register_document["subprocessors"] if s["key"] != "survey"
        ]
        for activity in register_document["activities"]:
            activity["recipients"] = [r for r in activity["recipients"] if r != "survey"]
        second = _load(db, register_document)
    # Two publications on one day get distinct ids; the list is newest first.
    assert second == "2026-12-01.2"
    listed = _versions(client)
    assert [v["version"] for v in listed] == [second, first, FIRST]
    assert [v["register_version"] for v in listed] == [3, 2, 1]
    # Shorter periods and a sub-processor removed narrow what was accepted: not material.
    assert [v["material"] for v in listed] == [False, False, False]
    shorter = listed[1]["changelog"]
    assert "12 months → 6 months" in shorter["en"]
    assert "12 miesięcy → 6 miesięcy" in shorter["pl"]
    assert "Sub-processor removed" in listed[0]["changelog"]["en"]
    assert "Usunięty podmiot przetwarzający" in listed[0]["changelog"]["pl"]
    # The consent routes accept the new version at once, and it is the one in force.
    visitor = f"/v1/consent/visitors/{uuid.uuid4()}"
    body = {"purposes": {"analytics": True}, "property": "site", "policy_version": second}
    assert client.put(visitor, json=body).status_code == 200
    assert client.get(visitor).json()["current_policy_version"] == second


def test_unchanged_register_publishes_nothing(
    client: TestClient, db: Database, loaded: Register, register_document: dict[str, Any]
) -> None:
    assert _load(db, register_document) is None
    # A change the policy does not show (when a processing agreement was signed) is stored
    # as a register version but publishes no policy version.
    register_document["subprocessors"][0]["dpa_signed_on"] = "2025-01-01"
    assert _load(db, register_document) is None
    with db.transaction(write=False) as session:
        assert len(register.list_versions(session)) == 2
        assert session.scalar(select(func.count()).select_from(PolicyVersion)) == 1
    assert [v["version"] for v in _versions(client)] == [FIRST]


def _subject(client: TestClient, key: dict[str, str], sid: str, lang: str | None) -> None:
    attributes = {"lang": lang} if lang else {}
    response = client.put(
        f"/v1/subjects/{sid}",
        json={"email": f"{sid}@example.com", "attributes": attributes},
        headers=key,
    )
    assert response.status_code == 201, response.text
    accepted = client.post(
        f"/v1/subjects/{sid}/policy-acceptances",
        headers=key,
        json={"version": FIRST, "property": "app"},
    )
    assert accepted.status_code == 201, accepted.text


def _mails(db: Database) -> dict[str, OutboxMessage]:
    with db.transaction(write=False) as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "mail"))
        return {m.recipient: m for m in rows}


def test_material_change_requires_reconsent_and_notifies_subjects(
    client: TestClient,
    app: Any,
    db: Database,
    loaded: Register,
    register_document: dict[str, Any],
    make_key: Callable[..., str],
) -> None:
    writer = bearer(make_key("subjects:write"))
    _subject(client, writer, "pl1", "pl")
    _subject(client, writer, "en1", "en")
    visitor = f"/v1/consent/visitors/{uuid.uuid4()}"
    chosen = {"purposes": {"analytics": True}, "property": "site"}
    assert client.put(visitor, json=chosen).status_code == 200
    assert client.get(visitor).json()["reconsent_required"] is False

    period = register_document["retention_periods"]["account_inactivity"]
    period["period_months"] += 12
    new = _load(db, register_document)
    assert new is not None
    app.state.live_register.forget()  # published by another process: seen within seconds

    listed = _versions(client)[0]
    assert listed["material"] is True
    assert "12 months → 24 months" in listed["changelog"]["en"]
    state = client.get(visitor).json()
    assert state["policy_version"] == FIRST
    assert state["current_policy_version"] == new
    assert state["reconsent_required"] is True
    # A new visitor has chosen nothing yet: the banner asks anyway, nothing to redo.
    fresh = client.get(f"/v1/consent/visitors/{uuid.uuid4()}").json()
    assert fresh["reconsent_required"] is False
    again = client.put(visitor, json=chosen).json()
    assert again["policy_version"] == new
    assert again["reconsent_required"] is False

    mails = _mails(db)
    assert set(mails) == {"pl1@example.com", "en1@example.com"}
    assert mails["pl1@example.com"].subject == f"Zmiany w naszej polityce prywatności: wersja {new}"
    assert "12 miesięcy → 24 miesięcy" in mails["pl1@example.com"].body
    assert mails["en1@example.com"].subject == f"Our privacy policy changes: version {new}"
    assert "12 months → 24 months" in mails["en1@example.com"].body
    # Told once: recorded as notified, nobody is left pending, a later load tells nobody again.
    admin = bearer(make_key("admin"))
    pending = client.get(f"/v1/policy/notifications?version={new}", headers=admin).json()
    assert pending["items"] == []
    period["period_months"] -= 1
    assert _load(db, register_document) is not None
    assert len(_mails(db)) == 2


def test_register_load_command_publishes_a_material_change_once(
    db: Database, database_url: str, register_document: dict[str, Any], tmp_path: Path
) -> None:
    first = run_cli(database_url, "register", "load")
    assert first.returncode == 0, first.stderr
    assert f"policy version {FIRST} published" in first.stderr + first.stdout
    register_document["subprocessors"].append(
        {
            "category": "payment processing",
            "name": "Example Payments BV",
            "region": "EEA",
            "safeguard": "data-processing agreement",
            "dpa_signed_on": None,
            "key": "payments_provider",
            "title": {"en": "payment processing", "pl": "obsługa płatności"},
            "region_title": {"en": "EEA", "pl": "EOG"},
            "safeguard_title": {
                "en": "data-processing agreement",
                "pl": "umowa powierzenia przetwarzania danych",
            },
            "outside_eea": False,
        }
    )
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(register_document, allow_unicode=True))
    result = run_cli(database_url, "register", "load", str(changed))
    assert result.returncode == 0, result.stderr
    said = result.stderr + result.stdout
    # The subprocess's own date: the test may run across midnight.
    published = re.search(r"policy version (\S+) published \(material", said)
    assert published is not None, said
    again = run_cli(database_url, "register", "load", str(changed))
    assert "published" not in again.stderr + again.stdout
    with db.transaction(write=False) as session:
        rows = list(session.scalars(select(PolicyVersion).order_by(PolicyVersion.id)))
    assert [(r.version, r.material, r.register_version) for r in rows] == [
        (FIRST, False, 1),
        (published.group(1), True, 2),
    ]
    assert "New sub-processor: Example Payments BV (EEA)." in rows[1].changelog["en"]
    assert "Nowy podmiot przetwarzający: Example Payments BV (EEA)." in rows[1].changelog["pl"]
