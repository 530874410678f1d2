"""Hostile callers (policy §4): injection and traversal strings in every id and filter,
malformed bodies of every kind. Each gets a clear 4xx problem, and the database, read after
each request, is exactly as it was: nothing stored, nothing half-stored."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from factories import PATH_SAMPLES as SAMPLE
from factories import PROBLEM, VISITOR, assert_problem, bearer, openapi_path, record
from privacy_api.core.data.db import Database
from privacy_api.core.security.apikeys import SCOPES
from privacy_api.models import Base
from privacy_api.register.service import Register

HOSTILE = [
    "' OR '1'='1",
    "1; DROP TABLE subject; --",
    '" OR 1=1 --',
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "x\x00y",
    "\u202egnp.exe\ufeff",
    "{{7*7}}${7*7}<script>alert(1)</script>",
    "A" * 5000,
]
# A request body each write route accepts, so the hostile value is what gets refused.
BODIES: dict[tuple[str, str], Any] = {
    ("PUT", "/v1/subjects/{subject_id}"): {"name": "Jan"},
    ("POST", "/v1/subjects/{subject_id}/activity"): {"kind": "visit", "property": "app"},
    ("PUT", "/v1/subjects/{subject_id}/consent"): {
        "purposes": {"analytics": True},
        "property": "app",
    },
    ("PUT", "/v1/consent/visitors/{visitor_id}"): {
        "purposes": {"analytics": True},
        "property": "site",
    },
    ("POST", "/v1/consent/visitors/{visitor_id}/link"): {"subject_id": "s1"},
    ("POST", "/v1/subjects/{subject_id}/objections"): {"activity": "marketing"},
    ("POST", "/v1/subjects/{subject_id}/restriction"): {"reason": "contested accuracy"},
    ("POST", "/v1/dsar/{ticket_id}/notes"): {"text": "called back"},
    ("POST", "/v1/dsar/{ticket_id}/verify"): {"code": "123456"},
    ("POST", "/v1/dsar/{ticket_id}/confirm-email"): {"code": "123456"},
}


@pytest.fixture
def admin(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key(*sorted(SCOPES), name="ops-admin"))


@pytest.fixture
def seeded(client: TestClient, loaded: Register, admin: dict[str, str]) -> None:
    assert client.put("/v1/subjects/s1", json={"name": "Jan"}, headers=admin).status_code == 201


def _row_counts(db: Database) -> dict[str, int]:
    with db.transaction(write=False) as session:
        return {
            table.name: int(session.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


def _targets(app: FastAPI) -> Iterator[tuple[str, str, str, str]]:
    """(method, path template, parameter, where) for every string id and filter."""
    document = app.openapi()
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or context.path is None or not route.include_in_schema:
            continue
        path = openapi_path(context.path)
        for method in sorted((route.methods or set()) - {"HEAD"}):
            operation = document["paths"][path][method.lower()]
            for parameter in operation.get("parameters", []):
                if parameter["in"] in ("path", "query") and _takes_text(parameter["schema"]):
                    yield method, path, parameter["name"], parameter["in"]


def _takes_text(schema: dict[str, Any]) -> bool:
    options = schema.get("anyOf", [schema])
    return any(o.get("type") == "string" for o in options)


def _request(
    client: TestClient, method: str, path: str, name: str, where: str, value: str, headers: Any
) -> Any:
    values = {**SAMPLE, name: value} if where == "path" else SAMPLE
    url = re.sub(r"{(\w+)}", lambda m: quote(values[m.group(1)], safe=""), path)
    params = {name: value} if where == "query" else None
    body = BODIES.get((method, path), {}) if method in ("POST", "PUT") else None
    return client.request(method, url, params=params, json=body, headers=headers)


def test_hostile_strings_in_every_id_and_filter_are_refused_and_store_nothing(
    app: FastAPI, client: TestClient, db: Database, admin: dict[str, str], seeded: None
) -> None:
    targets = list(_targets(app))
    assert len(targets) > 40, "the generated matrix must cover the API"
    before = _row_counts(db)
    for method, path, name, where in targets:
        for value in HOSTILE:
            response = _request(client, method, path, name, where, value, admin)
            where_ = f"{method} {path} {where}:{name}={value[:40]!r}"
            assert response.status_code < 500, where_
            assert "Traceback" not in response.text, where_
            if response.status_code >= 400:
                assert response.headers["content-type"].startswith(PROBLEM), where_
                assert _row_counts(db) == before, where_
                continue
            # Only a filter may answer: with nothing, since nothing matches; a staff read
            # is audited as such, and nothing else is written.
            assert (method, where) == ("GET", "query"), where_
            assert _found_nothing(response), where_
            after = _row_counts(db)
            assert {**after, "audit_entry": 0} == {**before, "audit_entry": 0}, where_
            before = after


def _found_nothing(response: Any) -> bool:
    if response.headers["content-type"].startswith("text/csv"):
        return len(response.text.strip().splitlines()) <= 1
    body = response.json()
    return not body.get("items") and not body.get("rows") and not body.get("days")


def test_injection_text_in_a_field_is_stored_as_text(
    client: TestClient, db: Database, admin: dict[str, str], seeded: None
) -> None:
    name = "Robert'); DROP TABLE subject;--"
    response = client.put("/v1/subjects/s1", json={"name": name}, headers=admin)
    assert response.status_code == 200
    assert client.get("/v1/subjects/s1", headers=admin).json()["name"] == name
    assert _row_counts(db)["subject"] == 1


def _deep(levels: int) -> bytes:
    return b'{"a":' * levels + b"1" + b"}" * levels


BAD_BODIES: list[tuple[str, bytes, int]] = [
    ("invalid UTF-8", b'{"name": "\xff\xfe\xfa"}', 400),
    ("UTF-16", '{"name": "Jan"}'.encode("utf-16"), 400),
    ("nested 100,000 deep", _deep(100_000), 400),
    ("nested 50 deep", _deep(50), 422),
    ("duplicated key", b'{"name": "Jan", "name": "Eve"}', 422),
    ("NUL escape", b'{"name": "Ja\\u0000n"}', 422),
    ("raw NUL", b'{"name": "Ja\x00n"}', 422),
    ("oversized", b'{"name": "' + b"x" * 2_000_000 + b'"}', 413),
    ("truncated", b'{"name": "Jan"', 422),
    ("not an object", b'["Jan"]', 422),
    ("huge number", b'{"name": "Jan", "demo": 1e999999}', 422),
    ("lone surrogate", b'{"name": "\\ud800"}', 422),
    ("NaN", b'{"name": "Jan", "attributes": {"x": NaN}}', 422),
    ("Infinity", b'{"name": "Jan", "attributes": {"x": -Infinity}}', 422),
]


@pytest.mark.parametrize(("case", "body", "status"), BAD_BODIES, ids=[c for c, _, _ in BAD_BODIES])
def test_malformed_bodies_are_refused_with_a_clear_problem_and_store_nothing(
    client: TestClient,
    db: Database,
    admin: dict[str, str],
    seeded: None,
    case: str,
    body: bytes,
    status: int,
) -> None:
    before = _row_counts(db)
    for path, method in (("/v1/subjects/s2", "PUT"), ("/v1/consent/visitors/" + VISITOR, "PUT")):
        headers = {**admin, "Content-Type": "application/json"}
        response = client.request(method, path, content=body, headers=headers)
        assert response.status_code == status, (case, path, response.text)
        assert response.headers["content-type"].startswith(PROBLEM)
        assert response.json()["detail"]
        assert "Traceback" not in response.text
    assert _row_counts(db) == before


def test_duplicated_keys_anywhere_in_a_batch_refuse_the_whole_batch(
    client: TestClient, db: Database, admin: dict[str, str], seeded: None
) -> None:
    import json

    items = [json.dumps(record("s1")) for _ in range(3)]
    items[2] = items[2][:-1] + ', "category": "profile"}'
    body = ('{"records": [' + ",".join(items) + "]}").encode()
    before = _row_counts(db)
    headers = {**admin, "Content-Type": "application/json"}
    response = client.post("/v1/records/batch", content=body, headers=headers)
    assert response.status_code == 422
    assert "category" in response.json()["detail"]
    assert _row_counts(db) == before


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Padding": "a" * 20_000},
        {f"X-H{i}": "v" * 20 for i in range(1_000)},
        {"Cookie": "c=" + "x" * 100_000},
    ],
    ids=["one huge header", "a thousand headers", "huge cookie"],
)
def test_huge_headers_are_431_and_store_nothing(
    client: TestClient, db: Database, admin: dict[str, str], seeded: None, headers: dict[str, str]
) -> None:
    before = _row_counts(db)
    response = client.put("/v1/subjects/s2", json={"name": "Jan"}, headers={**admin, **headers})
    assert response.status_code == 431
    assert response.headers["content-type"].startswith(PROBLEM)
    assert _row_counts(db) == before


def test_nul_in_path_query_or_body_is_422_on_every_backend(
    client: TestClient, db: Database, admin: dict[str, str], seeded: None
) -> None:
    before = _row_counts(db)
    json_headers = {**admin, "Content-Type": "application/json"}
    cases = [
        client.put("/v1/subjects/s%002", json={"name": "Jan"}, headers=admin),
        client.get("/v1/subjects/s1/records?activity=a%00b", headers=admin),
        client.put("/v1/subjects/s2", content=b'{"name": "a\\u0000"}', headers=json_headers),
        client.put(
            "/v1/subjects/s2", json={"name": "ok", "attributes": {"k\x00": "v"}}, headers=admin
        ),
    ]
    for response in cases:
        assert response.status_code == 422, response.text
        assert "NUL" in response.json()["detail"]
    assert _row_counts(db) == before
    # An escaped backslash before "u0000" is text, not a NUL.
    text = client.put("/v1/subjects/s2", content=b'{"name": "a\\\\u0000"}', headers=json_headers)
    assert text.status_code == 201
    assert text.json()["name"] == "a\\u0000"


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_a_non_json_number_in_record_data_refuses_the_batch(
    client: TestClient, db: Database, admin: dict[str, str], seeded: None, constant: str
) -> None:
    # Python's json reads NaN and Infinity; RFC 8259 and PostgreSQL's json type do not.
    import json

    items = [json.dumps(record("s1")) for _ in range(3)]
    items[1] = items[1].replace('"data": {', f'"data": {{"x": {constant}, ', 1)
    body = ('{"records": [' + ",".join(items) + "]}").encode()
    before = _row_counts(db)
    headers = {**admin, "Content-Type": "application/json"}
    response = client.post("/v1/records/batch", content=body, headers=headers)
    assert_problem(response, 422)
    assert constant.lstrip("-") in response.json()["detail"]
    assert _row_counts(db) == before
