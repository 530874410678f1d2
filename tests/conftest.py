"""Every database test runs twice: on a real SQLite file and on a real PostgreSQL server."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from browser import SCREENSHOTS, chromium
from factories import PRIVATE_HOSTS, TEST_MAIL_DIR, TEST_SECRET, process_env
from mailserver import MailServer, free_port
from privacy_api.app import create_app
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.security import apikeys
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


# One database per backend and test process. A session fixture with parameters is set up
# again whenever the order of tests switches backend (as a pytest-xdist worker's files do);
# the database, created and migrated once, is kept for the process.
_DATABASES: dict[str, str] = {}


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param in _DATABASES:
        return _DATABASES[request.param]
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'privacy.db'}"
    else:
        server: PostgresServer = request.getfixturevalue("postgres")
        url = server.create_database("privacy_test")
    upgrade(url)
    _DATABASES[request.param] = url
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


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def errors(self) -> list[str]:
        """The server's ERROR lines and bare tracebacks, so a test can show what escaped."""
        lines = self.log.read_text(errors="replace").splitlines()
        return [line for line in lines if '"level": "ERROR"' in line or "Traceback" in line]


@contextmanager
def serving(
    database_url: str,
    log: Path,
    *,
    secret_key: str | None = TEST_SECRET,
    serve_flags: str = "",
    **settings: str,
) -> Iterator[LiveServer]:
    """The real server (uvicorn, one worker) on 127.0.0.1, its output kept in `log`, with
    only the given PRIVACY_API_* settings (and the tests' secret key unless None) and any
    further `serve` flags, space-separated (`serve_flags="--with-scheduler"`)."""
    port = free_port()
    env = process_env(database_url, **settings)
    if secret_key is None:
        del env["PRIVACY_API_SECRET_KEY"]
    else:
        env["PRIVACY_API_SECRET_KEY"] = secret_key
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "privacy_api.cli",
                "serve",
                "--port",
                str(port),
                *serve_flags.split(),
            ],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(url, process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def live_server(database_url: str, db: Database, tmp_path: Path) -> Iterator[LiveServer]:
    with serving(
        database_url,
        tmp_path / "server.log",
        PRIVACY_API_DB_POOL_SIZE="20",
        PRIVACY_API_CONSENT_RATE_LIMIT_PER_MINUTE="0",
        # Load tests send many requests from one key and address; the limits have tests.
        PRIVACY_API_DSAR_INTAKE_PER_EMAIL="0",
        PRIVACY_API_DSAR_INTAKE_PER_CLIENT="0",
        PRIVACY_API_EXPORT_MAX_CONCURRENT="64",
    ) as server:
        yield server


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    server = MailServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium per module of page tests. Not per session: Playwright's sync
    API keeps an event loop running on the main thread while it is open, which would make
    every later `asyncio.run()` (the hot path's tests) fail."""
    with chromium() as launched:
        yield launched


def pytest_sessionfinish(session: pytest.Session) -> None:
    # Mail written by subprocesses run without an SMTP host (factories.process_env).
    shutil.rmtree(TEST_MAIL_DIR, ignore_errors=True)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if SCREENSHOTS.is_dir() and any(SCREENSHOTS.glob("*.png")):
        terminalreporter.write_line(f"page screenshots: {SCREENSHOTS}")


@pytest.fixture
def backend(database_url: str) -> str:
    return "postgresql" if database_url.startswith("postgresql") else "sqlite"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key=TEST_SECRET,
        webhook_private_hosts=json.loads(PRIVATE_HOSTS),
        # The mail tests point this at their own SMTP server's port.
        smtp_host="127.0.0.1",
    )


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
