"""Consent: provable choices (Art. 7(1)), easy withdrawal (7(3)), GPC, Consent Mode, ETags."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from conftest import LiveServer
from factories import assert_problem, bearer
from privacy_api.app import create_app
from privacy_api.config import Settings
from privacy_api.consent.models import ConsentEvent, ConsentState
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.register.service import Register

SITE = "https://onetagger.com"


def _visitor() -> str:
    return f"/v1/consent/visitors/{uuid.uuid4()}"


def _choose(client: TestClient, path: str, purposes: dict[str, bool], **extra: Any) -> Any:
    headers = extra.pop("headers", {})
    return client.put(
        path, json={"purposes": purposes, "property": "site", **extra}, headers=headers
    )


def _events(db: Database) -> list[ConsentEvent]:
    with db.transaction(write=False) as session:
        return list(session.scalars(select(ConsentEvent).order_by(ConsentEvent.id)))


def test_new_visitor_has_every_optional_purpose_denied(
    client: TestClient, loaded: Register
) -> None:
    response = client.get(_visitor())
    assert response.status_code == 200
    body = response.json()
    assert body["purposes"] == {
        "necessary": True,
        "analytics": False,
        "marketing_email": False,
        "advertising": False,
        "social_media": False,
    }
    assert body["consent_mode"] == {
        "analytics_storage": "denied",
        "ad_storage": "denied",
        "ad_user_data": "denied",
        "ad_personalization": "denied",
        "functionality_storage": "granted",
        "security_storage": "granted",
    }
    assert body["policy_version"] == "2024-06-17"
    assert body["gpc"] is False


@pytest.mark.parametrize("bad_id", ["123", "not-a-uuid", "5f0c' OR 1=1 --"])
def test_visitor_id_must_be_a_uuid(client: TestClient, loaded: Register, bad_id: str) -> None:
    assert_problem(client.get(f"/v1/consent/visitors/{bad_id}"), 422)


def test_choice_is_recorded_with_its_proof(
    client: TestClient, db: Database, loaded: Register
) -> None:
    path = _visitor()
    response = _choose(
        client,
        path,
        {"analytics": True},
        banner_version="banner-7",
        headers={"User-Agent": "Firefox/140"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["consent_mode"]["analytics_storage"] == "granted"
    [event] = _events(db)
    assert event.purposes["analytics"] is True
    assert event.changes == {"analytics": "grant"}
    assert (event.source, event.banner_version, event.policy_version) == (
        "site",
        "banner-7",
        "2024-06-17",
    )
    assert event.user_agent == "Firefox/140"
    assert event.actor == "public"
    assert event.ip_hash is not None
    assert "testclient" not in event.ip_hash
    assert len(event.ip_hash) == 64


def test_necessary_cannot_be_refused_and_nothing_is_stored(
    client: TestClient, db: Database, loaded: Register
) -> None:
    body = assert_problem(_choose(client, _visitor(), {"necessary": False, "analytics": True}), 422)
    assert "necessary" in body["detail"]
    assert _events(db) == []


@pytest.mark.parametrize("purposes", [{"telepathy": True}, {}, {"analytics": "yes please"}])
def test_unknown_or_malformed_purposes_are_422(
    client: TestClient, db: Database, loaded: Register, purposes: dict[str, Any]
) -> None:
    assert_problem(_choose(client, _visitor(), purposes), 422)
    assert _events(db) == []


def test_gpc_signal_denies_advertising_whatever_the_body_says(
    client: TestClient, db: Database, loaded: Register
) -> None:
    path = _visitor()
    body = _choose(
        client, path, {"advertising": True, "analytics": True}, headers={"Sec-GPC": "1"}
    ).json()
    assert body["purposes"]["advertising"] is False
    assert body["purposes"]["analytics"] is True
    assert body["gpc"] is True
    assert body["consent_mode"]["ad_storage"] == "denied"
    assert _events(db)[0].gpc is True
    assert client.get(path).json()["gpc"] is True


def test_etag_gives_304_until_the_state_changes(client: TestClient, loaded: Register) -> None:
    path = _visitor()
    first = client.get(path)
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "private, no-cache"
    unchanged = client.get(path, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    _choose(client, path, {"analytics": True})
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag


def test_cors_is_open_only_to_the_configured_origins(client: TestClient, loaded: Register) -> None:
    path = _visitor()
    allowed = client.get(path, headers={"Origin": SITE})
    assert allowed.headers["access-control-allow-origin"] == SITE
    assert "etag" in allowed.headers["access-control-expose-headers"].lower()
    refused = client.get(path, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in refused.headers
    preflight = client.options(
        path,
        headers={
            "Origin": "https://app.onetagger.com",
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "PUT" in preflight.headers["access-control-allow-methods"]
    bad_preflight = client.options(
        path, headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "PUT"}
    )
    assert bad_preflight.status_code == 400


@pytest.fixture
def limited_client(settings: Settings, db: Database, loaded: Register) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update={"consent_rate_limit_per_minute": 3}), db=db)
    with TestClient(app) as client:
        yield client


def test_public_writes_are_rate_limited_per_address(
    limited_client: TestClient, db: Database
) -> None:
    path = _visitor()
    for _ in range(3):
        assert _choose(limited_client, path, {"analytics": True}).status_code == 200
    refused = _choose(limited_client, path, {"analytics": False})
    assert_problem(refused, 429)
    assert int(refused.headers["retry-after"]) >= 1
    assert len(_events(db)) == 3
    assert limited_client.get(path).json()["purposes"]["analytics"] is True


@pytest.fixture
def subject(client: TestClient, make_key: Callable[..., str]) -> str:
    key = bearer(make_key("subjects:write"))
    assert (
        client.put("/v1/subjects/acct-1", json={"email": "a@example.com"}, headers=key).status_code
        == 201
    )
    return "acct-1"


def test_subject_consent_needs_its_scopes(
    client: TestClient, loaded: Register, subject: str, make_key: Callable[..., str]
) -> None:
    path = f"/v1/subjects/{subject}/consent"
    body = {"purposes": {"marketing_email": True}, "property": "app"}
    assert_problem(client.get(path), 401)
    assert_problem(client.put(path, json=body, headers=bearer(make_key("consent:read"))), 403)
    writer = bearer(make_key("consent:write"))
    assert client.put(path, json=body, headers=writer).json()["purposes"]["marketing_email"]
    reader = bearer(make_key("consent:read"))
    state = client.get(path, headers=reader)
    assert state.json()["purposes"]["marketing_email"] is True
    assert state.headers["cache-control"] == "no-store"
    assert_problem(client.put("/v1/subjects/ghost/consent", json=body, headers=writer), 404)


def test_login_link_joins_the_history_and_the_browser_reads_both_by_time(
    client: TestClient,
    db: Database,
    loaded: Register,
    subject: str,
    make_key: Callable[..., str],
) -> None:
    writer, reader = bearer(make_key("consent:write")), bearer(make_key("consent:read"))
    start = datetime(2026, 11, 1, tzinfo=UTC)
    with clock.frozen(start):
        client.put(
            f"/v1/subjects/{subject}/consent",
            headers=writer,
            json={"purposes": {"analytics": False, "marketing_email": True}, "property": "app"},
        )
    visitor = _visitor()
    with clock.frozen(start + timedelta(days=1)):
        _choose(client, visitor, {"analytics": True})
    with clock.frozen(start + timedelta(days=2)):
        linked = client.post(f"{visitor}/link", json={"subject_id": subject}, headers=writer)
    assert linked.status_code == 200, linked.text
    state = linked.json()
    # The account's choices, unchanged: what the visitor chose is not carried (issue 28).
    assert state["purposes"]["analytics"] is False
    assert state["purposes"]["marketing_email"] is True
    # The browser reads both, the later decision per purpose: its own analytics choice.
    browser = client.get(visitor).json()
    assert browser["purposes"]["analytics"] is True
    # The public route names the visitor, never the account (issue 10, item 5).
    assert browser["holder"] == "visitor:" + visitor.rsplit("/", 1)[1]
    _choose(client, visitor, {"analytics": False})
    subject_state = client.get(f"/v1/subjects/{subject}/consent", headers=reader).json()
    assert subject_state["purposes"] == state["purposes"]
    history = client.get(f"/v1/subjects/{subject}/consent/history", headers=reader).json()
    kinds = [(e["holder"].split(":")[0], e["kind"]) for e in history["items"]]
    assert kinds == [
        ("subject", "choice"),
        ("visitor", "choice"),
        ("subject", "link"),
        ("visitor", "choice"),
    ]


def test_one_click_unsubscribe_withdraws_marketing_and_keeps_the_proof(
    client: TestClient,
    db: Database,
    loaded: Register,
    subject: str,
    make_key: Callable[..., str],
) -> None:
    writer, reader = bearer(make_key("consent:write")), bearer(make_key("consent:read"))
    client.put(
        f"/v1/subjects/{subject}/consent",
        headers=writer,
        json={"purposes": {"marketing_email": True}, "property": "app"},
    )
    link = client.get(f"/v1/subjects/{subject}/unsubscribe-link", headers=reader).json()
    token = link["url"].split("token=")[1]
    response = client.post(f"/v1/unsubscribe?token={token}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200, response.text
    state = client.get(f"/v1/subjects/{subject}/consent", headers=reader).json()
    assert state["purposes"]["marketing_email"] is False
    events = _events(db)
    assert [e.kind for e in events] == ["choice", "unsubscribe"]
    assert events[0].purposes["marketing_email"] is True
    assert events[1].changes == {"marketing_email": "withdrawal"}


def test_tampered_or_expired_unsubscribe_token_changes_nothing(
    client: TestClient,
    db: Database,
    loaded: Register,
    subject: str,
    make_key: Callable[..., str],
) -> None:
    writer, reader = bearer(make_key("consent:write")), bearer(make_key("consent:read"))
    client.put(
        f"/v1/subjects/{subject}/consent",
        headers=writer,
        json={"purposes": {"marketing_email": True}, "property": "app"},
    )
    token = (
        client.get(f"/v1/subjects/{subject}/unsubscribe-link", headers=reader)
        .json()["url"]
        .split("token=")[1]
    )
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert_problem(client.post(f"/v1/unsubscribe?token={forged}"), 400)
    assert_problem(client.post("/v1/unsubscribe?token=garbage"), 400)
    with clock.frozen(datetime.now(UTC) + timedelta(days=400)):
        assert_problem(client.post(f"/v1/unsubscribe?token={token}"), 410)
    assert len(_events(db)) == 1
    state = client.get(f"/v1/subjects/{subject}/consent", headers=reader).json()
    assert state["purposes"]["marketing_email"] is True


def test_report_counts_grants_denials_and_withdrawals_per_day(
    client: TestClient, loaded: Register, make_key: Callable[..., str]
) -> None:
    day = datetime(2026, 11, 20, 12, tzinfo=UTC)
    with clock.frozen(day):
        first, second = _visitor(), _visitor()
        _choose(client, first, {"analytics": True, "advertising": False})
        _choose(client, second, {"analytics": True})
        _choose(client, first, {"analytics": False})
    reader = bearer(make_key("consent:read"))
    rows = client.get(
        "/v1/consent/report?since=2026-11-20&until=2026-11-20", headers=reader
    ).json()["items"]
    by_purpose = {r["purpose"]: (r["grants"], r["denials"], r["withdrawals"]) for r in rows}
    assert by_purpose == {"analytics": (2, 0, 1), "advertising": (0, 1, 0)}
    csv = client.get(
        "/v1/consent/report?since=2026-11-20&until=2026-11-20",
        headers={**reader, "Accept": "text/csv"},
    )
    assert csv.headers["content-type"].startswith("text/csv")
    assert "2026-11-20,analytics,2,0,1" in csv.text
    assert_problem(
        client.get("/v1/consent/report?since=2026-11-20&until=2026-01-01", headers=reader), 422
    )


def test_gpc_support_is_published(client: TestClient, loaded: Register) -> None:
    body = client.get("/.well-known/gpc.json").json()
    assert body == {"gpc": True, "lastUpdate": "2024-06-17"}


def test_1000_concurrent_writes_for_one_holder_leave_the_last_event_as_the_state(
    live_server: LiveServer, db: Database, loaded: Register
) -> None:
    path = _visitor()
    choices = [{"analytics": i % 2 == 0, "social_media": i % 3 == 0} for i in range(1000)]

    with httpx.Client(base_url=live_server.url, timeout=30) as http:

        def put(purposes: dict[str, bool]) -> int:
            response = http.put(path, json={"purposes": purposes, "property": "site"})
            return response.status_code

        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(put, choices))
        assert set(statuses) == {200}
        served = http.get(path).json()
    with db.transaction(write=False) as session:
        last = session.scalars(select(ConsentEvent).order_by(ConsentEvent.id.desc())).first()
        count = session.scalar(select(func.count()).select_from(ConsentEvent))
        state = session.get(ConsentState, last.holder if last else "")
    assert count == 1000
    assert last is not None
    assert state is not None
    assert state.purposes == last.purposes
    assert served["purposes"] == last.purposes
