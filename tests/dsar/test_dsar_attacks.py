"""Rights requests as an attacker tries them (issue 16): hijacked tickets, guessed codes,
mail bombs, intake floods, enumeration, existence leaks and forged package links."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from conftest import serving
from factories import assert_problem, bearer, record
from mailserver import MailServer
from privacy_api.app import create_app
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.security import tokens
from privacy_api.core.time import clock
from privacy_api.dsar.models import DsarTicket
from privacy_api.outbox.mail import SmtpSender
from privacy_api.outbox.models import OutboxMessage
from privacy_api.outbox.worker import deliver_due
from privacy_api.register.service import Register
from privacy_api.subjects.models import Subject

VICTIM, VICTIM_EMAIL = "acct-victim", "victim@example.com"
ATTACKER_EMAIL = "mallory@example.net"


@pytest.fixture
def mail_settings(settings: Settings, mail_server: MailServer) -> Settings:
    return settings.model_copy(update={"smtp_port": mail_server.port})


@pytest.fixture
def staff(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("admin", name="ops-staff"))


@pytest.fixture
def front(make_key: Callable[..., str]) -> dict[str, str]:
    """A front end holding dsar:submit: what an attacker reaches through a public form."""
    return bearer(make_key("dsar:submit", name="front-end"))


@pytest.fixture
def victim(client: TestClient, loaded: Register, staff: dict[str, str]) -> str:
    person = {"email": VICTIM_EMAIL, "name": "Victoria Victim"}
    assert client.put(f"/v1/subjects/{VICTIM}", json=person, headers=staff).status_code == 201
    batch = {"records": [record(VICTIM, data={"secret": "victim-only"})]}
    assert client.post("/v1/records/batch", json=batch, headers=staff).status_code == 201
    return VICTIM


def _open(client: TestClient, headers: dict[str, str], **body: Any) -> Any:
    payload = {"type": "access", "email": ATTACKER_EMAIL, "channel": "app", **body}
    return client.post("/v1/dsar", json=payload, headers=headers)


def _code(db: Database, settings: Settings, mail_server: MailServer, to: str) -> str:
    deliver_due(db, channel="mail", sender=SmtpSender(settings))
    found = re.search(r"^\s+(\d{6})\s*$", mail_server.inbox.to(to)[-1].get_content(), re.M)
    assert found
    return found.group(1)


def _stored(db: Database, model: Any) -> int:
    with db.transaction(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _hijack(
    client: TestClient,
    db: Database,
    mail_settings: Settings,
    mail_server: MailServer,
    front: dict[str, str],
    **body: Any,
) -> str:
    """The attack of issue 16 item 1: the attacker's address, the victim's account id, the
    code read from the attacker's own mailbox."""
    opened = _open(client, front, subject_id=VICTIM, **body)
    assert opened.status_code == 201, opened.text
    ticket: str = opened.json()["id"]
    code = _code(db, mail_settings, mail_server, ATTACKER_EMAIL)
    verified = client.post(f"/v1/dsar/{ticket}/verify", json={"code": code}, headers=front)
    assert verified.status_code == 200, verified.text
    return ticket


def test_hijacked_access_request_never_reaches_the_victims_data(
    client: TestClient,
    db: Database,
    victim: str,
    front: dict[str, str],
    staff: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    ticket = _hijack(client, db, mail_settings, mail_server, front)
    assert client.get(f"/v1/dsar/{ticket}", headers=staff).json()["subject_id"] is None
    done = client.post(f"/v1/dsar/{ticket}/fulfil", headers=staff).json()
    assert done["result"] == {"outcome": "no_data_held"}
    deliver_due(db, channel="mail", sender=SmtpSender(mail_settings))
    # No package link (every mail carries the status link, which shows no data).
    mails = mail_server.inbox.to(ATTACKER_EMAIL)
    assert mails
    assert all("package?token=" not in m.get_content() for m in mails)


def test_hijacked_erasure_leaves_the_victim_alone(
    client: TestClient,
    db: Database,
    victim: str,
    front: dict[str, str],
    staff: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    ticket = _hijack(client, db, mail_settings, mail_server, front, type="erasure")
    assert client.post(f"/v1/dsar/{ticket}/fulfil", headers=staff).status_code == 200
    with db.transaction(write=False) as session:
        subject = session.get(Subject, VICTIM)
        assert subject is not None
        assert (subject.email, subject.erased_at) == (VICTIM_EMAIL, None)


def test_hijacked_rectification_cannot_take_the_account_over(
    client: TestClient,
    db: Database,
    victim: str,
    front: dict[str, str],
    staff: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    details = {"corrections": {"email": ATTACKER_EMAIL}}
    ticket = _hijack(
        client, db, mail_settings, mail_server, front, type="rectification", details=details
    )
    client.post(f"/v1/dsar/{ticket}/fulfil", headers=staff)
    with db.transaction(write=False) as session:
        subject = session.get(Subject, VICTIM)
        assert subject is not None
        assert subject.email == VICTIM_EMAIL


def test_fulfilment_refuses_when_the_address_no_longer_belongs_to_the_subject(
    client: TestClient,
    db: Database,
    victim: str,
    front: dict[str, str],
    staff: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    opened = _open(client, front, email=VICTIM_EMAIL).json()
    code = _code(db, mail_settings, mail_server, VICTIM_EMAIL)
    client.post(f"/v1/dsar/{opened['id']}/verify", json={"code": code}, headers=front)
    assert client.get(f"/v1/dsar/{opened['id']}", headers=staff).json()["subject_id"] == VICTIM
    # The account moved to another address after the request was made from the old one.
    moved = {"email": "victoria.new@example.com"}
    assert client.put(f"/v1/subjects/{VICTIM}", json=moved, headers=staff).status_code == 200
    body = assert_problem(client.post(f"/v1/dsar/{opened['id']}/fulfil", headers=staff), 409)
    assert body["type"].endswith("/dsar-subject-binding")
    assert client.get(f"/v1/dsar/{opened['id']}", headers=staff).json()["status"] == "open"


def _shape(answer: Any) -> dict[str, Any]:
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return {k: v for k, v in body.items() if k not in ("id", "received_at", "due_at")}


def test_intake_answers_alike_for_matching_unknown_and_mismatched_subject_hints(
    client: TestClient, victim: str, front: dict[str, str]
) -> None:
    with clock.frozen(datetime(2026, 11, 30, 12, tzinfo=UTC)):
        matching = _open(client, front, email=VICTIM_EMAIL, subject_id=VICTIM)
        unknown = _open(client, front, email=VICTIM_EMAIL, subject_id="acct-nobody")
        plain = _open(client, front, email=VICTIM_EMAIL)
    assert _shape(matching) == _shape(unknown) == _shape(plain)
    assert _shape(matching)["subject_id"] is None
    mismatched = _open(client, front, subject_id=VICTIM)
    nobody = _open(client, front, subject_id="acct-nobody")
    assert _shape(mismatched) == _shape(nobody)


def test_staff_may_still_link_explicitly_and_see_the_subject(
    client: TestClient, victim: str, staff: dict[str, str]
) -> None:
    opened = _open(client, staff, subject_id=VICTIM, verified=True)
    assert opened.json()["subject_id"] == VICTIM
    assert_problem(_open(client, staff, subject_id="acct-nobody", verified=True), 404)


def test_codes_cannot_be_guessed_across_resends(
    client: TestClient,
    db: Database,
    loaded: Register,
    front: dict[str, str],
    staff: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    start = datetime(2026, 11, 30, 12, tzinfo=UTC)
    with clock.frozen(start):
        ticket = _open(client, front).json()["id"]
    code = _code(db, mail_settings, mail_server, ATTACKER_EMAIL)
    wrong = "000000" if code != "000000" else "111111"
    path = f"/v1/dsar/{ticket}/verify"
    for cycle in range(2):  # two codes, five wrong guesses each: the lifetime cap of ten
        with clock.frozen(start + timedelta(minutes=2 * cycle)):
            if cycle:
                assert client.post(f"/v1/dsar/{ticket}/resend", headers=front).status_code == 200
            for _ in range(5):
                assert_problem(client.post(path, json={"code": wrong}, headers=front), 422)
    with clock.frozen(start + timedelta(minutes=10)):
        refused = assert_problem(client.post(f"/v1/dsar/{ticket}/resend", headers=front), 409)
        assert refused["type"].endswith("/dsar-code-locked")
        code = _code(db, mail_settings, mail_server, ATTACKER_EMAIL)
        locked = assert_problem(client.post(path, json={"code": code}, headers=front), 409)
        assert locked["type"].endswith("/dsar-code-locked")
        assert "staff" in locked["detail"]
        # Staff can still act: a new code from them starts the count again.
        assert client.post(f"/v1/dsar/{ticket}/resend", headers=staff).status_code == 200
        code = _code(db, mail_settings, mail_server, ATTACKER_EMAIL)
        assert client.post(path, json={"code": code}, headers=front).json()["status"] == "open"


def test_codes_tried_for_one_mailbox_are_limited_over_all_its_tickets(
    db: Database,
    loaded: Register,
    front: dict[str, str],
    staff: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
) -> None:
    """Each ticket's own cap is no bound when anyone can open more tickets for the victim's
    address (5 an hour, 10 wrong codes each): the mailbox has a daily budget of tries over
    all its tickets, whatever spelling of the address each was opened with."""
    tight = mail_settings.model_copy(
        update={"dsar_code_tries_per_address": 3, "dsar_code_hours": 48}
    )
    start = datetime(2026, 11, 30, 12, tzinfo=UTC)
    with TestClient(create_app(tight, db=db), raise_server_exceptions=False) as client:
        with clock.frozen(start):
            first = _open(client, front, email=VICTIM_EMAIL).json()["id"]
            second = _open(client, front, email="Victim+x@example.com").json()["id"]
        code = _code(db, tight, mail_server, "Victim+x@example.com")
        wrong = "000000" if code != "000000" else "111111"
        with clock.frozen(start + timedelta(minutes=1)):
            for ticket in (first, first, second):
                answer = client.post(
                    f"/v1/dsar/{ticket}/verify", json={"code": wrong}, headers=front
                )
                assert_problem(answer, 422)
            # The right code of a ticket that still has tries of its own: refused, unjudged.
            right = client.post(f"/v1/dsar/{second}/verify", json={"code": code}, headers=front)
            problem = assert_problem(right, 429)
            assert problem["type"].endswith("/dsar-code-tries-limited")
            assert right.headers["Retry-After"] == str(24 * 3600)  # from the first try
            # A flood cannot shut the person out for good: staff are not counted.
            held = _open(client, front, email=VICTIM_EMAIL).json()["id"]
            helped = client.post(f"/v1/dsar/{held}/resend", headers=staff)
            assert helped.status_code == 200
            staff_code = _code(db, tight, mail_server, VICTIM_EMAIL)
            by_staff = client.post(
                f"/v1/dsar/{held}/verify", json={"code": staff_code}, headers=staff
            )
            assert by_staff.json()["status"] == "open"
            other = _open(client, front, email="someone.else@example.com").json()["id"]
            answer = client.post(f"/v1/dsar/{other}/verify", json={"code": wrong}, headers=front)
            assert_problem(answer, 422)  # another mailbox has its own budget
        with clock.frozen(start + timedelta(days=1, minutes=1)):
            again = client.post(f"/v1/dsar/{second}/verify", json={"code": code}, headers=front)
            assert again.json()["status"] == "open"


def test_resend_is_spaced_and_limited_so_mail_cannot_be_a_weapon(
    client: TestClient, db: Database, loaded: Register, front: dict[str, str]
) -> None:
    start = datetime(2026, 11, 30, 12, tzinfo=UTC)
    with clock.frozen(start):
        ticket = _open(client, front, email=VICTIM_EMAIL).json()["id"]
        spaced = assert_problem(client.post(f"/v1/dsar/{ticket}/resend", headers=front), 429)
    assert spaced["type"].endswith("/dsar-resend-too-soon")
    answers = []
    for n in range(1, 8):
        with clock.frozen(start + timedelta(minutes=2 * n)):
            answers.append(client.post(f"/v1/dsar/{ticket}/resend", headers=front).status_code)
    assert answers == [200, 200, 200, 409, 409, 409, 409]
    with db.transaction(write=False) as session:
        mails = session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.recipient == VICTIM_EMAIL)
        )
    assert mails == 4  # the first code and three resends


def test_resend_too_soon_says_when_to_retry(
    client: TestClient, loaded: Register, front: dict[str, str]
) -> None:
    start = datetime(2026, 11, 30, 12, tzinfo=UTC)
    with clock.frozen(start):
        ticket = _open(client, front).json()["id"]
    with clock.frozen(start + timedelta(seconds=45)):
        answer = client.post(f"/v1/dsar/{ticket}/resend", headers=front)
    assert_problem(answer, 429)
    assert answer.headers["Retry-After"] == "15"


@pytest.fixture
def limited(settings: Settings, db: Database) -> Iterator[TestClient]:
    tight = settings.model_copy(update={"dsar_intake_per_email": 3, "dsar_intake_per_client": 5})
    app: FastAPI = create_app(tight, db=db)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_intake_flood_to_one_address_is_429_and_stores_nothing(
    limited: TestClient, db: Database, loaded: Register, make_key: Callable[..., str]
) -> None:
    start = datetime(2026, 11, 30, 12, tzinfo=UTC)
    fronts = [bearer(make_key("dsar:submit", name=f"front-{n}")) for n in range(4)]
    with clock.frozen(start):
        answers = [_open(limited, fronts[n], email=VICTIM_EMAIL) for n in range(4)]
    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    assert_problem(answers[3], 429)
    assert answers[3].headers["Retry-After"] == "3600"
    assert _stored(db, DsarTicket) == 3
    assert _stored(db, OutboxMessage) == 3
    with clock.frozen(start + timedelta(minutes=30)):
        later = _open(limited, fronts[0], email=VICTIM_EMAIL)
        other = _open(limited, fronts[0], email="someone.else@example.com")
    assert later.headers["Retry-After"] == "1800"
    assert other.status_code == 201
    with clock.frozen(start + timedelta(hours=1, seconds=1)):
        assert _open(limited, fronts[1], email=VICTIM_EMAIL).status_code == 201


@pytest.mark.parametrize(
    "addresses",
    [
        ["victim+1@example.com", "victim+2@example.com", "Victim+x@example.com", VICTIM_EMAIL],
        ["j.doe@gmail.com", "jdoe@gmail.com", "j.d.o.e+a@googlemail.com", "JDoe+b@gmail.com"],
    ],
)
def test_intake_limit_counts_the_mailbox_not_each_spelling_of_it(
    limited: TestClient,
    db: Database,
    loaded: Register,
    make_key: Callable[..., str],
    addresses: list[str],
) -> None:
    """Sub-addresses (+tag) and Gmail's dots all deliver to one inbox: each spelling must
    not start a fresh count, or the limit per address is no bound on the mail it gets."""
    front = bearer(make_key("dsar:submit"))
    with clock.frozen(datetime(2026, 11, 30, 12, tzinfo=UTC)):
        answers = [_open(limited, front, email=address) for address in addresses]
    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    assert _stored(db, OutboxMessage) == 3


def test_intake_flood_from_one_client_is_429_and_stores_nothing(
    limited: TestClient, db: Database, loaded: Register, make_key: Callable[..., str]
) -> None:
    front, other = bearer(make_key("dsar:submit")), bearer(make_key("dsar:submit"))
    with clock.frozen(datetime(2026, 11, 30, 12, tzinfo=UTC)):
        answers = [_open(limited, front, email=f"p{n}@example.com") for n in range(7)]
        assert _open(limited, other, email="p9@example.com").status_code == 201
    assert [a.status_code for a in answers] == [201] * 5 + [429, 429]
    assert int(answers[5].headers["Retry-After"]) == 3600
    assert _stored(db, DsarTicket) == 6
    assert _stored(db, OutboxMessage) == 6


def test_racing_intakes_cannot_slip_past_the_limit(
    database_url: str, db: Database, loaded: Register, front: dict[str, str], tmp_path: Path
) -> None:
    body = {"type": "access", "email": VICTIM_EMAIL, "channel": "app"}
    with serving(
        database_url, tmp_path / "server.log", PRIVACY_API_DSAR_INTAKE_PER_EMAIL="3"
    ) as server:

        def post(_: int) -> int:
            return httpx.post(
                f"{server.url}/v1/dsar", json=body, headers=front, timeout=20
            ).status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(post, range(16)))
        assert not server.errors()
    assert sorted(statuses) == [201] * 3 + [429] * 13
    assert _stored(db, DsarTicket) == 3


def test_another_clients_ticket_looks_like_no_ticket_at_all(
    client: TestClient, loaded: Register, front: dict[str, str], make_key: Callable[..., str]
) -> None:
    ticket = _open(client, front).json()["id"]
    snoop = bearer(make_key("dsar:submit", name="other-front"))

    def answers(ticket_id: str) -> list[tuple[int, dict[str, Any]]]:
        calls = (
            client.post(f"/v1/dsar/{ticket_id}/resend", headers=snoop),
            client.post(f"/v1/dsar/{ticket_id}/verify", json={"code": "123456"}, headers=snoop),
        )
        return [(c.status_code, {**c.json(), "detail": None}) for c in calls]

    assert answers(ticket) == answers("dsr_000000000000000000000000")
    assert answers(ticket)[0][0] == 404


def _forged_link(app: FastAPI, ticket: str) -> str:
    token, _ = tokens.sign(
        app.state.keys.tokens, purpose="package", claims={"ticket": ticket}, ttl=timedelta(days=1)
    )
    return f"/v1/dsar/package?token={token}"


@pytest.mark.parametrize(
    ("type_", "verified"), [("erasure", False), ("access", False), ("access", True)]
)
def test_package_link_works_only_for_a_completed_access_or_portability_ticket(
    client: TestClient,
    app: FastAPI,
    victim: str,
    staff: dict[str, str],
    type_: str,
    verified: bool,
) -> None:
    ticket = _open(client, staff, email=VICTIM_EMAIL, type=type_, verified=verified).json()["id"]
    body = assert_problem(client.get(_forged_link(app, ticket)), 409)
    assert body["type"].endswith("/dsar-package-unavailable")
    assert "victim-only" not in str(body)


def test_package_link_of_a_completed_ticket_still_downloads(
    client: TestClient, app: FastAPI, victim: str, staff: dict[str, str]
) -> None:
    ticket = _open(client, staff, email=VICTIM_EMAIL, verified=True).json()["id"]
    assert client.post(f"/v1/dsar/{ticket}/fulfil", headers=staff).json()["status"] == "completed"
    answer = client.get(_forged_link(app, ticket))
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/zip"


NEW_EMAIL = "victoria@new-mail.example.org"


@pytest.mark.parametrize(("lang", "told"), [("en", "was changed"), ("pl", "został zmieniony")])
def test_new_address_takes_effect_only_with_its_code_and_the_old_one_is_told(
    client: TestClient,
    db: Database,
    victim: str,
    front: dict[str, str],
    staff: dict[str, str],
    mail_server: MailServer,
    mail_settings: Settings,
    lang: str,
    told: str,
) -> None:
    details = {"corrections": {"email": NEW_EMAIL, "name": "Victoria Nowa"}}
    opened = _open(
        client, front, email=VICTIM_EMAIL, type="rectification", details=details, lang=lang
    ).json()
    ticket = opened["id"]
    code = _code(db, mail_settings, mail_server, VICTIM_EMAIL)
    client.post(f"/v1/dsar/{ticket}/verify", json={"code": code}, headers=front)
    waiting = client.post(f"/v1/dsar/{ticket}/fulfil", headers=staff).json()
    assert (waiting["status"], waiting["result"]) == (
        "in_progress",
        {"outcome": "awaiting_email_confirmation"},
    )
    with db.transaction(write=False) as session:
        subject = session.get(Subject, VICTIM)
        assert subject is not None
        assert (subject.email, subject.name) == (VICTIM_EMAIL, "Victoria Victim")
    assert_problem(client.post(f"/v1/dsar/{ticket}/fulfil", headers=staff), 409)
    code = _code(db, mail_settings, mail_server, NEW_EMAIL)  # only the new mailbox has it
    path = f"/v1/dsar/{ticket}/confirm-email"
    wrong = "000000" if code != "000000" else "111111"
    assert_problem(client.post(path, json={"code": wrong}, headers=front), 422)
    confirmed = client.post(path, json={"code": code}, headers=front)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "completed"
    assert confirmed.json()["subject_id"] is None  # the front end is never told the account
    with db.transaction(write=False) as session:
        subject = session.get(Subject, VICTIM)
        assert subject is not None
        assert (subject.email, subject.name) == (NEW_EMAIL, "Victoria Nowa")
    assert_problem(client.post(path, json={"code": code}, headers=front), 409)
    deliver_due(db, channel="mail", sender=SmtpSender(mail_settings))
    notices = [m for m in mail_server.inbox.to(VICTIM_EMAIL) if told in m["Subject"]]
    assert len(notices) == 1
    assert NEW_EMAIL not in notices[0].get_content()
    # The address now belongs to the subject: a request from it is linked.
    later = _open(client, staff, email=NEW_EMAIL, verified=True).json()
    assert later["subject_id"] == VICTIM


@pytest.mark.parametrize(
    "address", ["victoria@example.org\r\nBcc: all@example.com", "not-an-address", 42, None]
)
def test_rectified_address_must_be_one_valid_address(
    client: TestClient, db: Database, loaded: Register, front: dict[str, str], address: Any
) -> None:
    details = {"corrections": {"email": address}}
    assert_problem(_open(client, front, type="rectification", details=details), 422)
    assert _stored(db, DsarTicket) == 0
    assert _stored(db, OutboxMessage) == 0


def test_confirm_email_of_another_clients_ticket_is_404(
    client: TestClient, loaded: Register, front: dict[str, str], make_key: Callable[..., str]
) -> None:
    details = {"corrections": {"email": NEW_EMAIL}}
    ticket = _open(client, front, type="rectification", details=details).json()["id"]
    snoop = bearer(make_key("dsar:submit", name="snoop"))
    answer = client.post(f"/v1/dsar/{ticket}/confirm-email", json={"code": "123456"}, headers=snoop)
    assert assert_problem(answer, 404)["type"].endswith("/dsar-not-found")
    mine = client.post(f"/v1/dsar/{ticket}/confirm-email", json={"code": "123456"}, headers=front)
    assert_problem(mine, 409)  # not yet verified, let alone fulfilled
