"""The secret key: required on PostgreSQL, generated once per SQLite install, never a
well-known value, so links, look-up hashes and system secrets cannot be forged."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr, ValidationError
from sqlalchemy import select

from conftest import serving
from factories import TEST_SECRET, assert_problem, bearer, process_env
from paths import SRC
from privacy_api.app import create_default_app
from privacy_api.config import Settings, load_settings
from privacy_api.core.data.db import Database
from privacy_api.core.security import tokens
from privacy_api.core.security.secrets import DerivedKeys, keyed_hash
from privacy_api.downstream.models import DownstreamOrder
from privacy_api.register.service import Register

# The development secret that earlier versions accepted in production (published in git).
OLD_DEV_SECRET = "dev-only-secret-change-me-in-production"
NOWHERE = "postgresql+psycopg://nobody@127.0.0.1:1/none"  # never reached: start-up stops first


@pytest.fixture(autouse=True)
def _no_secret_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRIVACY_API_SECRET_KEY", raising=False)


def _cli(*args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    env = process_env(NOWHERE, **settings)
    del env["PRIVACY_API_SECRET_KEY"]
    return subprocess.run(
        [sys.executable, "-m", "privacy_api.cli", *args],
        capture_output=True,
        text=True,
        env={**env, **settings},
        timeout=60,
    )


def test_postgresql_without_a_secret_key_refuses_settings() -> None:
    with pytest.raises(ValidationError, match="PRIVACY_API_SECRET_KEY is required"):
        Settings(database_url=NOWHERE)


def test_the_app_factory_refuses_without_a_key_on_postgresql(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", NOWHERE)
    load_settings.cache_clear()
    try:
        with pytest.raises(ValidationError, match="PRIVACY_API_SECRET_KEY is required"):
            create_default_app()
    finally:
        load_settings.cache_clear()


@pytest.mark.parametrize(
    "command",
    [
        ("serve", "--port", "1"),
        ("worker",),
        ("outbox", "deliver"),
        ("retention", "run", "--dry-run"),
        ("keys", "create", "--name", "ops", "--scopes", "admin"),
        ("migrate",),
    ],
)
def test_postgresql_without_a_secret_key_refuses_to_start(command: tuple[str, ...]) -> None:
    result = _cli(*command)
    assert result.returncode == 2, result.stderr
    assert "PRIVACY_API_SECRET_KEY is required" in result.stderr


def test_a_short_key_is_refused_without_being_echoed(tmp_path: Path) -> None:
    short = "s3cr3t-but-only-31-bytes-long!!"
    assert len(short.encode()) == 31
    with pytest.raises(ValidationError, match="at least 32 bytes"):
        Settings(database_url=NOWHERE, secret_key=short)
    with pytest.raises(ValidationError, match="at least 32 bytes"):
        Settings(database_url=f"sqlite:///{tmp_path / 'p.db'}", secret_key=short)
    result = _cli("keys", "list", PRIVACY_API_SECRET_KEY=short)
    assert result.returncode == 2
    assert "PRIVACY_API_SECRET_KEY" in result.stderr
    assert short not in result.stderr
    assert Settings(database_url=NOWHERE, secret_key="é" * 16).secret_key  # 32 bytes


def test_sqlite_without_a_key_generates_one_owner_only_and_keeps_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'privacy.db'}"
    first = Settings(database_url=url)
    key_file = tmp_path / "privacy.db.secret"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first.secret_key.get_secret_value().encode()) >= 32
    again = Settings(database_url=url)
    assert again.secret_key == first.secret_key
    email = "anna@example.com"
    assert keyed_hash(DerivedKeys(again.secret_key).email_lookup, email) == keyed_hash(
        DerivedKeys(first.secret_key).email_lookup, email
    )
    # Another install, another key: nothing about one install helps against another.
    other = Settings(database_url=f"sqlite:///{tmp_path / 'other.db'}")
    assert other.secret_key != first.secret_key


def test_processes_starting_at_once_agree_on_one_key(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'privacy.db'}"
    script = (
        "import hashlib; from privacy_api.config import Settings; "
        f"print(hashlib.sha256(Settings(database_url={url!r}).secret_key"
        ".get_secret_value().encode()).hexdigest())"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVACY_API_")}
    starts = [
        subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
        for _ in range(6)
    ]
    seen = {process.communicate(timeout=60)[0].strip() for process in starts}
    assert len(seen) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["privacy.db.secret"]  # no scratch left


def test_a_key_file_others_can_read_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'privacy.db'}"
    Settings(database_url=url)
    (tmp_path / "privacy.db.secret").chmod(0o644)
    with pytest.raises(ValidationError, match="chmod 600"):
        Settings(database_url=url)


def test_the_old_development_secret_is_gone_from_the_code() -> None:
    offenders = [
        str(path)
        for path in SRC.rglob("*.py")
        if OLD_DEV_SECRET in path.read_text() or "DEV_SECRET" in path.read_text()
    ]
    assert offenders == []


def test_links_and_system_secrets_made_with_the_old_dev_secret_are_refused(
    database_url: str,
    backend: str,
    db: Database,
    loaded: Register,
    make_key: Callable[..., str],
    tmp_path: Path,
) -> None:
    forger = DerivedKeys(SecretStr(OLD_DEV_SECRET))
    day = timedelta(days=1)
    unsubscribe, _ = tokens.sign(
        forger.tokens, purpose="unsubscribe", claims={"sub": "acct-1"}, ttl=day
    )
    package, _ = tokens.sign(forger.tokens, purpose="package", claims={"ticket": "x"}, ttl=day)
    admin = bearer(make_key("admin", name="ops"))
    # The default configuration where there is one (SQLite); PostgreSQL needs a key.
    secret = None if backend == "sqlite" else TEST_SECRET
    with (
        serving(
            database_url,
            tmp_path / "server.log",
            secret_key=secret,
            PRIVACY_API_WEBHOOK_PRIVATE_HOSTS='["127.0.0.1"]',
        ) as server,
        httpx.Client(base_url=server.url, timeout=10) as http,
    ):
        person = {"email": "anna@example.com", "name": "Anna"}
        assert http.put("/v1/subjects/acct-1", json=person, headers=admin).is_success
        for forged_link in (
            http.post("/v1/unsubscribe", params={"token": unsubscribe}),
            http.get("/v1/dsar/package", params={"token": package}),
        ):
            assert assert_problem(forged_link, 400)["type"].endswith("token-invalid")
        link = http.get("/v1/subjects/acct-1/unsubscribe-link", headers=admin).json()["url"]
        genuine_token = httpx.URL(link).params["token"]
        assert http.post("/v1/unsubscribe", params={"token": genuine_token}).is_success
        system = http.post(
            "/v1/systems",
            headers=admin,
            json={"name": "app", "property": "app", "webhook_url": "http://127.0.0.1:9/x"},
        ).json()
        restrict = {"reason": "accuracy"}
        http.post("/v1/subjects/acct-1/restriction", json=restrict, headers=admin)
        with db.transaction(write=False) as session:
            order_id = session.scalars(select(DownstreamOrder.id)).one()
        digest = hmac.new(forger.webhooks, system["id"].encode(), hashlib.sha256).digest()
        forged = "whsec_" + base64.b64encode(digest).decode()
        ack = {"status": "done"}
        refused = http.post(f"/v1/orders/{order_id}/ack", json=ack, headers=bearer(forged))
        assert refused.status_code == 401
        genuine = bearer(system["signing_secret"])
        assert http.post(f"/v1/orders/{order_id}/ack", json=ack, headers=genuine).is_success
    assert server.errors() == []
