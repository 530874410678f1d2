"""Every paged list refuses a cursor it did not hand out with a 400 problem, never a 500
(issue 11, item 6): malformed text, other shapes, integers beyond what a column holds."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from factories import PATH_SAMPLES, assert_problem, bearer
from privacy_api.core.security.apikeys import SCOPES
from privacy_api.register.service import Register


def _cursor(position: Any) -> str:
    raw = position if isinstance(position, bytes) else json.dumps(position).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


BAD_CURSORS = {
    "not base64": "!!!",
    "not JSON": _cursor(b"\xff\xfe{"),
    "an object": _cursor({"id": 1}),
    "empty list": _cursor([]),
    "2^63": _cursor([2**63]),
    "2^64 and a text": _cursor([2**64, "dsr_x"]),
    "10^30": _cursor([10**30]),
    "-1": _cursor([-1]),
    "float": _cursor([1.5]),
    "infinite": _cursor(b"[1e999]"),
    "NaN": _cursor(b"[NaN]"),
    "null": _cursor([None]),
    "true": _cursor([True]),
    "nested": _cursor(b"[" * 300 + b"]" * 300),
    "NUL text": _cursor(["a\u0000b"]),
    "lone surrogate": _cursor(b'["\\ud800"]'),
    "number for a time": _cursor([1, "dsr_x"]),
    "naive time": _cursor(["2026-11-25T10:00:00", "dsr_x"]),
    "not a time": _cursor(["yesterday", "dsr_x"]),
    "year 0 in UTC": _cursor(["0001-01-01T00:00:00+14:00", "dsr_x"]),
    "year 10000 in UTC": _cursor(["9999-12-31T23:59:59-23:59", "dsr_x"]),
    "time and 2^64": _cursor(["2026-11-25T10:00:00+00:00", 2**64]),
}


def _paged_lists(app: FastAPI) -> list[str]:
    document = app.openapi()
    found = []
    for path, operations in document["paths"].items():
        get = operations.get("get", {})
        if any(p["name"] == "cursor" for p in get.get("parameters", [])):
            found.append(re.sub(r"{(\w+)}", lambda m: PATH_SAMPLES[m.group(1)], path))
    return found


def test_the_paged_lists_are_found(app: FastAPI) -> None:
    assert len(_paged_lists(app)) >= 5


def test_a_bad_cursor_is_a_400_problem_on_every_paged_list(
    app: FastAPI, client: TestClient, loaded: Register, make_key: Callable[..., str]
) -> None:
    admin = bearer(make_key(*sorted(SCOPES)))
    assert client.put("/v1/subjects/s1", json={"name": "Jan"}, headers=admin).status_code == 201
    failures = []
    for path in _paged_lists(app):
        for name, cursor in BAD_CURSORS.items():
            response = client.get(path, params={"cursor": cursor}, headers=admin)
            if response.status_code not in (400, 422):
                failures.append(f"{path} {name}: {response.status_code}")
            else:
                assert_problem(response, response.status_code)
    assert failures == []


@pytest.mark.parametrize("limit", ["9223372036854775808", "1e3", "-1", "0", "501"])
def test_a_limit_out_of_range_is_a_422_problem(
    client: TestClient, loaded: Register, make_key: Callable[..., str], limit: str
) -> None:
    admin = bearer(make_key("audit:read"))
    assert_problem(client.get("/v1/audit", params={"limit": limit}, headers=admin), 422)
