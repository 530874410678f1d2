"""The fast lanes answer exactly as the FastAPI routes they stand in for.

A canonical UUID takes the consent lane; the same id spelled without hyphens or in braces is
not matched by it and goes through FastAPI's routing. DSAR intake with an Idempotency-Key
goes through FastAPI. Both paths must give the same answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from factories import assert_problem, bearer
from privacy_api.register.service import Register

LANE = "/v1/consent/visitors/5f0c8a4e-2b1a-4c1e-9d7e-0a1b2c3d4e5f"
ROUTED = "/v1/consent/visitors/5F0C8A4E2B1A4C1E9D7E0A1B2C3D4E5F"
CHOICE = {"purposes": {"analytics": True, "advertising": True}, "property": "site"}


def _same(a: Any, b: Any) -> None:
    assert a.status_code == b.status_code
    assert a.content == b.content
    for header in ("etag", "cache-control", "content-type", "x-content-type-options"):
        assert a.headers.get(header) == b.headers.get(header), header


def test_lane_and_framework_read_the_same_state(client: TestClient, loaded: Register) -> None:
    _same(client.get(LANE), client.get(ROUTED))
    written = client.put(LANE, json=CHOICE, headers={"Sec-GPC": "1"})
    assert written.status_code == 200
    assert written.json()["purposes"]["advertising"] is False  # GPC, on the lane too
    _same(client.get(LANE), client.get(ROUTED))
    etag = client.get(LANE).headers["etag"]
    assert client.get(LANE, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(ROUTED, headers={"If-None-Match": etag}).status_code == 304


def test_a_write_through_either_path_is_one_event(client: TestClient, loaded: Register) -> None:
    lane = client.put(LANE, json=CHOICE)
    routed = client.put(ROUTED, json={**CHOICE, "purposes": {"analytics": False}})
    assert (lane.status_code, routed.status_code) == (200, 200)
    assert client.get(LANE).json()["purposes"]["analytics"] is False


@pytest.mark.parametrize(
    "body",
    [
        b'{"purposes": {"necessary": false}, "property": "site"}',
        b'{"purposes": {"analytics": true}}',
        b'{"purposes": {"analytics": true}, "property": "site", "property": "app"}',
        b"not json",
        b'{"purposes": {"analytics": "yes"}, "property": "site"}',
    ],
)
def test_bodies_the_lane_refuses_get_the_frameworks_answer(
    client: TestClient, loaded: Register, body: bytes
) -> None:
    headers = {"Content-Type": "application/json"}
    lane = client.put(LANE, content=body, headers=headers)
    routed = client.put(ROUTED, content=body, headers=headers)
    assert_problem(lane, routed.status_code)
    assert lane.json() == routed.json()


def test_lane_requests_are_counted_under_the_route_template(
    client: TestClient, loaded: Register
) -> None:
    client.get(LANE)
    client.put(LANE, json=CHOICE)
    metrics = client.get("/metrics").text
    assert 'method="GET",route="/v1/consent/visitors/{visitor_id}",status="200"' in metrics
    assert 'method="PUT",route="/v1/consent/visitors/{visitor_id}",status="200"' in metrics


def test_a_problem_raised_on_the_lane_is_problem_json(client: TestClient) -> None:
    # No register loaded: the lane's endpoint raises, the app's handler answers.
    lane = client.get(LANE)
    routed = client.get(ROUTED)
    assert_problem(lane, routed.status_code)
    assert lane.json() == routed.json()
    assert lane.headers.get("retry-after") == routed.headers.get("retry-after")


def test_state_body_is_byte_for_byte_the_documented_model(
    client: TestClient, loaded: Register
) -> None:
    from privacy_api.consent.schemas import ConsentStateRead

    for response in (client.get(LANE), client.put(LANE, json=CHOICE), client.get(ROUTED)):
        body = response.content
        assert body == ConsentStateRead.model_validate_json(body).model_dump_json().encode()


@pytest.mark.parametrize("content_type", ["text/plain", None, "application/x-www-form-urlencoded"])
def test_a_body_not_sent_as_json_gets_the_frameworks_answer(
    client: TestClient, loaded: Register, content_type: str | None
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    body = b'{"purposes": {"analytics": true}, "property": "site"}'
    lane = client.put(LANE, content=body, headers=headers)
    routed = client.put(ROUTED, content=body, headers=headers)
    assert_problem(lane, routed.status_code)
    assert lane.json() == routed.json()


DSAR = {"type": "access", "email": "anna@example.com", "channel": "api"}


def _dsar_both(client: TestClient, headers: dict[str, str], **request: Any) -> tuple[Any, Any]:
    lane = client.post("/v1/dsar", headers=headers, **request)
    routed = client.post("/v1/dsar", headers={**headers, "Idempotency-Key": "k-1"}, **request)
    return lane, routed


def test_dsar_intake_on_the_lane_is_the_routes_ticket(
    client: TestClient, loaded: Register, make_key: Callable[..., str]
) -> None:
    lane, routed = _dsar_both(client, bearer(make_key("dsar:submit")), json=DSAR)
    assert lane.status_code == routed.status_code == 201
    assert "idempotent-replayed" not in lane.headers
    for header in ("content-type", "cache-control", "x-content-type-options"):
        assert lane.headers.get(header) == routed.headers.get(header), header
    assert lane.json().keys() == routed.json().keys()
    varying = {"id", "received_at", "due_at"}
    assert {k: v for k, v in lane.json().items() if k not in varying} == {
        k: v for k, v in routed.json().items() if k not in varying
    }


@pytest.mark.parametrize(
    ("scopes", "request_"),
    [
        (None, {"json": DSAR}),
        (("records:read",), {"json": DSAR}),
        (("dsar:submit",), {"json": {**DSAR, "email": "not an address"}}),
        (("dsar:submit",), {"json": {**DSAR, "verified": True}}),
        (("dsar:submit",), {"json": {**DSAR, "type": "objection", "details": {"activity": "x"}}}),
        (("dsar:submit",), {"content": b'{"type": "access", "type": "erasure"}'}),
        (("dsar:submit",), {"content": b"not json"}),
        (None, {"content": b"not json"}),
        (("dsar:submit",), {"content": b'{"type": "access"}', "content_type": "text/plain"}),
    ],
)
def test_dsar_intake_refusals_on_the_lane_are_the_routes(
    client: TestClient,
    loaded: Register,
    make_key: Callable[..., str],
    scopes: tuple[str, ...] | None,
    request_: dict[str, Any],
) -> None:
    headers = bearer(make_key(*scopes)) if scopes else {}
    request = dict(request_)
    if "content_type" in request:
        headers["Content-Type"] = request.pop("content_type")
    elif "content" in request:
        headers["Content-Type"] = "application/json"
    lane, routed = _dsar_both(client, headers, **request)
    assert lane.status_code >= 400
    assert_problem(lane, routed.status_code)
    assert lane.json() == routed.json()
    assert client.get("/v1/dsar", headers=bearer(make_key("admin"))).json()["items"] == []
