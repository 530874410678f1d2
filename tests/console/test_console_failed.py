"""The console's "What failed" section: given-up messages shown masked, retried through the
outbox's own service, audited under the key's name; admin only, CSRF bound (both backends)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select

from consolekit import csrf_of, dead_message, sign_in
from privacy_api.audit.models import AuditEntry
from privacy_api.core.data.db import Database
from privacy_api.outbox.models import OutboxMessage
from privacy_api.register.service import Register

MakeKey = Callable[..., str]


def _message(db: Database, message_id: int) -> OutboxMessage:
    with db.transaction(write=False) as session:
        message = session.get(OutboxMessage, message_id)
        assert message is not None
        session.expunge(message)
        return message


def test_dead_messages_are_listed_masked_with_their_reason_and_retryability(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    mail = dead_message(db)
    hook = dead_message(db, channel="webhook")
    purged = dead_message(db, body="", recipient="zenon@example.com")
    sign_in(client, make_key("admin"))
    page = client.get("/console/failed")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert 'href="/console/failed" aria-current="page"' in page.text
    assert "o***@example.com" in page.text
    assert "ola.nowak" not in page.text  # the address is masked, as the API masks it
    assert "123456" not in page.text  # nor is the message's text shown
    assert "sys_abc" in page.text
    assert "127.0.0.1:9" not in page.text
    assert "DeliveryFailed: the receiver answered HTTP 500" in page.text
    assert f'action="/console/failed/{mail}/retry"' in page.text
    assert f'action="/console/failed/{hook}/retry"' in page.text
    assert f'action="/console/failed/{purged}/retry"' not in page.text
    assert "purged, not retryable" in page.text


def test_retry_queues_the_message_again_audited_under_the_keys_name(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    message_id = dead_message(db)
    sign_in(client, make_key("admin", name="ops-olga"))
    token = csrf_of(client.get("/console/failed").text)
    retried = client.post(
        f"/console/failed/{message_id}/retry", data={"csrf_token": token}, follow_redirects=False
    )
    assert retried.status_code == 303
    assert retried.headers["location"] == f"/console/failed?retried={message_id}"
    page = client.get(retried.headers["location"])
    assert f"Message {message_id} is queued again" in page.text
    assert f'action="/console/failed/{message_id}/retry"' not in page.text
    message = _message(db, message_id)
    assert message.dead_at is None
    assert message.attempts == 0
    with db.transaction(write=False) as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "outbox.retried")
        ).one()
    assert entry.actor == "ops-olga"
    assert entry.target == f"outbox/{message_id}"
    # The same form again (a double click): the service's answer on the page, not a 500.
    again = client.post(f"/console/failed/{message_id}/retry", data={"csrf_token": token})
    assert again.status_code == 409
    assert "is still being tried" in again.text
    assert 'role="alert"' in again.text


def test_purged_or_unknown_messages_are_refused_with_the_services_reason(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    purged = dead_message(db, body="")
    sign_in(client, make_key("admin"))
    token = csrf_of(client.get("/console/failed").text)
    refused = client.post(f"/console/failed/{purged}/retry", data={"csrf_token": token})
    assert refused.status_code == 409
    assert "purged by the retention sweep" in refused.text
    assert _message(db, purged).dead_at is not None
    unknown = client.post("/console/failed/999999/retry", data={"csrf_token": token})
    assert unknown.status_code == 404
    assert "no outbox message 999999" in unknown.text
    assert client.post("/console/failed/0/retry", data={"csrf_token": token}).status_code == 422


def test_a_key_without_admin_neither_sees_nor_retries_dead_messages(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    message_id = dead_message(db)
    sign_in(client, make_key("dsar:manage", "breaches", name="desk"))
    queue = client.get("/console/queue")
    assert 'href="/console/failed"' not in queue.text
    assert client.get("/console/failed").status_code == 403
    refused = client.post(
        f"/console/failed/{message_id}/retry",
        data={"csrf_token": csrf_of(queue.text)},
        follow_redirects=False,
    )
    assert refused.status_code == 403
    assert _message(db, message_id).dead_at is not None


def test_a_retry_without_its_csrf_token_changes_nothing(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    message_id = dead_message(db)
    sign_in(client, make_key("admin"))
    for data in ({}, {"csrf_token": "0" * 64}):
        response = client.post(
            f"/console/failed/{message_id}/retry", data=data, follow_redirects=False
        )
        assert response.status_code == 403
    assert _message(db, message_id).dead_at is not None
    client.cookies.clear()
    signed_out = client.post(f"/console/failed/{message_id}/retry", follow_redirects=False)
    assert signed_out.headers["location"] == "/console/sign-in"
