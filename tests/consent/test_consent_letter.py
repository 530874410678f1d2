"""Consent to the letter (issue 12): GPC reported and applied on reads, the report's counts."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from factories import bearer
from privacy_api.consent.models import ConsentEvent
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.register.service import Register

GPC = {"Sec-GPC": "1"}
ADS = ("ad_storage", "ad_user_data", "ad_personalization")


def _events(db: Database) -> list[ConsentEvent]:
    with db.transaction(write=False) as session:
        return list(session.scalars(select(ConsentEvent).order_by(ConsentEvent.id)))


def _assert_gpc_denied(body: dict[str, Any]) -> None:
    assert body["gpc"] is True
    assert body["purposes"]["advertising"] is False
    assert all(body["consent_mode"][k] == "denied" for k in ADS)


def test_gpc_header_reported_on_reads(client: TestClient, db: Database, loaded: Register) -> None:
    path = f"/v1/consent/visitors/{uuid.uuid4()}"
    body = {"purposes": {"advertising": True, "analytics": True}, "property": "site"}
    assert client.put(path, json=body).json()["purposes"]["advertising"] is True
    plain = client.get(path)
    assert plain.json()["gpc"] is False
    assert plain.json()["purposes"]["advertising"] is True
    assert "sec-gpc" in plain.headers["vary"].lower()
    # The cached answer without the signal is not the answer with it: no 304 across them.
    signalled = client.get(path, headers={**GPC, "If-None-Match": plain.headers["etag"]})
    assert signalled.status_code == 200
    assert "sec-gpc" in signalled.headers["vary"].lower()
    assert signalled.headers["etag"] != plain.headers["etag"]
    _assert_gpc_denied(signalled.json())
    assert signalled.json()["purposes"]["analytics"] is True
    # Applied: recorded once as an event with its proof; later reads add nothing.
    assert client.get(path, headers={**GPC, "Origin": "https://app.onetagger.com"}).json()["gpc"]
    events = _events(db)
    assert [(e.kind, e.changes, e.gpc) for e in events] == [
        ("choice", {"advertising": "grant", "analytics": "grant"}, False),
        ("gpc", {"advertising": "withdrawal"}, True),
    ]
    assert client.get(path).json()["purposes"]["advertising"] is False
    again = client.get(path, headers={**GPC, "If-None-Match": signalled.headers["etag"]})
    assert again.status_code == 304


def test_gpc_header_on_a_new_visitor_read_is_reported_and_writes_nothing(
    client: TestClient, db: Database, loaded: Register
) -> None:
    answer = client.get(f"/v1/consent/visitors/{uuid.uuid4()}", headers=GPC)
    _assert_gpc_denied(answer.json())
    assert _events(db) == []


def test_gpc_header_reported_on_subject_reads(
    client: TestClient, db: Database, loaded: Register, make_key: Callable[..., str]
) -> None:
    admin = bearer(make_key("subjects:write", "consent:write", "consent:read"))
    assert client.put("/v1/subjects/acct-1", json={"name": "Jan"}, headers=admin).is_success
    path = "/v1/subjects/acct-1/consent"
    chosen = client.put(
        path, json={"purposes": {"advertising": True}, "property": "app"}, headers=admin
    )
    assert chosen.json()["purposes"]["advertising"] is True
    answer = client.get(path, headers={**admin, **GPC})
    assert answer.status_code == 200
    assert "sec-gpc" in answer.headers["vary"].lower()
    _assert_gpc_denied(answer.json())
    assert [e.kind for e in _events(db)] == ["choice", "gpc"]
    assert client.get(path, headers=admin).json()["purposes"]["advertising"] is False


def test_consent_report_does_not_count_login_link_as_grant(
    client: TestClient, loaded: Register, make_key: Callable[..., str]
) -> None:
    admin = bearer(make_key("subjects:write", "consent:write", "consent:read"))
    assert client.put("/v1/subjects/acct-2", json={"name": "Jan"}, headers=admin).is_success
    visitor = str(uuid.uuid4())
    with clock.frozen(datetime(2026, 11, 20, 12, tzinfo=UTC)):
        chosen = client.put(
            f"/v1/consent/visitors/{visitor}",
            json={"purposes": {"analytics": True}, "property": "site"},
        )
        assert chosen.status_code == 200
        link = client.post(
            f"/v1/consent/visitors/{visitor}/link", json={"subject_id": "acct-2"}, headers=admin
        )
        assert link.status_code == 200, link.text
        # The account's state: a visitor's grant is not carried into it (issue 28).
        assert link.json()["purposes"]["analytics"] is False
    rows = client.get("/v1/consent/report?since=2026-11-20&until=2026-11-20", headers=admin).json()[
        "items"
    ]
    by_purpose = {r["purpose"]: (r["grants"], r["denials"], r["withdrawals"]) for r in rows}
    # One person granted analytics once; the link made none.
    assert by_purpose["analytics"] == (1, 0, 0)
