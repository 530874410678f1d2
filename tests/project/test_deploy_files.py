"""The image and the compose file, checked as files (no Docker here): what they must say for
a deployment to be safe and to start in the right order."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml

from paths import ROOT
from privacy_api.cli import build_parser
from privacy_api.cli.serve import cmd_serve, cmd_worker, cmd_worker_health
from privacy_api.config import ENV_PREFIX, Settings, reject_unknown_settings

# Read by compose.yaml or uvicorn, not by the Settings model.
COMPOSE_VARIABLES = {"POSTGRES_PASSWORD", "AUDIT_SIGNING_KEY_PATH", "FORWARDED_ALLOW_IPS"}


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


def _app_services() -> dict[str, dict[str, Any]]:
    """Every service that runs this project's image."""
    return {n: s for n, s in _services().items() if "build" in s}


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
        # No proxy trusted unless the operator names it (in .env; compose adds none).
        assert "FORWARDED_ALLOW_IPS" not in env, name
    assert _env_example()["FORWARDED_ALLOW_IPS"] == ("", True)


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
    guide = (ROOT / "docs" / "operations.md").read_text()
    section = guide.split("## Running on PostgreSQL", 1)[1].split("\n## ", 1)[0]
    assert "export PRIVACY_API_AUDIT_SIGNING_KEY_FILE=" in section
    assert "privacy-api audit keygen" in section


def test_compose_public_address_is_https_so_console_cookies_stay_secure_behind_tls() -> None:
    """The proxy speaks plain http to the replicas: only an https public address keeps the
    session and CSRF cookies Secure under the compose defaults."""
    from starlette.requests import Request

    from privacy_api.config import Settings
    from privacy_api.core.security.csrf import secure_cookie

    for name in [*_api_services(), "worker", "migrate"]:
        # From .env alone: compose sets no other public address.
        assert "PRIVACY_API_PUBLIC_BASE_URL" not in _services()[name]["environment"], name
    base, uncommented = _env_example()["PRIVACY_API_PUBLIC_BASE_URL"]
    assert uncommented
    assert base.startswith("https://")
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


def _instruction(name: str) -> Any:
    """The JSON form of a Dockerfile instruction that occurs once (CMD, ENTRYPOINT)."""
    (line,) = [line for line in _dockerfile() if line.startswith(f"{name} ")]
    return json.loads(line.removeprefix(f"{name} "))


def _image_env() -> dict[str, str]:
    """The Dockerfile's ENV, `KEY=value` pairs."""
    env: dict[str, str] = {}
    for line in _dockerfile():
        if line.startswith("ENV "):
            for pair in line.split()[1:]:
                name, _, value = pair.partition("=")
                env[name] = value
    return env


def test_the_image_alone_on_sqlite_serves_and_runs_its_schedule() -> None:
    """Issue 30: the image's default (`serve` on SQLite, no scheduler) never sent mail or
    webhooks and never swept. Its default command now schedules too."""
    assert _instruction("ENTRYPOINT") == ["privacy-api"]
    command = _instruction("CMD")
    assert "--with-scheduler" in command
    args = build_parser().parse_args(command)
    assert args.run is cmd_serve
    assert args.with_scheduler
    assert (args.host, args.port) == ("0.0.0.0", 8000)
    assert _image_env()["DATABASE_URL"].startswith("sqlite:////data/")


def test_compose_replicas_only_serve_and_the_worker_runs_the_schedule() -> None:
    """On PostgreSQL the replicas override the image's command without the scheduler."""
    assert _api_services()
    for name, service in _api_services().items():
        args = build_parser().parse_args(service["command"])
        assert args.run is cmd_serve, name
        assert not args.with_scheduler, name
    assert build_parser().parse_args(_services()["worker"]["command"]).run is cmd_worker


def test_the_worker_health_check_is_its_own_cli_command_not_http() -> None:
    """A worker serves no HTTP: under the image's /healthz check it was `unhealthy` for ever.
    The command compose names must exist (tests/ops/test_worker_health.py runs it for real)."""
    check = _services()["worker"]["healthcheck"]
    assert not check.get("disable")
    test = check["test"]
    assert test[:2] == ["CMD", "privacy-api"]
    for http in ("http", "urllib", "healthz", "readyz", "curl", "8000"):
        assert http not in " ".join(test)
    assert build_parser().parse_args(test[2:]).run is cmd_worker_health
    # The API replicas keep their HTTP check.
    for name, service in _api_services().items():
        assert "readyz" in " ".join(service["healthcheck"]["test"]), name


def test_compose_takes_every_setting_from_the_env_file() -> None:
    """Issue 30: compose passed 7 settings through, so CORS origins, private webhook hosts,
    the digest address and the like needed an edit of the file. Now .env holds them all and
    compose sets only what it owns: its database's address and its secret's mount point
    (plus the secret key again, so an empty one stops `docker compose up` at once)."""
    apps = _app_services()
    assert set(apps) >= {"migrate", "worker", *_api_services()}
    for name, service in apps.items():
        assert service["env_file"] in (".env", [".env"]), name
        assert set(service["environment"]) == {
            "DATABASE_URL",
            "PRIVACY_API_SECRET_KEY",
            "PRIVACY_API_AUDIT_SIGNING_KEY_FILE",
        }, name
    # .env holds the secrets: never in git or the image; its template is committed.
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()
    assert ".env" in (ROOT / ".dockerignore").read_text().splitlines()
    assert (ROOT / ".env.example").is_file()


_ENV_LINE = re.compile(r"(?P<commented># )?(?P<name>[A-Z][A-Z0-9_]*)=(?P<value>.*)")


def _env_lines(text: str) -> dict[str, tuple[str, bool]]:
    """An env file's variables: name -> (value, uncommented); comment prose is skipped."""
    found: dict[str, tuple[str, bool]] = {}
    for line in text.splitlines():
        if matched := _ENV_LINE.fullmatch(line):
            assert matched["name"] not in found, f"{matched['name']} twice"
            found[matched["name"]] = (matched["value"], matched["commented"] is None)
    return found


def _env_example() -> dict[str, tuple[str, bool]]:
    return _env_lines((ROOT / ".env.example").read_text())


def _variable(field: str) -> str:
    return "DATABASE_URL" if field == "database_url" else f"{ENV_PREFIX}{field.upper()}"


def _missing_settings(listed: dict[str, tuple[str, bool]]) -> list[str]:
    return [_variable(f) for f in Settings.model_fields if _variable(f) not in listed]


def test_env_example_lists_every_setting() -> None:
    missing = _missing_settings(_env_example())
    assert missing == [], f"add to .env.example, with a comment: {missing}"


def test_a_setting_left_out_of_env_example_is_named() -> None:
    text = (ROOT / ".env.example").read_text()
    without = "\n".join(
        line for line in text.splitlines() if "PRIVACY_API_WEBHOOK_PRIVATE_HOSTS=" not in line
    )
    assert _missing_settings(_env_lines(without)) == ["PRIVACY_API_WEBHOOK_PRIVATE_HOSTS"]


def test_env_example_names_only_variables_something_reads() -> None:
    """A misspelt name in .env would stop the service (reject_unknown_settings); one meant
    for compose must be one compose reads."""
    known = {_variable(f) for f in Settings.model_fields}
    listed = set(_env_example())
    assert listed - known == COMPOSE_VARIABLES
    compose = (ROOT / "compose.yaml").read_text()
    for name in COMPOSE_VARIABLES - {"FORWARDED_ALLOW_IPS"}:  # uvicorn reads that one
        assert f"${{{name}" in compose, name


def test_env_example_is_read_alike_by_compose_and_docker_run() -> None:
    """`docker run --env-file` takes a value as written, compose strips quotes and ` #`
    comments: bare values mean the same to both."""
    for name, (value, _) in _env_example().items():
        assert not value.startswith(("'", '"')), name
        assert " #" not in value, name
        assert value == value.strip(), name


def test_env_example_commits_no_secret() -> None:
    listed = _env_example()
    assert listed["POSTGRES_PASSWORD"] == ("", True)
    assert listed["PRIVACY_API_SECRET_KEY"] == ("", True)
    for name, (value, uncommented) in listed.items():
        if "PASSWORD" in name or "SECRET" in name:
            assert not uncommented or value == "", name


def _settings_under(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> Settings:
    """Settings as the service reads them from this environment (and nothing else)."""
    import os

    for name in list(os.environ):
        if name.startswith(ENV_PREFIX) or name == "DATABASE_URL":
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    reject_unknown_settings()
    return Settings()


SECRET = "s" * 48


def test_env_example_shows_the_defaults_the_image_runs_with(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A commented line shows the default: uncommented, it changes nothing. Settings unset
    by default show an example instead. Read by the service's own parser, so a JSON list or
    a number written wrong fails here."""
    baseline_env = {**_image_env(), "PRIVACY_API_SECRET_KEY": SECRET}
    baseline_env.pop("PYTHONUNBUFFERED")
    baseline = _settings_under(monkeypatch, baseline_env)
    fields = {_variable(f): f for f in Settings.model_fields}
    checked = 0
    for name, (value, uncommented) in _env_example().items():
        if uncommented or name not in fields or Settings.model_fields[fields[name]].default is None:
            continue
        uncommented_line = _settings_under(monkeypatch, {**baseline_env, name: value})
        assert getattr(uncommented_line, fields[name]) == getattr(baseline, fields[name]), name
        checked += 1
    assert checked >= 40


def test_env_example_as_written_starts_the_service_under_compose(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Copied to .env with its two secrets filled in, the file is a valid configuration:
    no unknown name, no value the service refuses, mail to files, an https address."""
    env = {name: value for name, (value, uncommented) in _env_example().items() if uncommented}
    env["POSTGRES_PASSWORD"] = "pw"
    env["PRIVACY_API_SECRET_KEY"] = SECRET
    # What compose.yaml sets over it (the key file is a compose secret: not here).
    env["DATABASE_URL"] = "postgresql+psycopg://privacy:pw@db:5432/privacy"
    settings = _settings_under(monkeypatch, env)
    assert settings.smtp_host is None
    assert settings.public_base_url.startswith("https://")
    assert settings.webhook_private_hosts == ()
