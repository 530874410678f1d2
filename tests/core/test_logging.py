"""JSON log lines that carry the request id and nothing a caller sent."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from privacy_api.app import create_app
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.observe.logging import JsonFormatter


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    previous = root.level
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(previous)


def test_access_log_is_json_with_request_id_and_route_template(
    settings: Settings, db: Database, log_lines: io.StringIO
) -> None:
    app = create_app(settings.model_copy(update={"access_log": True}), db=db)
    with TestClient(app) as client:
        client.get("/v1/whoami", headers={"X-Request-ID": "req-42", "Authorization": "Bearer s3"})
    entries = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    access = [e for e in entries if e["logger"] == "privacy_api.access"]
    assert access, entries
    assert access[-1]["request_id"] == "req-42"
    assert access[-1]["route"] == "/v1/whoami"
    assert access[-1]["status"] == 401
    assert "s3" not in log_lines.getvalue()


def test_logged_errors_keep_the_type_but_not_the_message(log_lines: io.StringIO) -> None:
    try:
        raise ValueError("jan.kowalski@example.com")
    except ValueError:
        logging.getLogger("privacy_api.test").exception("failed")
    entry = json.loads(log_lines.getvalue().splitlines()[-1])
    assert entry["exc_type"] == "ValueError"
    assert entry["exc_frames"]
    assert "jan.kowalski" not in log_lines.getvalue()


def test_uvicorn_lines_carry_no_terminal_colour_codes() -> None:
    """uvicorn passes a `color_message` with ANSI escapes beside each message; in JSON it is
    a duplicate of `msg` full of `\\u001b[36m` that log search shows as noise."""
    record = logging.makeLogRecord(
        {
            "name": "uvicorn.error",
            "msg": "Started server process [%d]",
            "args": (42,),
            "color_message": "Started server process [\x1b[36m%d\x1b[0m]",
        }
    )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["msg"] == "Started server process [42]"
    assert "color_message" not in entry
    assert "\\u001b" not in JsonFormatter().format(record)
