"""Bearer keys and scopes: 401 for who you are, 403 for what you may do."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from factories import assert_problem, bearer
from privacy_api.core.data.db import Database
from privacy_api.core.security import apikeys
from privacy_api.core.security.apikeys import ApiKey
from privacy_api.core.security.auth import DsarManage


@pytest.fixture
def scoped_client(app: FastAPI) -> TestClient:
    router = APIRouter()

    @router.get("/v1/test/dsar-manage")
    async def needs_dsar_manage(caller: DsarManage) -> dict[str, str]:
        return {"caller": caller.name}

    app.include_router(router)
    return TestClient(app, raise_server_exceptions=False)


def test_missing_key_is_401_with_bearer_challenge(client: TestClient) -> None:
    response = client.get("/v1/whoami")
    assert_problem(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "authorization",
    ["Bearer ", "Bearer nope", "Basic dXNlcjpwYXNz", "Bearer pak_abcdefghij_" + "x" * 43],
)
def test_unknown_or_malformed_key_is_401(client: TestClient, authorization: str) -> None:
    assert_problem(client.get("/v1/whoami", headers={"Authorization": authorization}), 401)


def test_known_key_is_admitted_and_named(client: TestClient, make_key: Callable[..., str]) -> None:
    key = make_key("consent:read", name="front-end")
    response = client.get("/v1/whoami", headers=bearer(key))
    assert response.status_code == 200
    assert response.json() == {"name": "front-end", "scopes": ["consent:read"]}


def test_wrong_secret_for_a_known_key_id_is_401(
    client: TestClient, make_key: Callable[..., str]
) -> None:
    key = make_key("consent:read")
    forged = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
    assert_problem(client.get("/v1/whoami", headers=bearer(forged)), 401)


def test_missing_scope_is_403_and_right_scope_is_200(
    scoped_client: TestClient, make_key: Callable[..., str]
) -> None:
    wrong = make_key("consent:read")
    right = make_key("dsar:manage")
    body = assert_problem(scoped_client.get("/v1/test/dsar-manage", headers=bearer(wrong)), 403)
    assert "dsar:manage" in body["detail"]
    assert scoped_client.get("/v1/test/dsar-manage", headers=bearer(right)).status_code == 200


def test_admin_implies_every_scope(scoped_client: TestClient, make_key: Callable[..., str]) -> None:
    admin = make_key("admin")
    assert scoped_client.get("/v1/test/dsar-manage", headers=bearer(admin)).status_code == 200


def test_revoked_key_is_401_at_once_in_the_revoking_process(
    client: TestClient, db: Database, make_key: Callable[..., str]
) -> None:
    key = make_key("consent:read", name="leaked")
    assert client.get("/v1/whoami", headers=bearer(key)).status_code == 200
    with db.transaction() as session:
        apikeys.revoke_key(session, name="leaked")
    assert_problem(client.get("/v1/whoami", headers=bearer(key)), 401)


def test_key_is_stored_only_as_a_hash(db: Database, make_key: Callable[..., str]) -> None:
    key = make_key("consent:read", name="hashed")
    with db.transaction(write=False) as session:
        row = session.scalars(select(ApiKey)).one()
    stored = " ".join(str(getattr(row, c.key)) for c in ApiKey.__table__.columns)
    assert key not in stored
    assert key.split("_")[-1] not in stored


def test_unknown_scope_is_refused(db: Database) -> None:
    with pytest.raises(apikeys.InvalidScopes), db.transaction() as session:
        apikeys.create_key(session, name="x", scopes=("consent:read", "everything"))


def test_duplicate_key_name_is_refused(db: Database, make_key: Callable[..., str]) -> None:
    make_key("admin", name="ops")
    with pytest.raises(apikeys.KeyNameTaken):
        make_key("admin", name="ops")
