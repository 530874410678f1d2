"""Every failure is RFC 9457 problem+json; oversized bodies are refused without being read."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, ConfigDict

from factories import assert_problem, bearer
from privacy_api.app import create_app
from privacy_api.config import Settings
from privacy_api.core.data.db import Database


class Echo(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    count: int


def _test_routes() -> APIRouter:
    router = APIRouter()

    @router.post("/v1/test/echo")
    async def echo(body: Echo) -> Echo:
        return body

    @router.get("/v1/test/boom")
    async def boom() -> None:
        raise RuntimeError("secret-value-that-must-not-leak")

    return router


@pytest.fixture
def error_client(settings: Settings, db: Database) -> Iterator[TestClient]:
    small = settings.model_copy(update={"max_body_bytes": 1000, "max_batch_body_bytes": 5000})
    app: FastAPI = create_app(small, db=db)
    app.include_router(_test_routes())
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_unknown_path_is_404_problem(client: TestClient) -> None:
    assert_problem(client.get("/v1/no-such-thing"), 404)


def test_wrong_method_is_405_problem(client: TestClient) -> None:
    assert_problem(client.delete("/healthz"), 405)


def test_schema_violation_is_422_with_loc_and_msg(error_client: TestClient) -> None:
    body = assert_problem(error_client.post("/v1/test/echo", json={"name": 3}), 422)
    locs = {tuple(e["loc"]) for e in body["errors"]}
    assert ("body", "count") in locs
    assert all(set(e) == {"loc", "msg"} for e in body["errors"])


def test_unknown_field_is_422(error_client: TestClient) -> None:
    response = error_client.post("/v1/test/echo", json={"name": "a", "count": 1, "nmae": "b"})
    assert_problem(response, 422)


@pytest.mark.parametrize("raw", [b"{", b'{"name": "a", "count": }', b"\xff\xfe", b"[]", b"null"])
def test_malformed_json_is_4xx_never_500(error_client: TestClient, raw: bytes) -> None:
    response = error_client.post(
        "/v1/test/echo", content=raw, headers={"Content-Type": "application/json"}
    )
    assert response.status_code in (400, 422)
    assert_problem(response, response.status_code)


def test_unexpected_error_is_500_problem_without_details(error_client: TestClient) -> None:
    response = error_client.get("/v1/test/boom")
    assert_problem(response, 500)
    assert "secret-value-that-must-not-leak" not in response.text


def test_declared_oversized_body_is_413(error_client: TestClient) -> None:
    response = error_client.post(
        "/v1/test/echo", content=b"x" * 1001, headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 413)


def test_streamed_oversized_body_is_413(error_client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(50):
            yield b'{"name": "' + b"a" * 100

    response = error_client.post(
        "/v1/test/echo", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert_problem(response, 413)


def test_batch_path_has_its_own_larger_limit(
    error_client: TestClient, make_key: Callable[..., str]
) -> None:
    headers = {"Content-Type": "application/json", **bearer(make_key("records:write"))}
    within = b'{"a": "' + b"x" * 2000 + b'"}'
    # Read whole and judged on its content (422), not refused for its size.
    response = error_client.post("/v1/records/batch", content=within, headers=headers)
    assert_problem(response, 422)
    too_big = b'{"a": "' + b"x" * 6000 + b'"}'
    assert_problem(error_client.post("/v1/records/batch", content=too_big, headers=headers), 413)
    assert_problem(error_client.post("/v1/records", content=within, headers=headers), 413)
