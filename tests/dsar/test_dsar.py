"""Rights requests: intake, identity check (12(6)), deadlines (12(3)), lifecycle, e-mails."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from conftest import LiveServer
from factories import assert_problem, bearer, process_env, run_cli
from mailserver import MailServer
from privacy_api.audit import service as audit
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.http.errors import Unprocessable
from privacy_api.core.time import clock
from privacy_api.dsar.deadlines import add_months, due_date, extended_due_date
from privacy_api.dsar.service import check_property
from privacy_api.outbox.mail import SmtpSender
from privacy_api.outbox.worker import DeliveryReport, deliver_due
from privacy_api.register.service import Register

EMAIL = "jan.kowalski@example.com"


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("2026-01-31T10:00:00+00:00", "2026-02-28T10:00:00+00:00"),
        ("2028-01-31T10:00:00+00:00", "2028-02-29T10:00:00+00:00"),
        ("2026-03-31T08:00:00+00:00", "2026-04-30T08:00:00+00:00"),
        ("2026-12-31T23:00:00+00:00", "2027-01-31T23:00:00+00:00"),
        ("2026-11-25T12:00:00+00:00", "2026-12-25T12:00:00+00:00"),
        ("2026-03-01T00:30:00+02:00", "2026-03-28T22:30:00+00:00"),
    ],
)
def test_answer_is_due_one_calendar_month_after_receipt(received: str, due: str) -> None:
    assert due_date(datetime.fromisoformat(received)) == datetime.fromisoformat(due)


def test_extension_adds_two_further_months_clamped_to_month_end() -> None:
    assert extended_due_date(datetime(2026, 2, 28, tzinfo=UTC)) == datetime(2026, 4, 28, tzinfo=UTC)
    assert extended_due_date(datetime(2027, 12, 31, tzinfo=UTC)) == datetime(
        2028, 2, 29, tzinfo=UTC
    )
    assert add_months(datetime(2026, 8, 31, tzinfo=UTC), 1) == datetime(2026, 9, 30, tzinfo=UTC)


@pytest.fixture
def mail_settings(settings: Settings, mail_server: MailServer) -> Settings:
    return settings.model_copy(update={"smtp_port": mail_server.port})


def deliver(db: Database, settings: Settings) -> DeliveryReport:
    return deliver_due(db, channel="mail", sender=SmtpSender(settings))


@pytest.fixture
def submit(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("dsar:submit", name="help-desk"))


@pytest.fixture
def manage(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("dsar:manage", name="ops-anna"))


def _open(client: TestClient, headers: dict[str, str], **body: Any) -> Any:
    payload = {"type": "access", "email": EMAIL, "channel": "email", **body}
    return client.post("/v1/dsar", json=payload, headers=headers)


def _code(mail_server: MailServer) -> str:
    message = mail_server.inbox.to(EMAIL)[-1]
    found = re.search(r"^\s+(\d{6})\s*$", message.get_content(), re.M)
    assert found, message.get_content()
    return found.group(1)


def test_request_opens_pending_verification_with_its_deadline_and_code_mail(
    client: TestClient,
    db: Database,
    loaded: Register,
    submit: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    with clock.frozen(datetime(2028, 1, 31, 9, 30, tzinfo=UTC)):
        response = _open(client, submit, lang="pl")
    assert response.status_code == 201, response.text
    ticket = response.json()
    assert ticket["status"] == "pending_verification"
    assert ticket["received_at"] == "2028-01-31T09:30:00Z"
    assert ticket["due_at"] == "2028-02-29T09:30:00Z"
    assert ticket["subject_id"] is None
    assert mail_server.inbox.messages == []  # nothing leaves before the commit and the worker
    with clock.frozen(datetime(2028, 1, 31, 9, 31, tzinfo=UTC)):
        assert deliver(db, mail_settings).sent == 1
    [message] = mail_server.inbox.to(EMAIL)
    assert "Potwierdź" in message["Subject"]
    assert "2028-02-29" in message.get_content()
    assert message["Message-ID"].startswith("<outbox-")


def test_code_verifies_the_request_once(
    client: TestClient,
    db: Database,
    loaded: Register,
    submit: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    ticket = _open(client, submit).json()
    deliver(db, mail_settings)
    code = _code(mail_server)
    verified = client.post(f"/v1/dsar/{ticket['id']}/verify", json={"code": code}, headers=submit)
    assert verified.status_code == 200, verified.text
    assert verified.json()["status"] == "open"
    again = client.post(f"/v1/dsar/{ticket['id']}/verify", json={"code": code}, headers=submit)
    assert_problem(again, 409)


def test_wrong_codes_count_and_lock_until_a_new_code_is_sent(
    client: TestClient,
    db: Database,
    loaded: Register,
    submit: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    start = datetime.now(UTC)
    with clock.frozen(start):
        ticket = _open(client, submit).json()
    deliver(db, mail_settings)
    code = _code(mail_server)
    wrong = "000000" if code != "000000" else "111111"
    path = f"/v1/dsar/{ticket['id']}/verify"
    for left in (4, 3, 2, 1, 0):
        body = assert_problem(client.post(path, json={"code": wrong}, headers=submit), 422)
        assert f"{left} attempt" in body["detail"]
    assert_problem(client.post(path, json={"code": code}, headers=submit), 409)
    # A new code only once the last one had time to arrive (issue 16: resends are spaced).
    with clock.frozen(start + timedelta(minutes=1)):
        assert client.post(f"/v1/dsar/{ticket['id']}/resend", headers=submit).status_code == 200
        deliver(db, mail_settings)
    new_code = _code(mail_server)
    if new_code != code:
        assert_problem(client.post(path, json={"code": code}, headers=submit), 422)
    assert client.post(path, json={"code": new_code}, headers=submit).json()["status"] == "open"


def test_expired_code_is_410(
    client: TestClient,
    db: Database,
    loaded: Register,
    submit: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    start = datetime(2026, 11, 1, 10, tzinfo=UTC)
    with clock.frozen(start):
        ticket = _open(client, submit).json()
    deliver(db, mail_settings)
    with clock.frozen(start + timedelta(hours=24, minutes=1)):
        response = client.post(
            f"/v1/dsar/{ticket['id']}/verify", json={"code": _code(mail_server)}, headers=submit
        )
    assert_problem(response, 410)


@pytest.mark.parametrize("code", ["12345", "abcdef", "1234567", ""])
def test_malformed_code_is_422(
    client: TestClient, loaded: Register, submit: dict[str, str], code: str
) -> None:
    ticket = _open(client, submit).json()
    assert_problem(
        client.post(f"/v1/dsar/{ticket['id']}/verify", json={"code": code}, headers=submit), 422
    )


def test_manager_may_open_a_verified_request_and_submitter_may_not(
    client: TestClient,
    db: Database,
    loaded: Register,
    submit: dict[str, str],
    manage: dict[str, str],
    mail_settings: Settings,
    mail_server: MailServer,
) -> None:
    assert_problem(_open(client, submit, verified=True), 422)
    ticket = _open(client, manage, verified=True, channel="live_chat").json()
    assert ticket["status"] == "open"
    assert ticket["verified_by"] == "ops-anna"
    deliver(db, mail_settings)
    assert mail_server.inbox.messages == []


def test_email_of_a_known_subject_links_the_request(
    client: TestClient,
    loaded: Register,
    submit: dict[str, str],
    manage: dict[str, str],
    make_key: Callable[..., str],
) -> None:
    client.put(
        "/v1/subjects/acct-9",
        json={"email": "Jan.Kowalski@Example.com"},
        headers=bearer(make_key("subjects:write")),
    )
    # The submitter is not told which account (issue 16: enumeration); staff see it.
    opened = _open(client, submit).json()
    assert opened["subject_id"] is None
    assert client.get(f"/v1/dsar/{opened['id']}", headers=manage).json()["subject_id"] == "acct-9"
    # An unknown id from a submitter is a hint, answered like any other (was a 404).
    assert _open(client, submit, subject_id="nobody").status_code == 201
    assert_problem(_open(client, manage, subject_id="nobody"), 404)


@pytest.mark.parametrize(
    "body",
    [
        {"type": "rectification"},
        {"type": "rectification", "details": {"corrections": {}}},
        {"type": "objection", "details": {"activity": "account"}},
        {"type": "objection", "details": {}},
        {"type": "forget-me"},
        {"channel": "carrier_pigeon"},
        {"email": "not-an-email"},
        {"details": {"blob": "x" * 9000}},
        {"property": "elsewhere"},
        {"property": ""},
    ],
)
def test_bad_requests_are_refused_and_nothing_is_stored(
    client: TestClient,
    db: Database,
    loaded: Register,
    submit: dict[str, str],
    manage: dict[str, str],
    body: dict[str, Any],
) -> None:
    response = _open(client, submit, **body)
    assert response.status_code == 422, response.text
    assert client.get("/v1/dsar", headers=manage).json()["items"] == []


def test_valid_objection_and_rectification_are_taken_in(
    client: TestClient, loaded: Register, submit: dict[str, str]
) -> None:
    objection = _open(client, submit, type="objection", details={"activity": "site_performance"})
    assert objection.status_code == 201
    rectification = _open(
        client,
        submit,
        type="rectification",
        details={"corrections": {"name": "Jan Kowalski-Nowak"}},
    )
    assert rectification.status_code == 201


def test_retry_with_the_same_idempotency_key_opens_one_request(
    client: TestClient, loaded: Register, submit: dict[str, str], manage: dict[str, str]
) -> None:
    headers = {**submit, "Idempotency-Key": "chat-4411"}
    first, second = _open(client, headers), _open(client, headers)
    assert first.json()["id"] == second.json()["id"]
    assert len(client.get("/v1/dsar", headers=manage).json()["items"]) == 1


def test_concurrent_retries_with_one_idempotency_key_open_one_request(
    live_server: LiveServer, loaded: Register, submit: dict[str, str], manage: dict[str, str]
) -> None:
    # The real server and real concurrency: the retries race inside the hot path, and the
    # loser's whole transaction (ticket, e-mail, audit entry) is rolled back.
    headers = {**submit, "Idempotency-Key": "chat-race"}
    body = {"type": "access", "email": "anna@example.com", "channel": "live_chat"}

    def post(_: int) -> httpx.Response:
        return httpx.post(f"{live_server.url}/v1/dsar", json=body, headers=headers, timeout=20)

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(post, range(6)))
    assert {a.status_code for a in answers} <= {201, 409}, [a.text for a in answers]
    created = {a.json()["id"] for a in answers if a.status_code == 201}
    assert len(created) == 1
    listed = httpx.get(f"{live_server.url}/v1/dsar", headers=manage).json()["items"]
    assert [t["id"] for t in listed] == list(created)
    assert not live_server.errors()


def test_illegal_transitions_are_409(
    client: TestClient, loaded: Register, submit: dict[str, str], manage: dict[str, str]
) -> None:
    pending = _open(client, submit).json()["id"]
    assert_problem(
        client.post(f"/v1/dsar/{pending}/assign", json={"assignee": "x"}, headers=manage), 409
    )
    assert_problem(
        client.post(f"/v1/dsar/{pending}/extend", json={"reason": "busy"}, headers=manage), 409
    )
    opened = _open(client, manage, verified=True).json()["id"]
    # Staff: a submitter that did not open the ticket is told it does not exist (issue 16).
    assert_problem(
        client.post(f"/v1/dsar/{opened}/verify", json={"code": "123456"}, headers=manage), 409
    )
    assert_problem(client.post(f"/v1/dsar/{opened}/resend", headers=manage), 409)
    assert_problem(client.post(f"/v1/dsar/{opened}/resend", headers=submit), 404)
    extend = {"reason": "many systems to search"}
    assert client.post(f"/v1/dsar/{opened}/extend", json=extend, headers=manage).status_code == 200
    assert_problem(client.post(f"/v1/dsar/{opened}/extend", json=extend, headers=manage), 409)
    reject = {"reason": "identity could not be confirmed"}
    assert client.post(f"/v1/dsar/{opened}/reject", json=reject, headers=manage).status_code == 200
    for action, body in (("reject", reject), ("assign", {"assignee": "x"}), ("extend", extend)):
        assert_problem(client.post(f"/v1/dsar/{opened}/{action}", json=body, headers=manage), 409)
    assert_problem(
        client.post("/v1/dsar/dsr_nope/assign", json={"assignee": "x"}, headers=manage), 404
    )


def test_extension_moves_the_deadline_and_tells_the_person_why(
    client: TestClient,
    db: Database,
    loaded: Register,
    manage: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    with clock.frozen(datetime(2026, 1, 31, 8, tzinfo=UTC)):
        ticket = _open(client, manage, verified=True, lang="en").json()
        extended = client.post(
            f"/v1/dsar/{ticket['id']}/extend",
            headers=manage,
            json={"reason": "We must search 14 archived systems."},
        ).json()
        deliver(db, mail_settings)
    assert ticket["due_at"] == "2026-02-28T08:00:00Z"
    assert extended["due_at"] == "2026-04-28T08:00:00Z"
    assert extended["extension_reason"] == "We must search 14 archived systems."
    [message] = mail_server.inbox.to(EMAIL)
    assert "more time" in message["Subject"]
    assert "14 archived systems" in message.get_content()
    assert "2026-04-28" in message.get_content()


@pytest.mark.parametrize(
    ("lang", "authority"),
    [("en", "Belgian Data Protection Authority"), ("pl", "Belgijski Urząd Ochrony Danych")],
)
def test_rejection_names_the_supervisory_authority_in_the_persons_language(
    client: TestClient,
    db: Database,
    loaded: Register,
    manage: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
    lang: str,
    authority: str,
) -> None:
    ticket = _open(client, manage, verified=True, lang=lang).json()
    client.post(
        f"/v1/dsar/{ticket['id']}/reject",
        headers=manage,
        json={"reason": "The request is manifestly unfounded."},
    )
    deliver(db, mail_settings)
    [message] = mail_server.inbox.to(EMAIL)
    content = message.get_content()
    assert authority in content
    assert "dataprotectionauthority.be" in content
    assert "manifestly unfounded" in content


@pytest.mark.parametrize("action", ["reject", "extend"])
def test_reasons_mailed_to_the_person_link_only_to_this_service(
    client: TestClient,
    db: Database,
    loaded: Register,
    manage: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
    action: str,
) -> None:
    # One dsar:manage key opens a request for any address: its reasons must not turn the
    # privacy address into a phishing channel (issue 28, as for breach notices).
    ticket = _open(client, manage, verified=True).json()
    for reason in (
        "Please confirm your identity at https://evil.example/login first.",
        "Sign in at onetagger-support.com/verify to continue.",
        "Write to help@evil.example with a copy of your passport.",
    ):
        response = client.post(
            f"/v1/dsar/{ticket['id']}/{action}", headers=manage, json={"reason": reason}
        )
        problem = assert_problem(response, 422)
        assert problem["type"].endswith("dsar-reason-foreign-link")
    assert client.get(f"/v1/dsar/{ticket['id']}", headers=manage).json()["status"] == "open"
    deliver(db, mail_settings)
    assert not [m for m in mail_server.inbox.to(EMAIL) if "evil" in m.get_content()]
    own = "Write to privacy@onetagger.com or see http://127.0.0.1:8000/privacy/ for your rights."
    response = client.post(
        f"/v1/dsar/{ticket['id']}/{action}", headers=manage, json={"reason": own}
    )
    assert response.status_code == 200, response.text


def test_operations_view_sorts_by_deadline_filters_overdue_and_pages(
    client: TestClient, loaded: Register, manage: dict[str, str]
) -> None:
    base = datetime(2026, 9, 1, tzinfo=UTC)
    ids = []
    for days, channel in ((10, "email"), (0, "app"), (20, "help_desk")):
        with clock.frozen(base + timedelta(days=days)):
            ids.append(_open(client, manage, verified=True, channel=channel).json()["id"])
    with clock.frozen(base + timedelta(days=45)):
        overdue = client.get("/v1/dsar?overdue=true", headers=manage).json()["items"]
        stats = client.get("/v1/dsar/stats", headers=manage).json()
    assert [t["id"] for t in overdue] == [ids[1], ids[0]]
    assert stats["overdue"] == 2
    assert stats["open_by_type"] == {"access": 3}
    first = client.get("/v1/dsar?limit=2", headers=manage).json()
    assert [t["id"] for t in first["items"]] == [ids[1], ids[0]]
    rest = client.get(f"/v1/dsar?limit=2&cursor={first['next_cursor']}", headers=manage).json()
    assert [t["id"] for t in rest["items"]] == [ids[2]]
    by_channel = client.get("/v1/dsar?channel=app", headers=manage).json()["items"]
    assert [t["id"] for t in by_channel] == [ids[1]]


def test_request_names_a_register_property_or_none_and_the_list_filters_by_it(
    client: TestClient, loaded: Register, submit: dict[str, str], manage: dict[str, str]
) -> None:
    on_app = _open(client, submit, property="app")
    unnamed = _open(client, submit, email="ewa@example.com")
    assert on_app.status_code == unnamed.status_code == 201, unnamed.text
    assert on_app.json()["property"] == "app"
    assert unnamed.json()["property"] is None
    listed = client.get("/v1/dsar", headers=manage).json()["items"]
    assert {t["id"]: t["property"] for t in listed} == {
        on_app.json()["id"]: "app",
        unnamed.json()["id"]: None,
    }
    by_property = client.get("/v1/dsar?property=app", headers=manage).json()["items"]
    assert [t["id"] for t in by_property] == [on_app.json()["id"]]
    assert client.get("/v1/dsar?property=help", headers=manage).json()["items"] == []
    assert_problem(client.get("/v1/dsar?property=elsewhere", headers=manage), 422)


def test_a_property_the_register_in_force_does_not_declare_is_refused(loaded: Register) -> None:
    narrower = loaded.spec.model_copy(update={"properties": {"site": "onetagger.com"}})
    check_property(narrower, "site")
    check_property(narrower, None)
    with pytest.raises(Unprocessable, match="'app' is not a property of the register"):
        check_property(narrower, "app")


def test_ticket_detail_has_history_and_notes_and_every_step_is_audited(
    client: TestClient, db: Database, loaded: Register, manage: dict[str, str]
) -> None:
    ticket = _open(client, manage, verified=True).json()["id"]
    client.post(f"/v1/dsar/{ticket}/assign", json={"assignee": "ops-piotr"}, headers=manage)
    client.post(f"/v1/dsar/{ticket}/notes", json={"text": "Called back."}, headers=manage)
    detail = client.get(f"/v1/dsar/{ticket}", headers=manage).json()
    assert detail["status"] == "in_progress"
    assert detail["assignee"] == "ops-piotr"
    assert [h["action"] for h in detail["history"]] == ["received", "verify", "assign", "note"]
    assert [n["text"] for n in detail["notes"]] == ["Called back."]
    with db.transaction(write=False) as session:
        actions = [e.action for e in audit.list_entries(session) if e.target == f"dsar/{ticket}"]
    assert actions == ["dsar.received", "dsar.verify", "dsar.assign", "dsar.note", "dsar.read"]


def test_mail_is_kept_while_smtp_is_down_and_sent_once_it_is_back(
    client: TestClient,
    db: Database,
    loaded: Register,
    submit: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    _open(client, submit)
    mail_server.stop()
    report = deliver(db, mail_settings)
    assert (report.sent, report.failed) == (0, 1)
    assert deliver(db, mail_settings).sent == 0  # waiting for its backoff
    mail_server.start()
    with clock.frozen(datetime.now(UTC) + timedelta(minutes=5)):
        assert deliver(db, mail_settings).sent == 1
        assert deliver(db, mail_settings).sent == 0
    assert len(mail_server.inbox.to(EMAIL)) == 1


def test_dsar_endpoints_need_their_scopes(
    client: TestClient, loaded: Register, submit: dict[str, str], make_key: Callable[..., str]
) -> None:
    assert_problem(_open(client, bearer(make_key("records:read"))), 403)
    assert_problem(client.get("/v1/dsar", headers=submit), 403)
    assert_problem(client.get("/v1/dsar"), 401)


def test_cli_delivers_the_outbox_once(
    client: TestClient,
    database_url: str,
    loaded: Register,
    submit: dict[str, str],
    mail_server: MailServer,
) -> None:
    _open(client, submit)
    result = run_cli(
        database_url,
        "outbox",
        "deliver",
        extra_env={
            "PRIVACY_API_SMTP_HOST": "127.0.0.1",
            "PRIVACY_API_SMTP_PORT": str(mail_server.port),
        },
    )
    assert result.returncode == 0, result.stderr
    assert "1 sent" in result.stdout
    assert len(mail_server.inbox.to(EMAIL)) == 1


def test_worker_process_sends_mail_as_it_comes(
    client: TestClient,
    database_url: str,
    loaded: Register,
    submit: dict[str, str],
    mail_server: MailServer,
) -> None:
    env = process_env(
        database_url,
        PRIVACY_API_SMTP_HOST="127.0.0.1",
        PRIVACY_API_SMTP_PORT=str(mail_server.port),
        PRIVACY_API_WORKER_INTERVAL_SECONDS="0.2",
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "privacy_api.cli", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _open(client, submit)
        deadline = time.monotonic() + 15
        while not mail_server.inbox.to(EMAIL) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(mail_server.inbox.to(EMAIL)) == 1
    finally:
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=10) == 0
