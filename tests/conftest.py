"""Every database test runs twice: on a real SQLite file and on a real PostgreSQL server."""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from privacy_api.app import create_app
from privacy_api.config import Settings
from privacy_api.core import apikeys
from privacy_api.core.db import Database
from privacy_api.migrate import upgrade
from privacy_api.models import Base
from privacy_api.policy import service as policy_service
from privacy_api.register import service as register_service
from privacy_api.register.service import Register
from tools.pgserver import PostgresServer

_PACKAGED_REGISTER = register_service.read_register_file(register_service.default_register_path())

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer()
    server.start()
    yield server
    server.destroy()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'privacy.db'}"
    else:
        server: PostgresServer = request.getfixturevalue("postgres")
        url = server.create_database("privacy_test")
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def shared_db(database_url: str) -> Iterator[Database]:
    database = Database.connect(database_url, pool_size=20, connect_timeout=2)
    yield database
    database.dispose()


def _empty_every_table(db: Database) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def db(shared_db: Database) -> Iterator[Database]:
    """The backend's database, emptied after the test (tests see real commits)."""
    yield shared_db
    apikeys._cache.clear()
    register_service._parsed.clear()
    _empty_every_table(shared_db)


@pytest.fixture
def register_document() -> dict[str, Any]:
    """A fresh copy of the packaged register, for tests that change it."""
    return copy.deepcopy(_PACKAGED_REGISTER)


@pytest.fixture
def loaded(db: Database) -> Register:
    """The packaged register loaded, with the first policy version, as `make run` does."""
    with db.transaction() as session:
        register, _ = register_service.load_register(
            session,
            document=copy.deepcopy(_PACKAGED_REGISTER),
            source="onetagger.yaml",
            actor="test",
        )
        policy_service.seed_first_version(
            session, version=date.fromisoformat(register.spec.policy_version), actor="test"
        )
    return register


@pytest.fixture
def backend(database_url: str) -> str:
    return "postgresql" if database_url.startswith("postgresql") else "sqlite"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url)


@pytest.fixture
def app(settings: Settings, db: Database) -> FastAPI:
    return create_app(settings, db=db)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def make_key(db: Database) -> Callable[..., str]:
    counter = iter(range(1_000_000))

    def make(*scopes: str, name: str | None = None) -> str:
        with db.transaction() as session:
            return apikeys.create_key(session, name=name or f"test-{next(counter)}", scopes=scopes)

    return make
