"""Liveness, readiness, metrics and the request id."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from factories import assert_problem, bearer
from privacy_api.register.service import Register
from tools.pgserver import PostgresServer


def test_healthz_answers_200(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_answers_200_when_the_database_answers(client: TestClient, loaded: Register) -> None:
    assert client.get("/readyz").status_code == 200


def test_request_id_is_generated_when_absent(client: TestClient) -> None:
    first = client.get("/healthz").headers["x-request-id"]
    second = client.get("/healthz").headers["x-request-id"]
    assert first
    assert second
    assert first != second


def test_request_id_is_kept_when_sent_and_replaced_when_unsafe(client: TestClient) -> None:
    assert (
        client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"]
        == "abc-123"
    )
    unsafe = client.get("/healthz", headers={"X-Request-ID": "a b\t<script>"})
    assert unsafe.headers["x-request-id"] != "a b\t<script>"


def test_errors_carry_the_request_id_too(client: TestClient) -> None:
    response = client.get("/nowhere", headers={"X-Request-ID": "trace-me"})
    assert response.status_code == 404
    assert response.headers["x-request-id"] == "trace-me"


def test_metrics_count_requests_by_route_template_and_status(client: TestClient) -> None:
    client.get("/healthz")
    client.get("/v1/whoami")
    body = client.get("/metrics").text
    assert 'privacy_api_http_requests_total{method="GET",route="/healthz",status="200"}' in body
    assert 'route="/v1/whoami",status="401"' in body
    assert "privacy_api_http_request_duration_seconds_bucket" in body


def test_readyz_is_503_while_postgres_is_down_and_recovers(
    client: TestClient,
    backend: str,
    request: pytest.FixtureRequest,
    make_key: Callable[..., str],
    loaded: Register,
) -> None:
    if backend != "postgresql":
        pytest.skip("only a server database can go away")
    key = bearer(make_key("subjects:write"))
    assert client.put("/v1/subjects/s1", json={}, headers=key).status_code == 201
    ping = {"kind": "visit", "property": "site"}
    assert client.post("/v1/subjects/s1/activity", json=ping, headers=key).status_code == 204
    server: PostgresServer = request.getfixturevalue("postgres")
    server.stop()
    try:
        started = time.monotonic()
        body = assert_problem(client.get("/readyz"), 503)
        assert time.monotonic() - started < 10, "readiness must fail fast, not hang"
        assert body["detail"]
        down = client.post("/v1/subjects/s1/activity", json=ping, headers=key)
        assert_problem(down, 503)
        assert down.headers["retry-after"]
        assert_problem(client.put("/v1/subjects/s2", json={}, headers=key), 503)
    finally:
        server.start()
    assert client.get("/readyz").status_code == 200
    assert client.post("/v1/subjects/s1/activity", json=ping, headers=key).status_code == 204
    assert client.put("/v1/subjects/s2", json={}, headers=key).status_code == 201
