"""What the command line says: every command in --help, bad settings named by variable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from factories import process_env


def _cli(tmp_path: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    env = process_env(f"sqlite:///{tmp_path / 'p.db'}", **settings)
    return subprocess.run(
        [sys.executable, "-m", "privacy_api.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_help_lists_every_command_with_a_one_line_description(tmp_path: Path) -> None:
    shown = _cli(tmp_path, "--help")
    assert shown.returncode == 0
    assert "later issues" not in shown.stdout
    commands = shown.stdout.split("\ncommands:\n", 1)[1].splitlines()
    described = {}
    for line in commands:
        name, _, text = line.strip().partition("  ")
        described[name] = text.strip()
    for expected in (
        "migrate",
        "serve",
        "worker",
        "keys create",
        "keys list",
        "keys revoke",
        "register load",
        "audit verify",
        "audit checkpoint",
        "retention run",
        "outbox deliver",
        "outbox list",
        "outbox retry",
        "openapi",
    ):
        assert described.get(expected), (expected, shown.stdout)


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("PRIVACY_API_SMTP_PORT", "abc", "PRIVACY_API_SMTP_PORT: Input should be a valid integer"),
        ("PRIVACY_API_SMTP_SECURITY", "tlsv9", "PRIVACY_API_SMTP_SECURITY: Input should be"),
        ("PRIVACY_API_PUBLIC_BASE_URL", "ftp://x", "PRIVACY_API_PUBLIC_BASE_URL: must be an"),
        ("DATABASE_URL", "mysql://db/x", "DATABASE_URL: only sqlite:/// and postgresql"),
        ("PRIVACY_API_SECRET_KEY", "hunter2-short", "PRIVACY_API_SECRET_KEY must be at least"),
        ("PRIVACY_API_SMTPHOST", "mail", "(did you mean PRIVACY_API_SMTP_HOST?)"),
    ],
)
def test_a_bad_setting_is_one_line_naming_the_variable_and_exit_2(
    tmp_path: Path, variable: str, value: str, says: str
) -> None:
    result = _cli(tmp_path, "migrate", **{variable: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert says in lines[0]
    assert "validation error" not in result.stderr
    assert "pydantic" not in result.stderr
    assert "Traceback" not in result.stderr
    # The value may be a secret: it is never repeated.
    assert value not in result.stderr.replace(variable, "")
    assert not (tmp_path / "p.db").exists(), "nothing runs with a bad setting"
