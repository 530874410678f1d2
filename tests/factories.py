"""Plain helpers for building requests and data in tests."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import tempfile
from typing import Any

# The tests' secret key, new each run: no value is well known, not even a test's.
TEST_SECRET = secrets.token_urlsafe(48)
TEST_MAIL_DIR = os.path.join(tempfile.gettempdir(), f"privacy-api-test-mail-{os.getpid()}")
# The downstream receivers of the tests (tests/downstream.py) listen on 127.0.0.1 over http.
PRIVATE_HOSTS = '["127.0.0.1"]'
PROBLEM = "application/problem+json"
VISITOR = "5f0c8a4e-2b1a-4c1e-9d7e-0a1b2c3d4e5f"
# A value for each path parameter of the API, for tests that call every route.
PATH_SAMPLES = {
    "subject_id": "s1",
    "visitor_id": VISITOR,
    "ticket_id": "dsr_none",
    "key": "account",
    "version": "1",
    "order_id": "ord_none",
    "run_id": "1",
    "activity": "marketing",
    "system_id": "sys_none",
    "record_id": "1",
    "message_id": "1",
    "breach_id": "brc_none",
}


def process_env(database_url: str, **settings: str) -> dict[str, str]:
    """The environment of a privacy-api process: no PRIVACY_API_* of the caller's, the
    tests' secret key (required on PostgreSQL) unless `settings` say otherwise."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVACY_API_")}
    env.update(
        {
            "DATABASE_URL": database_url,
            "PRIVACY_API_SECRET_KEY": TEST_SECRET,
            # Without an SMTP host mail goes to files: never into the working tree.
            "PRIVACY_API_MAIL_DIR": TEST_MAIL_DIR,
        }
    )
    env.update(settings)
    return env


def openapi_path(path: str) -> str:
    """A route's path as OpenAPI names it: `{record_id:int}` is `{record_id}` there."""
    return re.sub(r"{(\w+):\w+}", r"{\1}", path)


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """The response is RFC 9457 problem+json with the given status; returns its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://")
    assert body["title"]
    assert "Traceback" not in response.text
    return body


def record(subject_id: str, /, **overrides: Any) -> dict[str, Any]:
    """A valid record of the account activity; override any field."""
    body: dict[str, Any] = {
        "subject_id": subject_id,
        "activity": "account",
        "category": "profile",
        "property": "app",
        "data": {"plan": "pro"},
        "occurred_at": "2026-11-20T10:00:00+00:00",
    }
    body.update(overrides)
    return body


def run_cli(
    database_url: str, *args: str, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = process_env(database_url, **(extra_env or {}))
    return subprocess.run(
        [sys.executable, "-m", "privacy_api.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
