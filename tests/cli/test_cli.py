"""The privacy-api command as an operator runs it, in a separate process."""

from __future__ import annotations

from fastapi.testclient import TestClient

from factories import assert_problem, bearer, run_cli
from privacy_api.app import create_app
from privacy_api.config import Settings
from privacy_api.core.data.db import Database


def test_key_lifecycle_create_list_use_revoke(
    db: Database, database_url: str, settings: Settings
) -> None:
    created = run_cli(
        database_url, "keys", "create", "--name", "ops-jan", "--scopes", "dsar:manage,export"
    )
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip().splitlines()[-1]
    assert key.startswith("pak_")

    listed = run_cli(database_url, "keys", "list")
    assert listed.returncode == 0
    assert "ops-jan" in listed.stdout
    assert "dsar:manage,export" in listed.stdout
    assert key not in listed.stdout

    # A process that trusts no cached look-up sees another process's revocation at once.
    app = create_app(settings.model_copy(update={"key_cache_seconds": 0}), db=db)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/v1/whoami", headers=bearer(key)).json()["name"] == "ops-jan"
        revoked = run_cli(database_url, "keys", "revoke", "ops-jan")
        assert revoked.returncode == 0, revoked.stderr
        assert_problem(client.get("/v1/whoami", headers=bearer(key)), 401)


def test_revoked_key_shows_its_revocation_time(db: Database, database_url: str) -> None:
    run_cli(database_url, "keys", "create", "--name", "old", "--scopes", "admin")
    run_cli(database_url, "keys", "revoke", "old")
    line = next(
        ln
        for ln in run_cli(database_url, "keys", "list").stdout.splitlines()
        if ln.startswith("old ")
    )
    assert not line.rstrip().endswith(" -")


def test_create_with_unknown_scope_fails_clearly(db: Database, database_url: str) -> None:
    result = run_cli(database_url, "keys", "create", "--name", "x", "--scopes", "root")
    assert result.returncode == 1
    assert "unknown scope" in result.stderr
    assert result.stdout == ""


def test_revoking_an_unknown_key_fails_clearly(db: Database, database_url: str) -> None:
    result = run_cli(database_url, "keys", "revoke", "ghost")
    assert result.returncode == 1
    assert "ghost" in result.stderr


def test_unknown_setting_stops_start_up_with_a_clear_message(database_url: str) -> None:
    result = run_cli(database_url, "keys", "list", extra_env={"PRIVACY_API_MAX_BODY": "5"})
    assert result.returncode == 2
    assert "PRIVACY_API_MAX_BODY" in result.stderr


def test_invalid_setting_stops_start_up_with_a_clear_message(database_url: str) -> None:
    result = run_cli(database_url, "keys", "list", extra_env={"PRIVACY_API_MAX_BODY_BYTES": "-1"})
    assert result.returncode == 2
    assert "PRIVACY_API_MAX_BODY_BYTES: Input should be greater than 0" in result.stderr
