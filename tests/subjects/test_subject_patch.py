"""PATCH /v1/subjects/{id}: JSON Merge Patch (RFC 7396) changes only what it names."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from factories import assert_problem, bearer
from privacy_api.audit import service as audit
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.subjects.models import Subject

MERGE_PATCH = "application/merge-patch+json"


@pytest.fixture
def writer(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("subjects:write", name="crm"))


@pytest.fixture
def anna(client: TestClient, writer: dict[str, str]) -> dict[str, Any]:
    body = {
        "email": "anna@example.com",
        "name": "Anna Nowak",
        "status": "closed",
        "demo": True,
        "attributes": {"company": "ACME", "vat": "PL123", "seats": 3},
    }
    response = client.put("/v1/subjects/acct-1", json=body, headers=writer)
    assert response.status_code == 201
    stored: dict[str, Any] = response.json()
    return stored


def _patch(
    client: TestClient,
    headers: dict[str, str],
    body: Any,
    sid: str = "acct-1",
    content_type: str = MERGE_PATCH,
) -> httpx.Response:
    response: httpx.Response = client.patch(
        f"/v1/subjects/{sid}",
        content=json.dumps(body),
        headers={**headers, "Content-Type": content_type},
    )
    return response


def _stored(db: Database, sid: str = "acct-1") -> dict[str, Any]:
    with db.transaction(write=False) as session:
        subject = session.get_one(Subject, sid)
        return {
            "email": subject.email,
            "email_hash": subject.email_hash,
            "name": subject.name,
            "status": subject.status,
            "demo": subject.demo,
            "attributes": dict(subject.attributes),
            "closed_at": subject.closed_at,
        }


def test_patch_with_only_an_email_keeps_name_status_and_attributes(
    client: TestClient, db: Database, writer: dict[str, str], anna: dict[str, Any]
) -> None:
    before = _stored(db)
    response = _patch(client, writer, {"email": "Anna.New@Example.COM"})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    after = _stored(db)
    assert after["email"] == "Anna.New@example.com"
    assert after["email_hash"] != before["email_hash"]  # the look-up follows the address
    assert {k: after[k] for k in ("name", "status", "demo", "attributes", "closed_at")} == {
        k: before[k] for k in ("name", "status", "demo", "attributes", "closed_at")
    }
    assert response.json()["name"] == "Anna Nowak"


def test_put_with_only_an_email_still_replaces_the_whole_profile(
    client: TestClient, db: Database, writer: dict[str, str], anna: dict[str, Any]
) -> None:
    """PUT keeps its documented meaning: a replacement, not a merge."""
    response = client.put("/v1/subjects/acct-1", json={"email": "a@example.com"}, headers=writer)
    assert response.status_code == 200
    after = _stored(db)
    assert (after["name"], after["attributes"], after["status"], after["demo"]) == (
        None,
        {},
        "active",
        False,
    )


def test_patch_null_removes_and_attributes_merge_key_by_key(
    client: TestClient, db: Database, writer: dict[str, str], anna: dict[str, Any]
) -> None:
    response = _patch(
        client,
        writer,
        {"name": None, "attributes": {"vat": None, "seats": 5, "city": "Łódź"}, "status": "active"},
    )
    assert response.status_code == 200, response.text
    after = _stored(db)
    assert after["name"] is None
    assert after["attributes"] == {"company": "ACME", "seats": 5, "city": "Łódź"}
    assert (after["status"], after["closed_at"]) == ("active", None)
    assert _patch(client, writer, {"attributes": None}).status_code == 200
    assert _stored(db)["attributes"] == {}
    assert _patch(client, writer, {"email": None}).status_code == 200
    assert (_stored(db)["email"], _stored(db)["email_hash"]) == (None, None)


def test_patch_closing_starts_the_clock_as_put_does(
    client: TestClient, db: Database, writer: dict[str, str]
) -> None:
    client.put("/v1/subjects/acct-1", json={"email": "a@example.com"}, headers=writer)
    assert _patch(client, writer, {"status": "closed"}).status_code == 200
    after = _stored(db)
    assert after["status"] == "closed"
    assert after["closed_at"] is not None
    assert after["email"] == "a@example.com"


def test_patch_is_read_as_merge_patch_or_plain_json(
    client: TestClient, db: Database, writer: dict[str, str], anna: dict[str, Any]
) -> None:
    assert _patch(client, writer, {"name": "A"}, content_type="application/json").status_code == 200
    assert _stored(db)["name"] == "A"
    assert _patch(client, writer, {"name": "B"}).status_code == 200
    assert _stored(db)["name"] == "B"


def test_patch_is_audited_with_the_fields_it_changed(
    client: TestClient, db: Database, writer: dict[str, str], anna: dict[str, Any]
) -> None:
    _patch(client, writer, {"name": "Anna K.", "email": "anna@example.com"})
    with db.transaction(write=False) as session:
        entries = audit.list_entries(session, action="subject.updated")
    assert [(e.actor, e.subject_id, e.details) for e in entries] == [
        ("crm", "acct-1", {"fields": ["name"]})
    ]


@pytest.mark.parametrize(
    "body",
    [
        [],  # a merge patch that is not an object would replace the profile with it
        ["email", "x@example.com"],
        "anna@example.com",
        42,
        None,
        {"status": None},  # required fields cannot be removed
        {"demo": None},
        {"demo": 1},  # no numbers for yes/no
        {"demo": "true"},
        {"status": True},
        {"status": "deleted"},
        {"email": "not-an-address"},
        {"email": 5},
        {"name": ""},
        {"name": 1},
        {"attributes": ["company"]},
        {"attributes": "ACME"},
        {"attributes": {"nested": {"deep": 1}}},
        {"attributes": {"bio": "x" * 1001}},
        {"attributes": {"": "empty key"}},
        {"attributes": {f"k{i}": i for i in range(51)}},
        {"attributes": {f"k{i}": i for i in range(48)}},  # 3 stored + 48 new = 51
        {"nickname": "jk"},
        {"subject_id": "acct-2"},
        {"erased_at": "2026-01-01T00:00:00Z"},
    ],
)
def test_bad_merge_patch_is_422_and_changes_nothing(
    client: TestClient, db: Database, writer: dict[str, str], anna: dict[str, Any], body: Any
) -> None:
    before = _stored(db)
    assert_problem(_patch(client, writer, body), 422)
    assert _stored(db) == before
    with db.transaction(write=False) as session:
        assert audit.list_entries(session, action="subject.updated") == []


def test_patch_of_unknown_subject_is_404_and_creates_nothing(
    client: TestClient, db: Database, writer: dict[str, str]
) -> None:
    assert_problem(_patch(client, writer, {"email": "a@example.com"}, sid="nobody"), 404)
    with db.transaction(write=False) as session:
        assert session.scalars(select(Subject)).first() is None


def test_patch_of_erased_subject_is_409_and_writes_nothing_back(
    client: TestClient, db: Database, writer: dict[str, str], anna: dict[str, Any]
) -> None:
    with db.transaction() as session:
        subject = session.get_one(Subject, "acct-1")
        subject.erased_at = clock.now()
        subject.email = subject.email_hash = subject.name = None
    response = _patch(client, writer, {"name": "Back again"})
    assert assert_problem(response, 409)["type"].endswith("/subject-erased")
    assert _stored(db)["name"] is None


def test_patch_needs_subjects_write(
    client: TestClient, make_key: Callable[..., str], db: Database, anna: dict[str, Any]
) -> None:
    assert_problem(_patch(client, {}, {"name": "X"}), 401)
    assert_problem(_patch(client, bearer(make_key("records:read")), {"name": "X"}), 403)
    assert _stored(db)["name"] == "Anna Nowak"
