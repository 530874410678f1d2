"""What the real server writes to its logs: JSON, request ids, and no secrets or personal data."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import httpx

from conftest import serving
from factories import TEST_SECRET
from privacy_api.core.data.db import Database
from privacy_api.register.service import Register


def test_server_logs_hold_no_key_code_token_or_email(
    database_url: str,
    db: Database,
    loaded: Register,
    make_key: Callable[..., str],
    tmp_path: Path,
) -> None:
    key = make_key("admin", name="log-test")
    email = "very.private.person@example.com"
    log_file = tmp_path / "server.log"
    with serving(
        database_url, log_file, PRIVACY_API_ACCESS_LOG="true", PRIVACY_API_LOG_LEVEL="DEBUG"
    ) as server:
        headers = {"Authorization": f"Bearer {key}", "X-Request-ID": "trace-log-1"}
        with httpx.Client(base_url=server.url, headers=headers, timeout=10) as http:
            http.put("/v1/subjects/logged", json={"email": email, "name": "Secret Name"})
            http.get(f"/v1/subjects?email={email}")
            http.post("/v1/dsar", json={"type": "access", "email": email, "channel": "api"})
            link = http.get("/v1/subjects/logged/unsubscribe-link").json()["url"]
            http.post("/v1/unsubscribe?token=" + link.split("token=")[1])
            http.put(
                "/v1/consent/visitors/5f0c8a4e-2b1a-4c1e-9d7e-0a1b2c3d4e5f",
                json={"purposes": {"analytics": True}, "property": "site"},
            )
            http.get("/v1/no-such-route/" + email)
    text = log_file.read_text()
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    assert any(entry.get("request_id") == "trace-log-1" for entry in lines)
    for secret in (
        key,
        key.split("_")[-1],
        email,
        "very.private",
        "Secret Name",
        link.split("token=")[1],
    ):
        assert secret not in text, f"{secret!r} leaked into the logs"
    client_lines = [line for line in text.splitlines() if "127.0.0.1" in line]
    assert all(
        "running on" in line.lower() or "started" in line.lower() for line in client_lines
    ), client_lines


def test_every_response_has_security_headers_and_keyed_ones_are_not_cached(
    database_url: str,
    db: Database,
    loaded: Register,
    make_key: Callable[..., str],
) -> None:
    from fastapi.testclient import TestClient

    from privacy_api.app import create_app
    from privacy_api.config import Settings

    with TestClient(
        create_app(Settings(database_url=database_url, secret_key=TEST_SECRET), db=db)
    ) as client:
        public = client.get("/v1/processing-activities")
        assert public.headers["x-content-type-options"] == "nosniff"
        keyed = client.post(
            "/v1/dsar",
            headers={"Authorization": f"Bearer {make_key('admin')}"},
            json={"type": "access", "email": "a@example.com", "channel": "api"},
        )
        assert keyed.status_code == 201
        assert keyed.headers["cache-control"] == "no-store"
        assert keyed.headers["x-content-type-options"] == "nosniff"
        missing = client.get("/nowhere")
        assert missing.headers["x-content-type-options"] == "nosniff"
