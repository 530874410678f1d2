"""Idempotency-Key: a retry returns the first response and creates nothing new."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import APIRouter, FastAPI, Request
from fastapi.testclient import TestClient
from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select

from factories import assert_problem, bearer
from privacy_api.core.data.db import Database
from privacy_api.core.data.session import DbSession
from privacy_api.core.http.idempotency import IdempotencyKey, fingerprint, replay_or_create
from privacy_api.core.security import apikeys
from privacy_api.core.security.apikeys import ApiKey
from privacy_api.core.security.auth import Admin


class NewKey(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str


class Created(BaseModel):
    name: str
    key: str


@pytest.fixture
def idem_client(app: FastAPI) -> Iterator[TestClient]:
    # A creating route built the way domain routers use the mechanism.
    router = APIRouter()

    @router.post("/v1/test/keys", status_code=201)
    def create(
        body: NewKey,
        request: Request,
        session: DbSession,
        caller: Admin,
        key: IdempotencyKey = None,
    ) -> Created:
        return replay_or_create(  # type: ignore[return-value]
            session,
            caller=caller.name,
            key=key,
            request_fingerprint=fingerprint("POST", request.url.path, body),
            create=lambda: Created(
                name=body.name,
                key=apikeys.create_key(session, name=body.name, scopes=("consent:read",)),
            ),
        )

    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _count_keys(db: Database) -> int:
    with db.transaction(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(ApiKey)) or 0)


def test_retry_with_same_key_returns_first_response_and_creates_nothing(
    idem_client: TestClient, db: Database, make_key: object
) -> None:
    admin = make_key("admin")  # type: ignore[operator]
    headers = {**bearer(admin), "Idempotency-Key": "req-1"}
    first = idem_client.post("/v1/test/keys", json={"name": "a"}, headers=headers)
    second = idem_client.post("/v1/test/keys", json={"name": "a"}, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second.headers["idempotent-replayed"] == "true"
    assert _count_keys(db) == 2  # the admin key and one created key


def test_same_key_with_different_body_is_422(
    idem_client: TestClient, db: Database, make_key: object
) -> None:
    admin = make_key("admin")  # type: ignore[operator]
    headers = {**bearer(admin), "Idempotency-Key": "req-2"}
    assert idem_client.post("/v1/test/keys", json={"name": "a"}, headers=headers).status_code == 201
    response = idem_client.post("/v1/test/keys", json={"name": "b"}, headers=headers)
    assert_problem(response, 422)
    assert _count_keys(db) == 2


def test_without_key_each_request_creates(
    idem_client: TestClient, db: Database, make_key: object
) -> None:
    admin = make_key("admin")  # type: ignore[operator]
    idem_client.post("/v1/test/keys", json={"name": "a"}, headers=bearer(admin))
    idem_client.post("/v1/test/keys", json={"name": "b"}, headers=bearer(admin))
    assert _count_keys(db) == 3


def test_failed_creation_stores_no_idempotency_record(
    idem_client: TestClient, db: Database, make_key: object
) -> None:
    admin = make_key("admin", name="taken")  # type: ignore[operator]
    headers = {**bearer(admin), "Idempotency-Key": "req-3"}
    assert_problem(idem_client.post("/v1/test/keys", json={"name": "taken"}, headers=headers), 409)
    # The same key may be used again once the first attempt failed.
    assert (
        idem_client.post("/v1/test/keys", json={"name": "new"}, headers=headers).status_code == 201
    )


# A retry of a run finds nothing left due and is its own audited run: the one creating
# POST that takes no Idempotency-Key.
_NOT_KEYED = {"/v1/retention/runs"}


def test_every_creating_post_honours_idempotency_key(app: FastAPI) -> None:
    """The contract: every POST that creates something accepts an Idempotency-Key."""
    from typing import get_args

    from fastapi.routing import APIRoute, iter_route_contexts

    from privacy_api.core.http.idempotency import Idempotent

    dependency = get_args(Idempotent)[1].dependency
    creating = [
        (str(c.path), c.original_route)
        for c in iter_route_contexts(app.routes)
        if isinstance(c.original_route, APIRoute)
        and "POST" in (c.original_route.methods or set())
        and c.original_route.status_code == 201
    ]
    assert len(creating) > 5
    missing = sorted(
        path
        for path, route in creating
        if path not in _NOT_KEYED
        and dependency not in [d.call for d in route.dependant.dependencies]
    )
    assert missing == []


def test_a_retried_note_restriction_and_objection_create_nothing_new(
    client: TestClient, db: Database, loaded: object, make_key: object
) -> None:
    from privacy_api.dsar.models import DsarNote
    from privacy_api.subjects.models import Objection

    staff = bearer(make_key("admin"))  # type: ignore[operator]
    assert client.put("/v1/subjects/s1", json={"email": "s1@example.com"}, headers=staff)
    ticket = client.post(
        "/v1/dsar",
        json={"type": "access", "email": "s1@example.com", "channel": "app"},
        headers=staff,
    ).json()["id"]
    calls = (
        (f"/v1/dsar/{ticket}/notes", {"text": "called back"}),
        ("/v1/subjects/s1/restriction", {"reason": "accuracy contested"}),
        ("/v1/subjects/s1/objections", {"activity": "site_performance"}),
    )
    for path, body in calls:
        headers = {**staff, "Idempotency-Key": f"k-{path}"}
        first = client.post(path, json=body, headers=headers)
        assert first.status_code == 201, first.text
        again = client.post(path, json=body, headers=headers)
        assert again.status_code == 201, again.text
        assert again.headers["idempotent-replayed"] == "true"
        assert again.json() == first.json()
    with db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(DsarNote)) == 1
        assert session.scalar(select(func.count()).select_from(Objection)) == 1
