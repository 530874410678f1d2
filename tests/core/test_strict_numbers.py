"""Numbers are numbers and yes/no is only ever true/false, in every request body.

The test walks every operation of the live OpenAPI document and every integer or number
field of its request body, however deeply nested, and sends that field alone as `true`,
as `false` and as a numeric string: each must be refused with a problem naming that very
field. The walk needs no list of fields, so a count added tomorrow is checked too (the
schema fuzzing found `approximate_subjects: true` stored as 1; it draws at random and
cannot promise to find the next one).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

# A value of each path parameter that its pattern accepts; the resource need not exist,
# since a body is validated before any handler runs.
PATH_VALUES = {
    "activity": "account",
    "key": "account",
    "breach_id": "brc_missing",
    "order_id": "ord_missing",
    "ticket_id": "dsr_missing",
    "subject_id": "user-strict",
    "system_id": "sys_missing",
    "message_id": "1",
    "record_id": "1",
    "run_id": "1",
    "version": "1",
    "visitor_id": str(uuid.uuid4()),
}

HOSTILE = (True, False, "7")


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def _numeric_paths(
    document: dict[str, Any], schema: dict[str, Any], prefix: tuple[Any, ...], depth: int = 0
) -> Iterator[tuple[Any, ...]]:
    """Every path to an integer or number in `schema`: object keys, and 0 for list items."""
    schema = _resolve(document, schema)
    if depth > 8:
        return
    for option in schema.get("anyOf", []) + schema.get("oneOf", []) + schema.get("allOf", []):
        yield from _numeric_paths(document, option, prefix, depth + 1)
    kind = schema.get("type")
    if kind in ("integer", "number"):
        yield prefix
    elif kind == "array" and "items" in schema:
        yield from _numeric_paths(document, schema["items"], (*prefix, 0), depth + 1)
    for name, field in schema.get("properties", {}).items():
        yield from _numeric_paths(document, field, (*prefix, name), depth + 1)


def _body_with(path: tuple[Any, ...], value: Any) -> Any:
    """The smallest body holding `value` at `path`."""
    body: Any = value
    for part in reversed(path):
        body = [body] if part == 0 else {part: body}
    return body


def _cases(document: dict[str, Any]) -> Iterator[tuple[str, str, tuple[Any, ...]]]:
    for route, operations in document["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            schema = content["application/json"]["schema"]
            for path in dict.fromkeys(_numeric_paths(document, schema, ())):
                yield method, route, path


def _url(route: str) -> str:
    for name, value in PATH_VALUES.items():
        route = route.replace("{" + name + "}", value)
    assert "{" not in route, f"no value for a path parameter of {route}"
    return route


@pytest.fixture
def admin_client(client: TestClient, make_key: Callable[..., str], loaded: object) -> TestClient:
    client.headers["Authorization"] = f"Bearer {make_key('admin')}"
    return client


def test_every_request_body_has_numeric_fields_to_check(client: TestClient) -> None:
    # The walk must see the counts this test was written for, or it proves nothing.
    found = {(route, path) for _, route, path in _cases(client.app.openapi())}  # type: ignore[attr-defined]
    assert ("/v1/breaches", ("approximate_subjects",)) in found
    assert ("/v1/retention/runs", ("confirm_count",)) in found


def test_every_count_and_number_refuses_booleans_and_numeric_strings(
    admin_client: TestClient,
) -> None:
    document = admin_client.app.openapi()  # type: ignore[attr-defined]
    accepted: list[str] = []
    for method, route, path in _cases(document):
        for value in HOSTILE:
            response = admin_client.request(method, _url(route), json=_body_with(path, value))
            located = [
                error
                for error in response.json().get("errors", [])
                if error["loc"][1:] == [str(part) for part in path]
            ]
            if response.status_code != 422 or not located:
                accepted.append(f"{method.upper()} {route} {path} = {value!r}: {response.text}")
    assert not accepted, "\n".join(accepted)
