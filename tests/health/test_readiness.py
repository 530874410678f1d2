"""Ready means ready: /readyz is 503 naming the reason while the schema is behind the code
or no register is loaded, on both backends."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient

from factories import TEST_SECRET, assert_problem
from privacy_api.app import create_app
from privacy_api.config import Settings
from privacy_api.migrate import alembic_config, upgrade
from privacy_api.register.service import Register
from tools.pgserver import PostgresServer

_names = itertools.count()


@pytest.fixture
def fresh_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A database of its own, not migrated."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh.db'}"
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.create_database(f"readiness_{next(_names)}")


def _client(url: str) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=url, secret_key=TEST_SECRET))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def fresh_client(fresh_url: str) -> Iterator[TestClient]:
    yield from _client(fresh_url)


def _previous_revision() -> str:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    current = script.get_current_head()
    assert current is not None
    head = script.get_revision(current)
    assert head is not None
    assert isinstance(head.down_revision, str)
    return head.down_revision


def test_readyz_is_200_with_the_schema_at_head_and_a_register_loaded(
    client: TestClient, loaded: Register
) -> None:
    assert client.get("/readyz").json() == {"status": "ready"}


def test_readyz_is_503_register_not_loaded_on_an_empty_migrated_database(
    fresh_url: str, fresh_client: TestClient
) -> None:
    upgrade(fresh_url)
    body = assert_problem(fresh_client.get("/readyz"), 503)
    assert body["type"].endswith("/register-not-loaded")
    assert "privacy-api register load" in body["detail"]


def test_readyz_is_503_migrations_behind_at_an_older_revision(
    fresh_url: str, fresh_client: TestClient
) -> None:
    older = _previous_revision()
    upgrade(fresh_url, older)
    response = fresh_client.get("/readyz")
    body = assert_problem(response, 503)
    assert body["type"].endswith("/migrations-behind")
    assert older in body["detail"]
    assert response.headers["retry-after"]
    # Once migrated (and loaded) the same process is ready: nothing was remembered.
    upgrade(fresh_url)
    assert assert_problem(fresh_client.get("/readyz"), 503)["type"].endswith("/register-not-loaded")


def test_readyz_is_503_migrations_behind_on_a_database_never_migrated(
    fresh_client: TestClient,
) -> None:
    body = assert_problem(fresh_client.get("/readyz"), 503)
    assert body["type"].endswith("/migrations-behind")
    assert "privacy-api migrate" in body["detail"]
