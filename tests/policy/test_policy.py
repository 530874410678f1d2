"""The published policy: rendered from the register, versioned, in Polish and English."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from factories import assert_problem, bearer
from privacy_api.core.data.db import Database
from privacy_api.policy.render import months, years
from privacy_api.policy.service import publish_register_changes
from privacy_api.register import service
from privacy_api.register.service import Register

PERIOD_PHRASES = {
    "en": "within {months} of your last session",
    "pl": "w ciągu {months} od Twojej ostatniej sesji",
}


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_policy_states_every_period_and_hold_of_the_register(
    client: TestClient, loaded: Register, lang: str
) -> None:
    body = client.get(f"/v1/policy?lang={lang}").json()
    assert body["lang"] == lang
    assert body["version"] == "2024-06-17"
    text = body["text"]
    spec = loaded.spec
    for period in spec.retention_periods.values():
        assert months(period.period_months, lang) in text  # type: ignore[arg-type]
    for hold in spec.statutory_holds.values():
        assert years(hold.years, lang) in text  # type: ignore[arg-type]
    for activity in spec.activities:
        assert getattr(activity.title, lang) in text
    assert spec.controller.email in text
    assert getattr(spec.controller.supervisory_authority.name, lang) in text


@pytest.mark.parametrize("lang", ["pl", "en"])
def test_changing_a_period_in_the_register_changes_the_published_text(
    client: TestClient,
    db: Database,
    loaded: Register,
    register_document: dict[str, Any],
    lang: str,
) -> None:
    phrase = PERIOD_PHRASES[lang]
    before = client.get(f"/v1/policy?lang={lang}").json()["text"]
    assert phrase.format(months=months(12, lang)) in before  # type: ignore[arg-type]
    register_document["retention_periods"]["account_inactivity"]["period_months"] = 18
    with db.transaction() as session:
        service.load_register(session, document=register_document, source="t", actor="test")
        # The change shows in a new version; the one it replaces stays as published.
        publish_register_changes(session, public_base_url="https://p.example", actor="test")
    after = client.get(f"/v1/policy?lang={lang}").json()["text"]
    assert phrase.format(months=months(18, lang)) in after  # type: ignore[arg-type]
    assert phrase.format(months=months(12, lang)) not in after  # type: ignore[arg-type]


def test_polish_plurals_read_naturally() -> None:
    assert months(12, "pl") == "12 miesięcy"
    assert months(1, "pl") == "1 miesiąca"
    assert years(10, "pl") == "10 lat"
    assert years(2, "pl") == "2 lata"
    assert years(22, "pl") == "22 lata"
    assert years(12, "pl") == "12 lat"
    assert months(1, "en") == "1 month"


def test_browser_gets_a_readable_html_page(client: TestClient, loaded: Register) -> None:
    response = client.get("/v1/policy?lang=pl", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="pl">' in response.text
    assert "12 miesięcy" in response.text


def test_unknown_language_is_422(client: TestClient, loaded: Register) -> None:
    assert_problem(client.get("/v1/policy?lang=de"), 422)


def test_publishing_a_version_needs_admin_and_is_idempotent(
    client: TestClient, loaded: Register, make_key: Callable[..., str]
) -> None:
    body = {
        "version": "2026-12-01",
        "material": True,
        "changelog": {"en": "New retention periods.", "pl": "Nowe okresy przechowywania."},
    }
    assert_problem(
        client.post("/v1/policy/versions", json=body, headers=bearer(make_key("consent:read"))), 403
    )
    headers = {**bearer(make_key("admin")), "Idempotency-Key": "publish-2026-12"}
    first = client.post("/v1/policy/versions", json=body, headers=headers)
    again = client.post("/v1/policy/versions", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    published = client.get("/v1/policy?lang=en").json()
    assert published["version"] == "2026-12-01"
    assert published["material"] is True
    versions = [v["version"] for v in client.get("/v1/policy/versions").json()["items"]]
    assert versions == ["2026-12-01", "2024-06-17"]
    older = client.get("/v1/policy?lang=en&version=2024-06-17").json()
    assert older["version"] == "2024-06-17"


def test_a_version_must_be_newer_than_the_last(
    client: TestClient, loaded: Register, make_key: Callable[..., str]
) -> None:
    admin = bearer(make_key("admin"))
    changelog = {"en": "x", "pl": "x"}
    for version in ("2024-06-17", "2020-01-01"):
        response = client.post(
            "/v1/policy/versions",
            headers=admin,
            json={"version": version, "material": False, "changelog": changelog},
        )
        assert_problem(response, 409)


def test_unpublished_version_is_404(client: TestClient, loaded: Register) -> None:
    assert_problem(client.get("/v1/policy?version=2019-01-01"), 404)


def _subject(client: TestClient, key: dict[str, str], sid: str, *, email: bool = True) -> None:
    body = {"email": f"{sid}@example.com"} if email else {}
    assert client.put(f"/v1/subjects/{sid}", json=body, headers=key).status_code == 201


def test_material_change_lists_subjects_who_accepted_an_older_version_until_told(
    client: TestClient, loaded: Register, make_key: Callable[..., str]
) -> None:
    writer, admin = bearer(make_key("subjects:write")), bearer(make_key("admin"))
    # Without an e-mail address: no mail is queued, the front ends tell them in the app and
    # record it here (those with an address are mailed at publication).
    for sid in ("a1", "a2", "a3", "never"):
        _subject(client, writer, sid, email=False)
    for sid in ("a1", "a2", "a3"):
        response = client.post(
            f"/v1/subjects/{sid}/policy-acceptances",
            headers=writer,
            json={"version": "2024-06-17", "property": "app"},
        )
        assert response.status_code == 201, response.text
    client.post(
        "/v1/policy/versions",
        headers=admin,
        json={
            "version": "2026-12-01",
            "material": True,
            "changelog": {"en": "Longer analytics.", "pl": "Dłuższa analityka."},
        },
    )
    client.post(
        "/v1/subjects/a3/policy-acceptances",
        headers=writer,
        json={"version": "2026-12-01", "property": "app"},
    )

    first = client.get("/v1/policy/notifications?limit=1", headers=admin).json()
    assert first["version"] == "2026-12-01"
    assert [i["subject_id"] for i in first["items"]] == ["a1"]
    second = client.get(
        f"/v1/policy/notifications?limit=1&cursor={first['next_cursor']}", headers=admin
    ).json()
    assert [i["subject_id"] for i in second["items"]] == ["a2"]
    assert second["next_cursor"] is None

    told = client.post(
        "/v1/policy/notifications",
        headers=admin,
        json={"version": "2026-12-01", "subject_ids": ["a1"]},
    )
    assert told.json()["recorded"] == 1
    again = client.post(
        "/v1/policy/notifications",
        headers=admin,
        json={"version": "2026-12-01", "subject_ids": ["a1"]},
    )
    assert again.json()["recorded"] == 0
    left = client.get("/v1/policy/notifications", headers=admin).json()["items"]
    assert [i["subject_id"] for i in left] == ["a2"]


def test_a_change_that_is_not_material_needs_no_notices(
    client: TestClient, loaded: Register, make_key: Callable[..., str]
) -> None:
    writer, admin = bearer(make_key("subjects:write")), bearer(make_key("admin"))
    _subject(client, writer, "a1")
    client.post(
        "/v1/subjects/a1/policy-acceptances",
        headers=writer,
        json={"version": "2024-06-17", "property": "site"},
    )
    client.post(
        "/v1/policy/versions",
        headers=admin,
        json={
            "version": "2026-12-01",
            "material": False,
            "changelog": {"en": "Typos.", "pl": "Literówki."},
        },
    )
    assert client.get("/v1/policy/notifications", headers=admin).json()["items"] == []


def test_acceptance_of_an_unpublished_version_or_unknown_subject_is_refused(
    client: TestClient, loaded: Register, make_key: Callable[..., str]
) -> None:
    writer = bearer(make_key("subjects:write"))
    _subject(client, writer, "a1")
    assert_problem(
        client.post(
            "/v1/subjects/a1/policy-acceptances",
            headers=writer,
            json={"version": "2031-01-01", "property": "app"},
        ),
        404,
    )
    assert_problem(
        client.post(
            "/v1/subjects/zz/policy-acceptances",
            headers=writer,
            json={"version": "2024-06-17", "property": "app"},
        ),
        404,
    )
    assert_problem(
        client.post(
            "/v1/subjects/a1/policy-acceptances",
            headers=writer,
            json={"version": "2024-06-17", "property": "tv"},
        ),
        422,
    )
