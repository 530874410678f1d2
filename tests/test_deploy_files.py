"""The image and the compose file, checked as files (no Docker here): what they must say for
a deployment to be safe and to start in the right order."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict[str, Any]:
    document = yaml.safe_load((ROOT / "compose.yaml").read_text())
    assert isinstance(document, dict)
    return document


def _services() -> dict[str, dict[str, Any]]:
    services = _compose()["services"]
    assert isinstance(services, dict)
    return services


def _api_services() -> dict[str, dict[str, Any]]:
    return {n: s for n, s in _services().items() if "serve" in (s.get("command") or [])}


def _dockerfile() -> list[str]:
    """The Dockerfile's instructions, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def test_compose_has_postgresql_a_migrate_job_two_replicas_and_a_worker() -> None:
    services = _services()
    assert services["db"]["image"].startswith("postgres:")
    assert len(_api_services()) >= 2
    assert services["worker"]["command"] == ["worker"]
    migrate = " ".join(services["migrate"]["entrypoint"])
    assert "privacy-api migrate" in migrate
    assert "privacy-api register load" in migrate
    assert services["migrate"]["restart"] == "no"


def test_nothing_starts_before_the_migrate_job_completed() -> None:
    services = _services()
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name in [*_api_services(), "worker"]:
        waits = services[name]["depends_on"]
        assert waits["migrate"]["condition"] == "service_completed_successfully", name
        assert waits["db"]["condition"] == "service_healthy", name


def test_every_app_service_has_the_database_and_its_secret_from_the_environment() -> None:
    for name in [*_api_services(), "worker", "migrate"]:
        env = _services()[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgresql+psycopg://"), name
        # From the operator's environment, required: never a value written in the file.
        assert re.fullmatch(r"\$\{PRIVACY_API_SECRET_KEY:\?[^}]+\}", env["PRIVACY_API_SECRET_KEY"])
        assert "${POSTGRES_PASSWORD:?" in env["DATABASE_URL"]
        # No proxy trusted unless the operator names it.
        assert env["FORWARDED_ALLOW_IPS"] == "${FORWARDED_ALLOW_IPS:-}"


def test_the_database_and_every_replica_have_a_healthcheck() -> None:
    services = _services()
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    for name, service in _api_services().items():
        test = " ".join(service["healthcheck"]["test"])
        assert "http://127.0.0.1:8000/readyz" in test, name
        assert "curl" not in test


def test_no_image_floats_on_latest() -> None:
    for name, service in _services().items():
        image = service.get("image")
        if image is None:
            assert "build" in service, name
            continue
        assert ":" in image, (name, image)
        assert not image.endswith(":latest"), (name, image)
    for line in _dockerfile():
        if line.startswith("FROM "):
            image = line.split()[1]
            assert ":" in image
            assert not image.endswith(":latest")


def test_the_image_runs_as_its_own_user_owning_its_data_directory_with_a_healthcheck() -> None:
    lines = _dockerfile()
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users
    assert users[-1] not in ("root", "0")
    workdir = [line.split()[1] for line in lines if line.startswith("WORKDIR ")][-1]
    assert any(f"chown -R {users[-1]}:{users[-1]} {workdir}" in line for line in lines)
    (check,) = [line for line in lines if line.startswith("HEALTHCHECK ")]
    assert '"python", "-c"' in check
    assert "/healthz" in check
    assert "curl" not in check
    # Client addresses come from X-Forwarded-For only from proxies the operator names.
    assert "--proxy-headers" not in " ".join(lines)


def test_the_build_context_leaves_out_personal_data_and_local_state() -> None:
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    for pattern in (".git", ".venv", "*.db", "*.db-*", "*.secret", "mail", "screenshots"):
        assert pattern in ignored, pattern
    assert "bench-results" in ignored
    assert "*.db.secret" in ignored
    assert ".env" in ignored


def test_development_mail_stays_out_of_git() -> None:
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "mail/" in ignored


def _default_of(value: str) -> str:
    """The default of a compose `${VAR:-default}` value."""
    found = re.fullmatch(r"\$\{[A-Z_]+:-([^}]*)\}", value)
    assert found, value
    return found.group(1)


def test_every_app_service_signs_the_audit_chain_with_a_key_from_a_compose_secret() -> None:
    """On PostgreSQL no key is found by default: without one in compose a re-chained audit
    history would verify. The key comes from a file outside the database and its volume."""
    compose = _compose()
    secret = compose["secrets"]["audit_signing_key"]
    assert "file" in secret
    assert _default_of(secret["file"]).startswith("./secrets/")
    for name in [*_api_services(), "worker", "migrate"]:
        service = _services()[name]
        env = service["environment"]
        assert env["PRIVACY_API_AUDIT_SIGNING_KEY_FILE"] == "/run/secrets/audit_signing_key", name
        assert "audit_signing_key" in service["secrets"], name
    # Never in the database's own volume, the image or git.
    assert not any("secrets" in str(v) for v in _services()["db"].get("volumes", []))
    assert "audit_signing_key" not in str(_services()["db"])
    docker_ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert "secrets/" in docker_ignored
    assert "*.pem" in docker_ignored
    git_ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "secrets/" in git_ignored


def test_the_postgresql_docs_configure_an_audit_signing_key() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Running on PostgreSQL", 1)[1].split("\n## ", 1)[0]
    assert "export PRIVACY_API_AUDIT_SIGNING_KEY_FILE=" in section
    assert "privacy-api audit keygen" in section


def test_compose_public_address_is_https_so_console_cookies_stay_secure_behind_tls() -> None:
    """The proxy speaks plain http to the replicas: only an https public address keeps the
    session and CSRF cookies Secure under the compose defaults."""
    from starlette.requests import Request

    from privacy_api.config import Settings
    from privacy_api.core.security.csrf import secure_cookie

    for name in [*_api_services(), "worker", "migrate"]:
        base = _default_of(_services()[name]["environment"]["PRIVACY_API_PUBLIC_BASE_URL"])
        assert base.startswith("https://"), name
    settings = Settings(database_url="sqlite://", public_base_url=base)

    class _App:
        class state:
            pass

    _App.state.settings = settings  # type: ignore[attr-defined]
    behind_proxy = Request(
        {
            "type": "http",
            "scheme": "http",
            "method": "GET",
            "path": "/console",
            "headers": [],
            "server": ("10.0.0.5", 8000),
            "app": _App,
        }
    )
    assert secure_cookie(behind_proxy)
