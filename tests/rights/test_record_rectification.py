"""Art. 16 reaches records (issue 12): PATCH one record's data, audited by field name."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from factories import assert_problem, bearer, record
from privacy_api.audit.models import AuditEntry
from privacy_api.core.data.db import Database
from privacy_api.records.models import Record
from privacy_api.records.rectification import merge_patch
from privacy_api.register.service import Register

SID = "acct-16"


@pytest.fixture
def admin(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("admin", name="ops-anna"))


@pytest.fixture
def stored(client: TestClient, loaded: Register, admin: dict[str, str]) -> int:
    put = client.put(f"/v1/subjects/{SID}", json={"email": "a@example.com"}, headers=admin)
    assert put.status_code == 201, put.text
    data = {"plan": "pro", "company": "Kowalski sp. z o.o.", "address": {"city": "Krakow"}}
    created = client.post("/v1/records", json=record(SID, data=data), headers=admin)
    assert created.status_code == 201, created.text
    record_id: int = created.json()["id"]
    return record_id


def _audits(db: Database, action: str) -> list[AuditEntry]:
    with db.transaction(write=False) as session:
        query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)
        return list(session.scalars(query))


def _data(db: Database, record_id: int) -> dict[str, Any] | None:
    with db.transaction(write=False) as session:
        found = session.get(Record, record_id)
        return None if found is None else found.data


def test_record_rectified_by_patch_audited_by_field(
    client: TestClient, db: Database, stored: int, make_key: Callable[..., str]
) -> None:
    writer = bearer(make_key("records:write", name="app-backend"))
    patch = {"company": "Nowak S.A.", "address": {"city": "Kraków"}, "plan": None}
    answer = client.patch(f"/v1/records/{stored}", json={"data": patch}, headers=writer)
    assert answer.status_code == 200, answer.text
    expected = {"company": "Nowak S.A.", "address": {"city": "Kraków"}}
    assert answer.json()["data"] == expected
    assert _data(db, stored) == expected
    [entry] = _audits(db, "record.rectified")
    assert entry.actor == "app-backend"
    assert entry.subject_id == SID
    assert entry.target == f"record/{stored}"
    assert entry.details["fields"] == ["address", "company", "plan"]
    logged = json.dumps(entry.details, ensure_ascii=False)
    assert "Nowak" not in logged
    assert "Kraków" not in logged


def test_record_rectification_refuses_bad_input_and_changes_nothing(
    client: TestClient,
    db: Database,
    stored: int,
    admin: dict[str, str],
    make_key: Callable[..., str],
) -> None:
    before = _data(db, stored)
    path = f"/v1/records/{stored}"
    assert_problem(client.patch("/v1/records/999999", json={"data": {"a": 1}}, headers=admin), 404)
    for bad_id in ("0", str(2**63)):
        assert_problem(client.patch(f"/v1/records/{bad_id}", json={"data": {}}, headers=admin), 422)
    # Not a row number at all: no such resource (and /records/batch stays its own path).
    for bad_id in ("-1", "x"):
        assert_problem(client.patch(f"/v1/records/{bad_id}", json={"data": {}}, headers=admin), 404)
    assert_problem(client.patch(path, json={"data": {}}, headers=admin), 422)
    assert_problem(client.patch(path, json={"data": [1]}, headers=admin), 422)
    assert_problem(client.patch(path, json={"data": {"a": 1}, "x": 1}, headers=admin), 422)
    assert_problem(client.patch(path, json={"data": {"big": "x" * 20_000}}, headers=admin), 422)
    reader = bearer(make_key("records:read"))
    assert_problem(client.patch(path, json={"data": {"a": 1}}, headers=reader), 403)
    assert _data(db, stored) == before
    assert _audits(db, "record.rectified") == []


def test_record_rectification_refused_while_restricted_or_erased(
    client: TestClient, db: Database, stored: int, admin: dict[str, str]
) -> None:
    path = f"/v1/records/{stored}"
    restricted = client.post(
        f"/v1/subjects/{SID}/restriction", json={"reason": "accuracy contested"}, headers=admin
    )
    assert restricted.status_code == 201
    refused = assert_problem(client.patch(path, json={"data": {"plan": "x"}}, headers=admin), 409)
    assert refused["type"].endswith("/processing-refused")
    assert client.delete(f"/v1/subjects/{SID}/restriction", headers=admin).status_code == 200
    assert client.patch(path, json={"data": {"plan": "x"}}, headers=admin).status_code == 200
    assert client.delete(f"/v1/subjects/{SID}", headers=admin).status_code == 200
    gone = client.patch(path, json={"data": {"plan": "y"}}, headers=admin)
    # Erased: the account record is gone with the rest.
    assert gone.status_code == 404
    assert len(_audits(db, "record.rectified")) == 1


@pytest.mark.parametrize(
    ("target", "patch", "result"),
    [  # RFC 7396, Appendix A
        ({"a": "b"}, {"a": "c"}, {"a": "c"}),
        ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
        ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
        ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
        ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
        ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
        ({"a": "foo"}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
    ],
)
def test_record_correction_is_a_json_merge_patch_rfc_7396(
    target: dict[str, Any], patch: dict[str, Any], result: dict[str, Any]
) -> None:
    assert merge_patch(target, patch) == result
