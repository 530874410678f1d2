"""Data subjects: profiles, audited staff reads, look-up by e-mail, activity clocks."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from factories import assert_problem, bearer
from privacy_api.audit import service as audit
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.subjects.models import Subject


@pytest.fixture
def writer(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("subjects:write"))


@pytest.fixture
def reader(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("records:read", name="ops-anna"))


def _put(client: TestClient, headers: dict[str, str], sid: str = "acct-1", **body: object):  # type: ignore[no-untyped-def]
    payload = {"email": "Jan.Kowalski@Example.COM", "name": "Jan Kowalski", **body}
    return client.put(f"/v1/subjects/{sid}", json=payload, headers=headers)


def test_upsert_creates_then_replaces(client: TestClient, writer: dict[str, str]) -> None:
    created = _put(client, writer)
    assert created.status_code == 201
    assert created.json()["email"] == "Jan.Kowalski@example.com"
    assert created.headers["cache-control"] == "no-store"
    updated = _put(client, writer, name="Jan K.", attributes={"company": "ACME"})
    assert updated.status_code == 200
    assert updated.json()["name"] == "Jan K."
    assert updated.json()["attributes"] == {"company": "ACME"}


@pytest.mark.parametrize(
    ("sid", "body"),
    [
        ("acct 1", {}),
        ("x" * 129, {}),
        ("acct-1", {"email": "not-an-address"}),
        ("acct-1", {"status": "deleted"}),
        ("acct-1", {"attributes": {f"k{i}": i for i in range(51)}}),
        ("acct-1", {"attributes": {"bio": "x" * 1001}}),
        ("acct-1", {"nickname": "jk"}),
    ],
)
def test_bad_subject_input_is_422_and_stores_nothing(
    client: TestClient, db: Database, writer: dict[str, str], sid: str, body: dict[str, object]
) -> None:
    assert_problem(_put(client, writer, sid, **body), 422)
    with db.transaction(write=False) as session:
        assert session.scalars(select(Subject)).first() is None


def test_closing_an_account_starts_its_clock(client: TestClient, writer: dict[str, str]) -> None:
    _put(client, writer)
    closed = _put(client, writer, status="closed").json()
    assert closed["status"] == "closed"
    assert closed["closed_at"] is not None


def test_staff_read_is_audited_with_the_reader(
    client: TestClient, db: Database, writer: dict[str, str], reader: dict[str, str]
) -> None:
    _put(client, writer)
    assert client.get("/v1/subjects/acct-1", headers=reader).json()["name"] == "Jan Kowalski"
    with db.transaction(write=False) as session:
        entries = audit.list_entries(session, action="subject.read")
    assert [(e.actor, e.subject_id) for e in entries] == [("ops-anna", "acct-1")]
    assert "Kowalski" not in str(entries[0].details)


def test_unknown_subject_is_404(client: TestClient, reader: dict[str, str]) -> None:
    assert_problem(client.get("/v1/subjects/nobody", headers=reader), 404)


def test_lookup_by_email_uses_the_keyed_hash_and_is_audited(
    client: TestClient, db: Database, writer: dict[str, str], reader: dict[str, str]
) -> None:
    _put(client, writer, "acct-1")
    _put(client, writer, "acct-2", email="someone@else.org")
    found = client.get("/v1/subjects?email=jan.kowalski@example.com", headers=reader).json()
    assert [s["subject_id"] for s in found["items"]] == ["acct-1"]
    with db.transaction(write=False) as session:
        row = session.get(Subject, "acct-1")
        assert row is not None
        assert row.email_hash is not None
        assert "kowalski" not in row.email_hash
        assert [e.action for e in audit.list_entries(session, action="subject.looked_up")]


def test_writing_needs_subjects_write_and_reading_records_read(
    client: TestClient, writer: dict[str, str], reader: dict[str, str]
) -> None:
    assert_problem(_put(client, reader), 403)
    _put(client, writer)
    assert_problem(client.get("/v1/subjects/acct-1", headers=writer), 403)


def _ping(client: TestClient, headers: dict[str, str], **body: object):  # type: ignore[no-untyped-def]
    return client.post(
        "/v1/subjects/acct-1/activity", json={"property": "app", **body}, headers=headers
    )


def _clocks(db: Database) -> Subject:
    with db.transaction(write=False) as session:
        subject = session.get(Subject, "acct-1")
        assert subject is not None
        return subject


def test_activity_moves_each_clock_forward_only(
    client: TestClient, db: Database, writer: dict[str, str]
) -> None:
    _put(client, writer)
    later, earlier = "2026-11-20T10:00:00+00:00", "2026-10-01T10:00:00+01:00"
    assert _ping(client, writer, kind="session", at=later).status_code == 204
    assert _ping(client, writer, kind="session", at=earlier).status_code == 204
    assert _ping(client, writer, kind="visit", at=earlier).status_code == 204
    subject = _clocks(db)
    assert subject.last_session_at == datetime(2026, 11, 20, 10, tzinfo=UTC)
    assert subject.last_visit_at == datetime(2026, 10, 1, 9, tzinfo=UTC)
    assert subject.last_marketing_contact_at is None


def test_activity_without_time_is_now(
    client: TestClient, db: Database, writer: dict[str, str]
) -> None:
    _put(client, writer)
    moment = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    with clock.frozen(moment):
        assert _ping(client, writer, kind="marketing_contact").status_code == 204
    assert _clocks(db).last_marketing_contact_at == moment


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "session", "at": "2999-01-01T00:00:00+00:00"},
        {"kind": "session", "at": "2026-11-20T10:00:00"},
        {"kind": "login"},
        {"kind": "session", "property": "blog"},
    ],
)
def test_bad_activity_is_422_and_moves_nothing(
    client: TestClient, db: Database, writer: dict[str, str], body: dict[str, object]
) -> None:
    _put(client, writer)
    assert_problem(_ping(client, writer, **body), 422)
    assert _clocks(db).last_session_at is None


def test_activity_a_little_in_the_future_is_allowed_as_clock_skew(
    client: TestClient, writer: dict[str, str]
) -> None:
    _put(client, writer)
    soon = (datetime.now(UTC) + timedelta(minutes=2)).isoformat()
    assert _ping(client, writer, kind="visit", at=soon).status_code == 204


def test_activity_for_unknown_subject_is_404(client: TestClient, writer: dict[str, str]) -> None:
    assert_problem(_ping(client, writer, kind="visit"), 404)


def test_concurrent_activity_never_moves_a_clock_backward(
    client: TestClient, db: Database, writer: dict[str, str]
) -> None:
    _put(client, writer)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    moments = [base + timedelta(minutes=i) for i in range(200)]
    order = moments[::2] + moments[1::2][::-1]

    def ping(moment: datetime) -> int:
        return int(_ping(client, writer, kind="session", at=moment.isoformat()).status_code)

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(ping, order))
    assert set(statuses) == {204}
    assert _clocks(db).last_session_at == moments[-1]
