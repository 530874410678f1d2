"""What schema fuzzing found, kept as tests (each failed before its fix)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from factories import PROBLEM, assert_problem, bearer, record
from privacy_api.core.data.db import Database
from privacy_api.core.security.apikeys import SCOPES
from privacy_api.register.service import Register
from privacy_api.retention.models import RetentionRun
from privacy_api.subjects.models import Subject


@pytest.fixture
def admin(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key(*sorted(SCOPES)))


def _count(db: Database, model: Any) -> int:
    with db.transaction(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize(
    "path", ["/v1/register/versions/1521283438495711282340036608", "/v1/retention/runs/2147483648"]
)
def test_row_number_beyond_the_column_is_422_not_500(
    client: TestClient, admin: dict[str, str], path: str
) -> None:
    assert_problem(client.get(path, headers=admin), 422)


def test_retention_time_given_as_a_number_is_refused(
    client: TestClient, db: Database, loaded: Register, admin: dict[str, str]
) -> None:
    # Read as a Unix timestamp, 0 would have run retention "as of 1970".
    assert_problem(client.get("/v1/retention/preview?at=0.5", headers=admin), 422)
    assert_problem(client.post("/v1/retention/runs", json={"at": 0}, headers=admin), 422)
    assert _count(db, RetentionRun) == 0


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PUT", "/v1/subjects/s1", {"name": "Jan", "demo": 0}),
        ("POST", "/v1/retention/runs", {"dry_run": 0}),
        ("PUT", "/v1/subjects/s1/consent", {"purposes": {"analytics": 1}, "property": "app"}),
        ("PUT", "/v1/subjects/s1/consent", {"purposes": {"analytics": "yes"}, "property": "app"}),
    ],
)
def test_a_yes_no_field_takes_only_true_or_false(
    client: TestClient,
    db: Database,
    loaded: Register,
    admin: dict[str, str],
    method: str,
    path: str,
    body: dict[str, Any],
) -> None:
    assert_problem(client.request(method, path, json=body, headers=admin), 422)
    assert _count(db, Subject) == 0
    assert _count(db, RetentionRun) == 0


def test_validation_errors_with_numeric_locations_match_the_problem_schema(
    app: FastAPI, client: TestClient, loaded: Register, admin: dict[str, str]
) -> None:
    body = {"records": [record("nobody", activity="no_such_activity")]}
    problem = assert_problem(client.post("/v1/records/batch", json=body, headers=admin), 422)
    assert any(isinstance(part, int) for e in problem["errors"] for part in e["loc"])
    schema = app.openapi()["components"]["schemas"]["Problem"]
    assert {"type": "integer"} in schema["properties"]["errors"]["items"]["properties"]["loc"][
        "items"
    ]["anyOf"]


def test_every_documented_error_is_problem_json(app: FastAPI) -> None:
    document = app.openapi()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                if code[0] in "45":
                    assert list(response["content"]) == [PROBLEM], (method, path, code)
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_retention_as_of_a_year_outside_the_calendar_is_422_not_500(
    client: TestClient, db: Database, loaded: Register, admin: dict[str, str]
) -> None:
    # Found by `make fuzz`: year 0005 minus a ten-year statutory hold left the calendar.
    at = "0005-11-22T07:32:09Z"
    assert_problem(client.post("/v1/retention/runs", json={"at": at}, headers=admin), 422)
    assert_problem(client.get(f"/v1/retention/preview?at={at}", headers=admin), 422)
    assert _count(db, RetentionRun) == 0


def test_an_activity_in_a_path_is_a_register_key_or_422(
    client: TestClient, db: Database, loaded: Register, admin: dict[str, str]
) -> None:
    # Found by `make fuzz` on PostgreSQL: 300 characters overflowed the column (500).
    path = "/v1/subjects/s1/objections/" + "T\u0335o\u035e" * 100 + "/decision"
    assert_problem(client.post(path, json={"uphold": True}, headers=admin), 422)


def test_another_method_on_the_records_batch_path_is_405_not_a_bad_record_id(
    client: TestClient, admin: dict[str, str]
) -> None:
    # PATCH /v1/records/batch was taken as PATCH /v1/records/{record_id} with id "batch".
    response = client.patch("/v1/records/batch", json={"records": []}, headers=admin)
    assert_problem(response, 405)
    assert "POST" in response.headers["allow"]
