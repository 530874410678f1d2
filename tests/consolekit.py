"""Helpers for the console's tests: sign in through the real form, read a form's token."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from factories import bearer
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.outbox.models import OutboxMessage
from privacy_api.records.models import Record
from privacy_api.subjects.models import Subject

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _TOKEN.search(html)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(client: TestClient, key: str) -> Any:
    """Sign in as a person would: the form's page first (its token), then the form."""
    page = client.get("/console/sign-in")
    return client.post(
        "/console/sign-in",
        data={"key": key, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )


def open_ticket(
    client: TestClient,
    key: str,
    *,
    type_: str = "access",
    email: str = "anna@example.com",
    property_: str | None = None,
) -> str:
    """A verified request, opened through the API as a help desk would."""
    body = {"type": type_, "email": email, "channel": "help_desk", "verified": True}
    response = client.post(
        "/v1/dsar",
        json={**body, "property": property_} if property_ else body,
        headers=bearer(key),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def logs_past_retention(db: Database, subject_id: str, n: int) -> None:
    """A subject last seen two years ago with `n` server-log records: due for the sweep."""
    long_ago = clock.now() - timedelta(days=730)
    with db.transaction() as session:
        session.add(
            Subject(
                subject_id=subject_id,
                email=f"{subject_id}@example.com",
                status="active",
                demo=False,
                attributes={},
                created_at=long_ago,
                updated_at=clock.now(),
                last_session_at=clock.now(),
                last_visit_at=long_ago,
            )
        )
        session.add_all(
            Record(
                subject_id=subject_id,
                activity="server_logs",
                category="ip_address",
                property="site",
                data={"n": i},
                occurred_at=long_ago,
                recorded_at=long_ago,
                register_version=1,
            )
            for i in range(n)
        )


def dead_message(
    db: Database,
    *,
    channel: str = "mail",
    body: str = "Your code is 123456",
    recipient: str = "ola.nowak@example.com",
) -> int:
    """A message the outbox gave up on after ten attempts (body "": purged by retention)."""
    now = clock.now()
    with db.transaction() as session:
        row = OutboxMessage(
            channel=channel,
            recipient=recipient if channel == "mail" else "http://127.0.0.1:9/hook",
            subject="Confirm" if channel == "mail" else None,
            body=body,
            headers={} if channel == "mail" else {"system-id": "sys_abc"},
            reference=None,
            created_at=now - timedelta(hours=1),
            available_at=now,
            attempts=10,
            last_error="DeliveryFailed: the receiver answered HTTP 500",
            dead_at=now,
        )
        session.add(row)
        session.flush()
        return row.id
