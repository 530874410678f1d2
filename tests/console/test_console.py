"""The console at /console/: who may sign in, see and do what, and that every action is
the services' own, audited under the key's name (both backends, through the real app)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from consolekit import csrf_of, logs_past_retention, open_ticket, sign_in
from factories import bearer, record
from privacy_api.audit.models import AuditEntry
from privacy_api.console import session as console_session
from privacy_api.core.data.db import Database
from privacy_api.core.security import apikeys, csrf
from privacy_api.core.time import clock
from privacy_api.dsar import deadlines
from privacy_api.dsar.models import DsarNote, DsarTicket
from privacy_api.records.models import Record
from privacy_api.register.service import Register
from privacy_api.retention.models import RetentionRun
from privacy_api.subjects.models import Subject

MakeKey = Callable[..., str]


def _cookie_header(response: httpx.Response, name: str) -> str:
    headers = response.headers.get_list("set-cookie")
    return next(h for h in headers if h.startswith(f"{name}="))


def test_sign_in_sets_a_strict_httponly_eight_hour_cookie_that_holds_no_key(
    client: TestClient, loaded: Register, make_key: MakeKey
) -> None:
    key = make_key("admin", name="ops-anna")
    response = sign_in(client, key)
    assert response.status_code == 303
    cookie = _cookie_header(response, console_session.COOKIE)
    lowered = cookie.lower()
    assert "httponly" in lowered
    assert "samesite=strict" in lowered
    assert "max-age=28800" in lowered
    assert "path=/console" in lowered
    secret_part = key.split("_", 2)[2]
    assert secret_part not in cookie
    assert key not in cookie
    page = client.get("/console/queue")
    assert page.status_code == 200
    assert "Signed in as <strong>ops-anna</strong>" in page.text


def test_the_session_cookie_is_secure_on_https(
    settings: object, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    from privacy_api.app import create_app

    app = create_app(settings, db=db)  # type: ignore[arg-type]
    with TestClient(app, base_url="https://console.onetagger.test") as secure_client:
        response = sign_in(secure_client, make_key("admin"))
        assert "secure" in _cookie_header(response, console_session.COOKIE).lower()


def test_unknown_key_or_missing_token_does_not_sign_in(
    client: TestClient, loaded: Register, make_key: MakeKey
) -> None:
    refused = sign_in(client, "pak_abcdefghij_" + "x" * 43)
    assert refused.status_code == 401
    assert "unknown or revoked" in refused.text
    assert console_session.COOKIE not in refused.headers.get("set-cookie", "")
    no_token = client.post(
        "/console/sign-in", data={"key": make_key("admin")}, follow_redirects=False
    )
    assert no_token.status_code == 403
    assert console_session.COOKIE not in no_token.headers.get("set-cookie", "")


def test_signed_out_visitors_are_sent_to_sign_in(client: TestClient, loaded: Register) -> None:
    for path in ("/console/", "/console/queue", "/console/retention", "/console/audit"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"] == "/console/sign-in"


def test_a_forged_or_altered_session_cookie_is_not_a_session(
    client: TestClient, loaded: Register, make_key: MakeKey
) -> None:
    sign_in(client, make_key("admin"))
    value = client.cookies.get(console_session.COOKIE)
    assert value is not None
    version, key_id, expires, nonce, mac = value.split(".")
    for forged in (
        f"{version}.{key_id}.{int(expires) + 86400}.{nonce}.{mac}",  # longer life
        f"{version}.{'a' * 10}.{expires}.{nonce}.{mac}",  # another key
        f"{version}.{key_id}.{expires}.{nonce}.{'0' * 64}",
        f"{version}.{key_id}.{expires}.{mac}",
    ):
        client.cookies.set(console_session.COOKIE, forged, path="/console")
        response = client.get("/console/queue", follow_redirects=False)
        assert response.status_code == 303, forged


def test_revoking_the_key_ends_its_console_session(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    sign_in(client, make_key("admin", name="leaver"))
    assert client.get("/console/queue").status_code == 200
    with db.transaction() as session:
        apikeys.revoke_key(session, name="leaver")
    response = client.get("/console/queue", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/console/sign-in"


def test_a_narrower_key_sees_fewer_sections_and_is_refused_their_actions(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    admin = make_key("admin")
    ticket_id = open_ticket(client, admin)
    sign_in(client, make_key("consent:read", name="analyst"))
    page = client.get("/console/consent")
    assert page.status_code == 200
    assert 'href="/console/consent"' in page.text
    assert 'href="/console/queue"' not in page.text
    assert 'href="/console/retention"' not in page.text
    token = csrf_of(page.text)
    assert client.get("/console/queue").status_code == 403
    assert client.get(f"/console/tickets/{ticket_id}").status_code == 403
    refused = client.post(
        f"/console/tickets/{ticket_id}/reject",
        data={"csrf_token": token, "reason": "Manifestly unfounded request"},
        follow_redirects=False,
    )
    assert refused.status_code == 403
    ran = client.post(
        "/console/retention", data={"csrf_token": token, "mode": "dry_run"}, follow_redirects=False
    )
    assert ran.status_code == 403
    with db.transaction() as session:
        assert session.get(DsarTicket, ticket_id).status == "open"  # type: ignore[union-attr]
        assert session.scalar(select(RetentionRun.id)) is None


def test_a_form_without_its_csrf_token_changes_nothing(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    admin = make_key("admin")
    ticket_id = open_ticket(client, admin)
    sign_in(client, admin)
    for data in ({"text": "no token"}, {"text": "wrong token", "csrf_token": "0" * 64}):
        response = client.post(
            f"/console/tickets/{ticket_id}/note", data=data, follow_redirects=False
        )
        assert response.status_code == 403
    with db.transaction() as session:
        assert session.scalar(select(DsarNote.id)) is None


def test_a_token_from_another_session_is_refused(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    admin = make_key("admin")
    ticket_id = open_ticket(client, admin)
    sign_in(client, admin)
    old_token = csrf_of(client.get(f"/console/tickets/{ticket_id}").text)
    client.post("/console/sign-out", data={"csrf_token": old_token})
    sign_in(client, admin)  # a new session: the old page's forms no longer count
    response = client.post(
        f"/console/tickets/{ticket_id}/note",
        data={"text": "replayed", "csrf_token": old_token},
        follow_redirects=False,
    )
    assert response.status_code == 403


def test_sign_in_attempts_are_limited_per_client(
    client: TestClient, loaded: Register, make_key: MakeKey
) -> None:
    statuses = [sign_in(client, f"pak_abcdefghij_{n:043d}").status_code for n in range(10)]
    assert statuses == [401] * 10
    good = make_key("admin")
    assert sign_in(client, good).status_code == 429  # even the right key waits


def test_work_a_ticket_every_step_audited_under_the_keys_name(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    admin = make_key("admin", name="ops-bart")
    ticket_id = open_ticket(client, admin)
    sign_in(client, admin)
    page = client.get(f"/console/tickets/{ticket_id}")
    token = csrf_of(page.text)
    for action, data in (
        ("assign", {"assignee": "bart"}),
        ("note", {"text": "Called the person back."}),
        ("fulfil", {}),
    ):
        response = client.post(
            f"/console/tickets/{ticket_id}/{action}",
            data={"csrf_token": token, **data},
            follow_redirects=False,
        )
        assert response.status_code == 303, (action, response.text)
        assert response.headers["location"] == f"/console/tickets/{ticket_id}?done={action}"
    with db.transaction() as session:
        ticket = session.get(DsarTicket, ticket_id)
        assert ticket is not None
        assert ticket.status == "completed"
        assert ticket.assignee == "bart"
        actions = set(
            session.scalars(select(AuditEntry.action).where(AuditEntry.actor == "ops-bart"))
        )
    assert {"console.signed_in", "dsar.assign", "dsar.note", "dsar.complete"} <= actions


def test_refusals_show_the_services_reason_and_change_nothing(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    admin = make_key("admin")
    ticket_id = open_ticket(client, admin)
    with db.transaction() as session:  # received five weeks ago: past the first month
        session.execute(
            update(DsarTicket)
            .where(DsarTicket.id == ticket_id)
            .values(received_at=clock.now() - timedelta(days=35))
        )
    sign_in(client, admin)
    page = client.get(f"/console/tickets/{ticket_id}")
    assert "can no longer be extended" in page.text
    assert "Extend by two months" not in page.text
    token = csrf_of(page.text)
    late = client.post(
        f"/console/tickets/{ticket_id}/extend",
        data={"csrf_token": token, "reason": "Many requests at once"},
    )
    assert late.status_code == 409
    assert "within one month of receipt" in late.text
    short = client.post(
        f"/console/tickets/{ticket_id}/reject", data={"csrf_token": token, "reason": "no"}
    )
    assert short.status_code == 422
    with db.transaction() as session:
        ticket = session.get(DsarTicket, ticket_id)
        assert ticket is not None
        assert ticket.extended_at is None
        assert ticket.status == "open"


def test_the_queue_marks_overdue_and_due_soon_and_counts_them(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    admin = make_key("admin")
    late = open_ticket(client, admin, email="late@example.com")
    soon = open_ticket(client, admin, email="soon@example.com")
    later = open_ticket(client, admin, email="later@example.com")
    now = clock.now()
    with db.transaction() as session:
        for ticket_id, due in ((late, now - timedelta(days=1)), (soon, now + timedelta(days=3))):
            session.execute(update(DsarTicket).where(DsarTicket.id == ticket_id).values(due_at=due))
    sign_in(client, admin)
    page = client.get("/console/queue").text
    assert page.index(late) < page.index(soon) < page.index(later)  # by due date
    assert "<strong>1</strong> overdue" in page
    assert "<strong>1</strong> due within 7 days" in page
    assert page.count('class="row-overdue"') == 1
    assert page.count('class="row-due_soon"') == 1
    overdue_only = client.get("/console/queue?overdue=true").text
    assert late in overdue_only
    assert soon not in overdue_only
    typed = client.get("/console/queue?type=erasure").text
    assert late not in typed
    assert "No request matches" in typed
    assert client.get("/console/queue?status=bogus").status_code == 422


def test_the_queue_filters_by_the_registers_properties(
    client: TestClient, loaded: Register, make_key: MakeKey
) -> None:
    admin = make_key("admin")
    on_help = open_ticket(client, admin, email="help@example.com", property_="help")
    on_site = open_ticket(client, admin, email="site@example.com", property_="site")
    unnamed = open_ticket(client, admin, email="none@example.com")
    sign_in(client, admin)
    page = client.get("/console/queue").text
    offered = re.findall(r'<option value="(\w+)"', page.split('id="f-property"', 1)[1])
    assert offered[: len(loaded.spec.properties)] == list(loaded.spec.properties)
    assert all(t in page for t in (on_help, on_site, unnamed))
    help_only = client.get("/console/queue?property=help").text
    assert on_help in help_only
    assert on_site not in help_only
    assert unnamed not in help_only
    assert '<option value="help" selected>' in help_only  # the form keeps the filter
    assert client.get("/console/queue?property=elsewhere").status_code == 422


def test_the_erasure_preview_changes_nothing(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    admin = make_key("admin")
    person = {"email": "erin@example.com", "name": "Erin"}
    assert client.put("/v1/subjects/s-erin", json=person, headers=bearer(admin)).status_code == 201
    sent = client.post("/v1/records", json=record("s-erin"), headers=bearer(admin))
    assert sent.status_code == 201, sent.text
    ticket_id = open_ticket(client, admin, type_="erasure", email="erin@example.com")
    sign_in(client, admin)
    page = client.get(f"/console/tickets/{ticket_id}")
    assert page.status_code == 200
    assert "Right now it would" in page.text
    # The one irreversible click on the console says so, in the colour of danger.
    assert '<button type="submit" class="danger">Erase now (cannot be undone)</button>' in page.text
    # The account record shows as going (erased or anonymised), and is still there.
    row = re.search(
        r"<tr><td>Creating and maintaining the user account</td><td>records</td>(.*?)</tr>",
        page.text,
    )
    assert row is not None
    assert re.search(r'<td class="num">1</td>', row.group(1))
    with db.transaction() as session:
        subject = session.get(Subject, "s-erin")
        assert subject is not None
        assert subject.erased_at is None
        assert subject.email is not None
        assert session.scalar(select(func.count()).select_from(Record)) == 1
        assert session.scalar(select(AuditEntry.seq).where(AuditEntry.actor == "preview")) is None


def test_a_retention_run_that_changes_data_needs_the_confirm_count(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    logs_past_retention(db, "s-gone", 5)
    sign_in(client, make_key("retention:run", name="sweeper"))
    page = client.get("/console/retention")
    assert page.status_code == 200
    assert "<title>server_logs: 5</title>" in page.text  # the chart's bar, with its number
    assert "rules: <strong>5</strong>" in page.text  # the guard's confirm count
    token = csrf_of(page.text)
    unconfirmed = client.post("/console/retention", data={"csrf_token": token, "mode": "run"})
    assert unconfirmed.status_code == 409
    wrong = client.post(
        "/console/retention", data={"csrf_token": token, "mode": "run", "confirm_count": "999"}
    )
    assert wrong.status_code == 409
    assert "confirmation was for 999" in wrong.text
    for odd in ("²", "-5", "5e0", " ", "9" * 40):
        strange = client.post(
            "/console/retention", data={"csrf_token": token, "mode": "run", "confirm_count": odd}
        )
        assert strange.status_code == 409, odd
        assert "needs the number to confirm" in strange.text
    dry = client.post(
        "/console/retention", data={"csrf_token": token, "mode": "dry_run"}, follow_redirects=False
    )
    assert dry.status_code == 303
    assert session_count(db, Record) == 5
    ran = client.post(
        "/console/retention",
        data={"csrf_token": token, "mode": "run", "confirm_count": "5"},
        follow_redirects=False,
    )
    assert ran.status_code == 303
    assert session_count(db, Record) == 0
    with db.transaction() as session:
        runs = list(session.scalars(select(RetentionRun).order_by(RetentionRun.id)))
    assert [(r.dry_run, r.status, r.actor) for r in runs] == [
        (False, "refused", "sweeper"),
        (True, "completed", "sweeper"),
        (False, "completed", "sweeper"),
    ]
    history = client.get(ran.headers["location"]).text
    assert "Nothing is due" in history


def session_count(db: Database, model: type) -> int:
    with db.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_sign_out_ends_the_session(client: TestClient, loaded: Register, make_key: MakeKey) -> None:
    sign_in(client, make_key("admin"))
    token = csrf_of(client.get("/console/policy").text)
    out = client.post("/console/sign-out", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    assert client.get("/console/policy", follow_redirects=False).status_code == 303


def test_a_cookie_kept_from_before_sign_out_is_no_session(
    client: TestClient, loaded: Register, make_key: MakeKey
) -> None:
    # A copy of the cookie (a shared machine, a proxy's log, a stolen backup) must not
    # outlive the sign-out: the session ends on the server, not only in this browser.
    sign_in(client, make_key("admin"))
    kept = client.cookies.get(console_session.COOKIE)
    assert kept is not None
    token = csrf_of(client.get("/console/policy").text)
    client.post("/console/sign-out", data={"csrf_token": token}, follow_redirects=False)
    client.cookies.set(console_session.COOKIE, kept, path="/console")
    replayed = client.get("/console/queue", follow_redirects=False)
    assert replayed.status_code == 303
    assert replayed.headers["location"] == "/console/sign-in"
    # Another session of the same key goes on: sign-out ends this one only.
    sign_in(client, make_key("admin", name="colleague"))
    assert client.get("/console/queue").status_code == 200


def test_signing_a_session_out_twice_is_one_row_and_old_sign_outs_are_purged(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    # Two sign-out requests of one session can race (a double click): the second must not
    # collide with the first; rows of cookies that have expired anyway are forgotten.
    sign_in(client, make_key("admin"))
    value = client.cookies.get(console_session.COOKIE)
    assert value is not None
    op = console_session.Operator(apikeys.Caller("x", frozenset()), value)
    with db.transaction() as session:
        session.add(
            apikeys.ConsoleSignOut(
                session_mac="0" * 64, expires_at=clock.now() - timedelta(seconds=1)
            )
        )
    fake = type("Request", (), {"app": client.app})()  # end() reads only the app's key
    for _ in range(2):
        with db.transaction() as session:
            console_session.end(fake, session, op)
    with db.transaction(write=False) as session:
        macs = session.scalars(select(apikeys.ConsoleSignOut.session_mac)).all()
    assert macs == [value.rsplit(".", 1)[1]]


def test_the_session_cookie_is_secure_when_the_public_address_is_https(
    settings: Any, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    # Behind a TLS-terminating proxy whose X-Forwarded-Proto is not trusted (or not sent),
    # the app sees http; the cookie must still never travel in clear.
    from privacy_api.app import create_app

    app = create_app(
        settings.model_copy(update={"public_base_url": "https://privacy.onetagger.test"}), db=db
    )
    with TestClient(app, base_url="http://10.0.0.5:8000") as behind_proxy:
        page = behind_proxy.get("/console/sign-in")
        nonce_cookie = _cookie_header(page, csrf.COOKIE)
        assert "secure" in nonce_cookie.lower()
        # The client holds Secure cookies back on http, as a browser would: send it by hand.
        behind_proxy.cookies.set(csrf.COOKIE, nonce_cookie.split(";")[0].split("=", 1)[1])
        response = behind_proxy.post(
            "/console/sign-in",
            data={"key": make_key("admin"), "csrf_token": csrf_of(page.text)},
            follow_redirects=False,
        )
        assert response.status_code == 303
        assert "secure" in _cookie_header(response, console_session.COOKIE).lower()


def test_the_extend_form_says_the_deadline_it_would_set(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    # "until <the date the first month ends>" read as the new deadline, which it is not.
    admin = make_key("admin")
    ticket_id = open_ticket(client, admin)
    sign_in(client, admin)
    page = re.sub(r"<[^>]+>", "", client.get(f"/console/tickets/{ticket_id}").text)
    with db.transaction(write=False) as session:
        ticket = session.get(DsarTicket, ticket_id)
        assert ticket is not None
        due = clock.as_utc(ticket.due_at).date().isoformat()
        extended = deadlines.extended_due_date(clock.as_utc(ticket.due_at)).date().isoformat()
    assert f"from {due} to {extended}" in page


def test_consent_dates_at_the_calendars_ends_are_no_server_error(
    client: TestClient, loaded: Register, make_key: MakeKey
) -> None:
    sign_in(client, make_key("consent:read"))
    for query in (
        "until=0001-01-05",
        "since=0001-01-01&until=0001-01-02",
        "since=9999-12-30&until=9999-12-31",
        "until=9999-12-31",
    ):
        for path in ("/console/consent", "/console/consent.csv"):
            response = client.get(f"{path}?{query}")
            assert response.status_code in (200, 422), (path, query, response.status_code)


def test_pages_carry_the_strict_policy_and_the_stylesheet_is_ours(
    client: TestClient, loaded: Register, make_key: MakeKey
) -> None:
    sign_in(client, make_key("admin"))
    for path in ("/console/queue", "/console/retention", "/console/consent", "/console/audit"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "default-src 'none'" in response.headers["content-security-policy"]
        assert response.headers["cache-control"] == "no-store"
    css = client.get("/console/console.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")


def test_audit_page_verifies_the_chain_and_lists_a_subjects_entries(
    client: TestClient, loaded: Register, make_key: MakeKey
) -> None:
    admin = make_key("admin")
    person = {"email": "olga@example.com", "name": "Olga"}
    assert client.put("/v1/subjects/s-olga", json=person, headers=bearer(admin)).status_code == 201
    sign_in(client, make_key("audit:read", name="auditor"))
    page = client.get("/console/audit?check=true&subject=s-olga")
    assert page.status_code == 200
    assert "The chain is intact" in page.text
    assert "<td>subject/s-olga</td>" in page.text
    assert 'href="/console/queue"' not in page.text  # audit:read alone: no requests


def test_consent_csv_holds_the_reports_numbers_and_needs_consent_read(
    client: TestClient, loaded: Register, make_key: MakeKey
) -> None:
    for purposes in ({"analytics": True}, {"analytics": True}, {"analytics": False}):
        put = client.put(
            f"/v1/consent/visitors/{uuid.uuid4()}", json={"purposes": purposes, "property": "site"}
        )
        assert put.status_code in (200, 201), put.text
    sign_in(client, make_key("dsar:manage"))
    assert client.get("/console/consent.csv").status_code == 403
    client.cookies.clear()
    sign_in(client, make_key("consent:read"))
    response = client.get("/console/consent.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert lines[0] == "day,purpose,grants,denials,withdrawals"
    assert f"{clock.now().date().isoformat()},analytics,2,1,0" in lines


def test_unknown_or_hostile_ticket_ids_are_refused_without_a_trace_of_others(
    client: TestClient, loaded: Register, make_key: MakeKey
) -> None:
    sign_in(client, make_key("admin"))
    token = csrf_of(client.get("/console/policy").text)
    missing = client.get("/console/tickets/dsr_doesnotexist")
    assert missing.status_code == 404
    assert "no rights request" in missing.text.lower()
    acted = client.post(
        "/console/tickets/dsr_doesnotexist/note", data={"csrf_token": token, "text": "x"}
    )
    assert acted.status_code == 404
    for hostile in ("a%2Fb", "<script>", "x" * 65):
        assert client.get(f"/console/tickets/{hostile}").status_code in (404, 405, 422), hostile
    assert client.post("/console/tickets/dsr_x/delete", data={"csrf_token": token}).status_code in (
        404,
        405,
        422,
    )


def test_orders_waiting_downstream_are_listed_and_a_ticket_closed_with_a_reason(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    admin = make_key("admin", name="ops-cleo")
    system = client.post(
        "/v1/systems",
        headers=bearer(admin),
        json={"name": "app-backend", "property": "app", "webhook_url": "http://127.0.0.1:9/h"},
    )
    assert system.status_code == 201, system.text
    person = {"email": "finn@example.com", "name": "Finn"}
    assert client.put("/v1/subjects/s-finn", json=person, headers=bearer(admin)).status_code == 201
    ticket_id = open_ticket(client, admin, type_="erasure", email="finn@example.com")
    sign_in(client, admin)
    token = csrf_of(client.get(f"/console/tickets/{ticket_id}").text)
    fulfilled = client.post(
        f"/console/tickets/{ticket_id}/fulfil", data={"csrf_token": token}, follow_redirects=False
    )
    assert fulfilled.status_code == 303
    page = client.get(f"/console/tickets/{ticket_id}").text
    assert "Waiting for downstream systems" in page
    waiting = client.get("/console/downstream").text
    assert "<strong>1</strong> app-backend" in waiting
    assert f'href="/console/tickets/{ticket_id}"' in waiting
    closed = client.post(
        f"/console/tickets/{ticket_id}/close",
        data={"csrf_token": token, "reason": "The app back end was retired last week."},
        follow_redirects=False,
    )
    assert closed.status_code == 303
    with db.transaction() as session:
        ticket = session.get(DsarTicket, ticket_id)
        assert ticket is not None
        assert ticket.status == "completed"
        assert ticket.result is not None
        assert ticket.result["closed_by_operator"] == "The app back end was retired last week."


def test_the_queue_pages_by_due_date_keeping_its_filters(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    now = clock.now()
    with db.transaction() as session:
        session.add_all(
            DsarTicket(
                id=f"dsr_page{i:03d}",
                type="access" if i % 2 else "erasure",
                email=f"p{i}@example.com",
                email_hash=f"{i:064x}",
                channel="email",
                details={},
                lang="en",
                status="open",
                received_at=now,
                due_at=now + timedelta(days=10, minutes=i),
                created_by="test",
            )
            for i in range(120)
        )
    sign_in(client, make_key("admin"))
    first = client.get("/console/queue?type=access").text
    shown = re.findall(r'href="/console/tickets/(dsr_page\d+)"', first)
    assert shown == [f"dsr_page{i:03d}" for i in range(1, 101, 2)]
    next_link = re.search(r'href="/console/queue\?([^"]+)">Next page', first)
    assert next_link is not None
    assert "type=access" in next_link.group(1)
    second = client.get(f"/console/queue?{next_link.group(1).replace('&amp;', '&')}").text
    rest = re.findall(r'href="/console/tickets/(dsr_page\d+)"', second)
    assert rest == [f"dsr_page{i:03d}" for i in range(101, 120, 2)]
    assert "Next page" not in second
    assert "First page" in second
    assert client.get("/console/queue?cursor=not-a-cursor").status_code == 400
