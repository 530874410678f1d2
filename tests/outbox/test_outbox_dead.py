"""Nothing dies silently: given-up messages are listed with their reason (API and CLI) and
can be given a new round, audited, which delivers them once the server is back."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from downstream import DownstreamSystem
from factories import assert_problem, bearer, run_cli
from mailserver import MailServer, free_port
from privacy_api.audit.models import AuditEntry
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.outbox.models import OutboxMessage
from privacy_api.register.service import Register

EMAIL = "piotr.wisniewski@example.com"


@pytest.fixture
def smtp() -> Iterator[MailServer]:
    """A mail server whose port is reserved but closed until the test starts it."""
    server = MailServer()
    yield server
    server.stop()


@pytest.fixture
def admin(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("admin", name="ops-ola"))


def _deliver(database_url: str, smtp: MailServer) -> tuple[int, str, str]:
    result = run_cli(
        database_url,
        "outbox",
        "deliver",
        extra_env={
            "PRIVACY_API_SMTP_HOST": "127.0.0.1",
            "PRIVACY_API_SMTP_PORT": str(smtp.port),
            "PRIVACY_API_OUTBOX_MAX_ATTEMPTS": "2",
        },
    )
    return result.returncode, result.stdout, result.stderr


def _due_now(db: Database) -> None:
    """The backoff's wait, passed: the message is due again."""
    with db.transaction() as session:
        session.execute(update(OutboxMessage).values(available_at=clock.now()))


def _dead_verification_mail(
    client: TestClient, db: Database, database_url: str, smtp: MailServer, key: dict[str, str]
) -> tuple[int, str]:
    """A DSAR's code mail, tried twice against the closed port: (its id, the code)."""
    body = {"type": "access", "email": EMAIL, "channel": "email"}
    assert client.post("/v1/dsar", json=body, headers=key).status_code == 201
    rc, out, err = _deliver(database_url, smtp)
    assert rc == 0, err
    assert "mail: 0 sent, 1 to retry, 0 given up" in out
    assert "will retry: ConnectionRefusedError: connection refused" in err
    _due_now(db)
    rc, out, err = _deliver(database_url, smtp)
    assert rc == 1, "a message given up must fail the run (cron mails its output)"
    assert "mail: 0 sent, 0 to retry, 1 given up" in out
    assert "given up: ConnectionRefusedError: connection refused" in err
    with db.transaction(write=False) as session:
        message = session.scalars(select(OutboxMessage)).one()
    found = re.search(r"^\s+(\d{6})\s*$", message.body, re.M)
    assert found
    return message.id, found.group(1)


def test_a_mail_to_a_closed_smtp_port_dies_is_listed_and_delivered_after_retry(
    client: TestClient,
    db: Database,
    database_url: str,
    loaded: Register,
    smtp: MailServer,
    admin: dict[str, str],
) -> None:
    message_id, code = _dead_verification_mail(client, db, database_url, smtp, admin)

    listed = client.get("/v1/outbox", params={"status": "dead"}, headers=admin)
    assert listed.status_code == 200, listed.text
    (item,) = listed.json()["items"]
    assert item["id"] == message_id
    assert item["kind"] == "mail"
    assert item["recipient"] == "p***@example.com"
    assert item["attempts"] == 2
    assert item["last_error"] == "ConnectionRefusedError: connection refused"
    assert item["dead_at"]
    assert item["created_at"]
    assert item["retryable"] is True
    # Never the text, the code or the address.
    assert code not in listed.text
    assert EMAIL not in listed.text
    assert "body" not in item

    cli = run_cli(database_url, "outbox", "list", "--dead")
    assert cli.returncode == 0, cli.stderr
    assert str(message_id) in cli.stdout
    assert "ConnectionRefusedError: connection refused" in cli.stdout
    assert EMAIL not in cli.stdout
    assert code not in cli.stdout

    smtp.start()
    path = f"/v1/outbox/{message_id}/retry"
    keyed = {**admin, "Idempotency-Key": "retry-1"}
    retried = client.post(path, headers=keyed)
    assert retried.status_code == 200, retried.text
    assert retried.json() == {
        "id": message_id,
        "status": "queued",
        "previous_attempts": 2,
        "last_error": "ConnectionRefusedError: connection refused",
    }
    # The same request again (its answer lost) replays; another one finds nothing dead.
    assert client.post(path, headers=keyed).json() == retried.json()
    assert_problem(client.post(path, headers=admin), 409)
    assert client.get("/v1/outbox?status=dead", headers=admin).json()["items"] == []

    rc, out, err = _deliver(database_url, smtp)
    assert rc == 0, err
    assert "mail: 1 sent" in out
    (mail,) = smtp.inbox.to(EMAIL)
    assert code in mail.get_content()
    # Delivered: a retry now is 409, the message is not given up.
    body = assert_problem(client.post(path, headers=admin), 409)
    assert "delivered" in body["detail"]

    with db.transaction(write=False) as session:
        (entry,) = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "outbox.retried")
        ).all()
    assert entry.actor == "ops-ola"
    assert entry.target == f"outbox/{message_id}"
    assert entry.details["last_error"] == "ConnectionRefusedError: connection refused"


def test_the_cli_retries_a_dead_message_audited_under_the_operator(
    client: TestClient,
    db: Database,
    database_url: str,
    loaded: Register,
    smtp: MailServer,
    admin: dict[str, str],
) -> None:
    message_id, code = _dead_verification_mail(client, db, database_url, smtp, admin)
    smtp.start()
    retried = run_cli(database_url, "outbox", "retry", str(message_id))
    assert retried.returncode == 0, retried.stderr
    assert "queued again" in retried.stderr
    again = run_cli(database_url, "outbox", "retry", str(message_id))
    assert again.returncode == 1
    assert "still being tried" in again.stderr
    unknown = run_cli(database_url, "outbox", "retry", "999999")
    assert unknown.returncode == 1
    assert "no outbox message 999999" in unknown.stderr
    assert run_cli(database_url, "outbox", "retry", "x").returncode == 2

    assert _deliver(database_url, smtp)[0] == 0
    assert code in smtp.inbox.to(EMAIL)[0].get_content()
    with db.transaction(write=False) as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "outbox.retried")
        ).one()
    assert entry.actor.startswith("cli:")


def _dead_row(db: Database, *, channel: str = "mail", body: str = "code 123456") -> int:
    now = clock.now()
    with db.transaction() as session:
        row = OutboxMessage(
            channel=channel,
            recipient=EMAIL if channel == "mail" else "http://127.0.0.1:9/hook",
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


def test_dead_letters_page_with_the_cursor_and_show_webhooks_by_system(
    client: TestClient, db: Database, admin: dict[str, str]
) -> None:
    ids = [_dead_row(db), _dead_row(db, channel="webhook"), _dead_row(db)]
    first = client.get("/v1/outbox?status=dead&limit=2", headers=admin).json()
    assert [i["id"] for i in first["items"]] == ids[:2]
    assert first["items"][1]["recipient"] == "sys_abc"
    assert first["items"][1]["kind"] == "webhook"
    second = client.get(
        "/v1/outbox", params={"status": "dead", "cursor": first["next_cursor"]}, headers=admin
    ).json()
    assert [i["id"] for i in second["items"]] == ids[2:]
    assert second["next_cursor"] is None
    assert "123456" not in str(first) + str(second)


def test_bad_outbox_requests_are_clear_problems(
    client: TestClient, db: Database, admin: dict[str, str]
) -> None:
    assert_problem(client.get("/v1/outbox", headers=admin), 422)
    assert_problem(client.get("/v1/outbox?status=sent", headers=admin), 422)
    assert_problem(client.get("/v1/outbox?status=dead&cursor=%%%", headers=admin), 400)
    assert_problem(client.post("/v1/outbox/0/retry", headers=admin), 422)
    assert_problem(client.post("/v1/outbox/99999999999999999999/retry", headers=admin), 422)
    body = assert_problem(client.post("/v1/outbox/424242/retry", headers=admin), 404)
    assert body["type"].endswith("/outbox-message-not-found")


def test_a_message_purged_by_the_sweep_is_listed_but_not_retried(
    client: TestClient, db: Database, admin: dict[str, str]
) -> None:
    message_id = _dead_row(db, body="")
    (item,) = client.get("/v1/outbox?status=dead", headers=admin).json()["items"]
    assert item["retryable"] is False
    body = assert_problem(client.post(f"/v1/outbox/{message_id}/retry", headers=admin), 409)
    assert body["type"].endswith("/outbox-message-purged")


def test_a_webhook_to_a_dead_receiver_dies_with_its_reason_and_arrives_after_retry(
    client: TestClient,
    db: Database,
    database_url: str,
    loaded: Register,
    admin: dict[str, str],
) -> None:
    port = free_port()  # nothing listens here yet
    url = f"http://127.0.0.1:{port}/privacy-orders"
    created = client.post(
        "/v1/systems", headers=admin, json={"name": "crm", "property": "app", "webhook_url": url}
    )
    assert created.status_code == 201, created.text
    system = created.json()
    assert client.put("/v1/subjects/acct-1", json={"email": EMAIL}, headers=admin).is_success
    restricted = client.post(
        "/v1/subjects/acct-1/restriction", json={"reason": "accuracy"}, headers=admin
    )
    assert restricted.status_code == 201, restricted.text
    env = {"PRIVACY_API_WEBHOOK_PRIVATE_HOSTS": '["127.0.0.1"]'}

    died = run_cli(
        database_url,
        "outbox",
        "deliver",
        extra_env={**env, "PRIVACY_API_OUTBOX_MAX_ATTEMPTS": "1"},
    )
    assert died.returncode == 1
    assert "webhook: 0 sent, 0 to retry, 1 given up" in died.stdout
    assert "given up: ConnectError: " in died.stderr

    (item,) = client.get("/v1/outbox?status=dead", headers=admin).json()["items"]
    assert item["kind"] == "webhook"
    assert item["recipient"] == system["id"]
    assert item["last_error"].startswith("ConnectError: ")

    receiver = DownstreamSystem(port=port)
    receiver.secret = system["signing_secret"]
    receiver.start()
    try:
        assert client.post(f"/v1/outbox/{item['id']}/retry", headers=admin).status_code == 200
        delivered = run_cli(database_url, "outbox", "deliver", extra_env=env)
        assert delivered.returncode == 0, delivered.stderr
        assert "webhook: 1 sent" in delivered.stdout
        assert len(receiver.accepted) == 1
    finally:
        receiver.stop()


def test_a_retry_racing_an_erasure_cannot_keep_the_message_from_being_purged(
    db: Database, loaded: Register, backend: str
) -> None:
    """An operator retries a dead mail while the person's erasure runs. Whichever commits
    first, the message ends purged (erasure first: the retry is refused) or due to be purged
    once delivered (retry first: the erasure expires it). Before, the erasure's statements
    ran unfinished-first: a retry committing between them left the message neither."""
    import threading
    import time

    from privacy_api.outbox import dead
    from privacy_api.rights.own_data import erase_own_data
    from privacy_api.subjects.models import Subject

    if backend != "postgresql":
        pytest.skip("SQLite serialises the two transactions whole")
    now = clock.now()
    with db.transaction() as session:
        session.add(
            Subject(
                subject_id="acct-race",
                email=EMAIL,
                status="active",
                demo=False,
                attributes={},
                created_at=now,
                updated_at=now,
            )
        )
        message = OutboxMessage(
            channel="mail",
            recipient=EMAIL,
            subject="Your data",
            body="the package link",
            headers={},
            created_at=now,
            available_at=now,
            expires_at=now + timedelta(days=30),
            attempts=10,
            dead_at=now,
        )
        session.add(message)
        session.flush()
        message_id = message.id

    locked, go = threading.Event(), threading.Event()

    def operator() -> None:
        with db.transaction() as session:
            dead.retry_dead(session, message_id=message_id, actor="ops")
            locked.set()
            go.wait(10)

    retrying = threading.Thread(target=operator)
    retrying.start()
    assert locked.wait(10)

    def erase() -> None:
        with db.transaction() as session:
            subject = session.get(Subject, "acct-race")
            assert subject is not None
            erase_own_data(session, loaded.spec, subject, clock.now(), "en")

    erasing = threading.Thread(target=erase)
    erasing.start()
    time.sleep(0.5)  # the erasure waits on the retry's row lock
    go.set()
    retrying.join(10)
    erasing.join(10)
    with db.transaction(write=False) as session:
        after = session.get(OutboxMessage, message_id)
        assert after is not None
        purged = after.body == ""
        expiring = after.expires_at is not None and clock.as_utc(after.expires_at) <= clock.now()
        assert purged or expiring, (after.body, after.expires_at, after.dead_at)
