"""The breach register (issue 24): the 72-hour clock, the steps, who is affected, the notices."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from downstream import DownstreamSystem
from factories import assert_problem, bearer
from mailserver import MailServer
from privacy_api.audit import service as audit
from privacy_api.audit.models import AuditEntry
from privacy_api.breaches import affected, service
from privacy_api.breaches.models import Breach, BreachNotice
from privacy_api.breaches.schemas import AffectedFilter
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.downstream.models import DownstreamSystem as DownstreamSystemRow
from privacy_api.downstream.systems import WebhookSender
from privacy_api.outbox.mail import SmtpSender
from privacy_api.outbox.models import OutboxMessage
from privacy_api.outbox.worker import deliver_due
from privacy_api.register.service import Register

BRUSSELS = ZoneInfo("Europe/Brussels")
REASONING = "Encrypted backups only; the key was not exposed."


@pytest.fixture
def admin(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("admin", name="ops-admin"))


@pytest.fixture
def staff(loaded: Register, make_key: Callable[..., str]) -> dict[str, str]:
    """A key with the breaches scope alone, as the incident team holds."""
    return bearer(make_key("breaches", name="incident-team"))


@pytest.fixture
def approver(loaded: Register, make_key: Callable[..., str]) -> dict[str, str]:
    """A second key with the breaches scope: the four eyes on a notice to the people."""
    return bearer(make_key("breaches", name="dpo-deputy"))


def _new(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "nature": "A misconfigured log bucket was readable from the internet.",
        "became_aware_at": (clock.now() - timedelta(hours=1)).isoformat(),
        "data_categories": ["ip_address"],
        "data_subject_categories": ["site_visitors"],
        "approximate_subjects": 120,
        "approximate_records": 4000,
        "likely_consequences": "Visitors' IP addresses could be linked to their visits.",
        "measures": "The bucket was closed and its access logs reviewed.",
    }
    body.update(overrides)
    return body


def _create(client: TestClient, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    response = client.post("/v1/breaches", json=_new(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _patch(
    client: TestClient, headers: dict[str, str], breach_id: str, body: dict[str, Any]
) -> Any:
    return client.patch(f"/v1/breaches/{breach_id}", json=body, headers=headers)


def _assess(
    client: TestClient, headers: dict[str, str], breach_id: str, risk: str
) -> dict[str, Any]:
    response = _patch(
        client, headers, breach_id, {"assessment": {"risk": risk, "reasoning": REASONING}}
    )
    assert response.status_code == 200, response.text
    assessed: dict[str, Any] = response.json()
    return assessed


def _breaches(db: Database) -> int:
    with db.transaction(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(Breach)) or 0)


# --- the 72-hour clock --------------------------------------------------------------------


def test_authority_is_due_72_elapsed_hours_later_across_the_autumn_dst_change(
    client: TestClient, staff: dict[str, str], db: Database
) -> None:
    # Brussels leaves summer time on 25 October 2026: 72 hours on the wall would be 71.
    with clock.frozen(datetime(2026, 10, 24, 9, 0, tzinfo=UTC)):
        created = _create(client, staff, became_aware_at="2026-10-24T10:00:00+02:00")
    due = datetime.fromisoformat(created["authority_due_at"])
    assert due == datetime(2026, 10, 27, 8, 0, tzinfo=UTC)
    assert due.astimezone(BRUSSELS).isoformat() == "2026-10-27T09:00:00+01:00"
    aware = datetime.fromisoformat(created["became_aware_at"])
    assert due - aware == timedelta(hours=72)
    with db.transaction(write=False) as session:
        minute = timedelta(minutes=1)
        before = service.deadline_counts(session, due - minute)
        after = service.deadline_counts(session, due + minute)
    assert (before.open, before.authority_overdue) == (1, 0)
    assert (after.open, after.authority_overdue) == (1, 1)
    with clock.frozen(due + timedelta(minutes=1)):
        overdue = client.get("/v1/breaches?overdue=true", headers=staff).json()["items"]
        assert [b["id"] for b in overdue] == [created["id"]]
        assert overdue[0]["authority_overdue"] is True
    with clock.frozen(due - timedelta(minutes=1)):
        assert client.get("/v1/breaches?overdue=true", headers=staff).json()["items"] == []


def test_the_spring_change_also_counts_elapsed_hours() -> None:
    # 28 March 2027 loses an hour in Brussels: 72 elapsed hours end at 11:00 on the wall.
    aware = datetime.fromisoformat("2027-03-27T10:00:00+01:00")
    assert service.due_at(aware).astimezone(BRUSSELS).isoformat() == "2027-03-30T11:00:00+02:00"


def test_late_authority_notification_is_refused_without_reasons_and_accepted_with_them(
    client: TestClient, staff: dict[str, str], db: Database
) -> None:
    aware = clock.now() - timedelta(hours=80)
    created = _create(client, staff, became_aware_at=aware.isoformat())
    _assess(client, staff, created["id"], "risk")
    url = f"/v1/breaches/{created['id']}/notify-authority"
    problem = assert_problem(client.post(url, json={"reference": "APD-2026-1"}, headers=staff), 422)
    assert problem["type"].endswith("breach-delay-reasons-required")
    assert problem["authority_due_at"] == (aware + timedelta(hours=72)).astimezone(UTC).isoformat()
    assert client.get(f"/v1/breaches/{created['id']}", headers=staff).json()["status"] == "assessed"
    body = {"reference": "APD-2026-1", "delay_reasons": "The forensic report came on day four."}
    notified = client.post(url, json=body, headers=staff)
    assert notified.status_code == 200, notified.text
    record = notified.json()
    assert record["status"] == "authority_notified"
    assert record["authority_notification"]["late"] is True
    assert record["authority_notification"]["delay_reasons"] == body["delay_reasons"]
    assert record["authority_notification"]["reference"] == "APD-2026-1"


def test_an_earlier_notified_at_with_its_reason_is_judged_from_it_and_both_times_are_kept(
    client: TestClient, staff: dict[str, str], db: Database
) -> None:
    created = _create(
        client, staff, became_aware_at=(clock.now() - timedelta(hours=80)).isoformat()
    )
    _assess(client, staff, created["id"], "risk")
    url = f"/v1/breaches/{created['id']}/notify-authority"
    # Told by phone in time, entered here later: taken with its reason, judged from it.
    in_time = (clock.now() - timedelta(hours=10)).replace(microsecond=0)
    body = {
        "reference": "APD-7",
        "notified_at": in_time.isoformat(),
        "reason": "Told the authority's duty officer by phone; the form was filed today.",
    }
    with clock.frozen(clock.now()) as now:
        response = client.post(url, json=body, headers=staff)
    assert response.status_code == 200, response.text
    told = response.json()["authority_notification"]
    assert told["late"] is False
    assert told["delay_reasons"] is None
    assert datetime.fromisoformat(told["notified_at"]) == in_time
    assert datetime.fromisoformat(told["recorded_at"]) == now
    assert told["earlier_reason"] == body["reason"]
    with db.transaction(write=False) as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "breach.notify_authority")
        ).one()
    assert entry.details["notified_at"] == in_time.isoformat()
    assert entry.details["recorded_at"] == now.isoformat()
    assert entry.details["earlier_time"] is True
    assert body["reason"] not in str(entry.details)  # the audit names, never quotes


def test_a_notification_sent_seven_days_late_cannot_be_stored_as_on_time(
    client: TestClient, staff: dict[str, str], db: Database
) -> None:
    """Issue 28, finding 4: the caller's notified_at (aware + 1 h) no longer decides."""
    aware = clock.now() - timedelta(days=7, hours=1)
    created = _create(client, staff, became_aware_at=aware.isoformat())
    _assess(client, staff, created["id"], "risk")
    url = f"/v1/breaches/{created['id']}/notify-authority"
    claimed = {"reference": "APD-8", "notified_at": (aware + timedelta(hours=1)).isoformat()}
    problem = assert_problem(client.post(url, json=claimed, headers=staff), 422)
    assert problem["type"].endswith("breach-earlier-time-needs-reason")
    assert client.get(f"/v1/breaches/{created['id']}", headers=staff).json()["status"] == (
        "assessed"
    )
    # Without the earlier time, the call is judged: late, so the delay needs its reasons.
    problem = assert_problem(client.post(url, json={"reference": "APD-8"}, headers=staff), 422)
    assert problem["type"].endswith("breach-delay-reasons-required")
    reasons = {"reference": "APD-8", "delay_reasons": "Nobody read the alert for a week."}
    recorded = client.post(url, json=reasons, headers=staff).json()["authority_notification"]
    assert recorded["late"] is True
    assert recorded["notified_at"] == recorded["recorded_at"]
    assert recorded["earlier_reason"] is None


@pytest.mark.parametrize(
    ("body", "slug"),
    [
        ({"notified_at": "2999-01-01T00:00:00+00:00"}, "breach-time-invalid"),
        ({"notified_at": "+1h", "reason": "A clock far ahead."}, "breach-time-invalid"),
        ({"reason": "Nothing earlier to explain."}, "breach-earlier-time-needs-reason"),
        ({"notified_at": "-30h"}, "breach-earlier-time-needs-reason"),
        ({"notified_at": "-30h", "reason": "x"}, "at least 3 characters"),
    ],
)
def test_future_or_unexplained_notification_times_are_refused_and_nothing_stored(
    client: TestClient, staff: dict[str, str], db: Database, body: dict[str, str], slug: str
) -> None:
    created = _create(
        client, staff, became_aware_at=(clock.now() - timedelta(hours=40)).isoformat()
    )
    _assess(client, staff, created["id"], "risk")
    relative = {"+1h": timedelta(hours=1), "-30h": timedelta(hours=-30)}
    if body.get("notified_at") in relative:
        body = {**body, "notified_at": (clock.now() + relative[body["notified_at"]]).isoformat()}
    url = f"/v1/breaches/{created['id']}/notify-authority"
    response = client.post(url, json={"reference": "APD-9", **body}, headers=staff)
    assert_problem(response, 422)
    assert slug in response.text
    after = client.get(f"/v1/breaches/{created['id']}", headers=staff).json()
    assert (after["status"], after["authority_notification"]) == ("assessed", None)
    with db.transaction(write=False) as session:
        assert not session.scalars(
            select(AuditEntry).where(AuditEntry.action == "breach.notify_authority")
        ).all()


# --- the steps ----------------------------------------------------------------------------


def test_illegal_transitions_are_409_and_change_nothing(
    client: TestClient, staff: dict[str, str]
) -> None:
    # Past its deadline: the step is refused as a step, not for want of delay reasons.
    aware = (clock.now() - timedelta(hours=100)).isoformat()
    breach_id = _create(client, staff, became_aware_at=aware)["id"]
    url = f"/v1/breaches/{breach_id}"
    authority = {"reference": "APD-1", "delay_reasons": "Found on day four."}
    unreasoned = client.post(f"{url}/notify-authority", json={"reference": "A"}, headers=staff)
    assert assert_problem(unreasoned, 409)["type"].endswith("breach-illegal-transition")
    notice = {"message": {lang: _notice_text(lang) for lang in ("pl", "en")}}
    for response in (
        client.post(f"{url}/notify-authority", json=authority, headers=staff),
        client.post(f"{url}/notify-subjects", json=notice, headers=staff),
        _patch(client, staff, breach_id, {"status": "closed"}),
    ):
        assert assert_problem(response, 409)["type"].endswith("breach-illegal-transition")
    _assess(client, staff, breach_id, "risk")
    # Assessed as a risk: only the authority's notification may follow, not closing.
    assert_problem(_patch(client, staff, breach_id, {"status": "closed"}), 409)
    assert client.post(f"{url}/notify-authority", json=authority, headers=staff).status_code == 200
    again = client.post(f"{url}/notify-authority", json=authority, headers=staff)
    assert_problem(again, 409)
    # Not a high risk: Art. 34 notices are not for it.
    problem = assert_problem(client.post(f"{url}/notify-subjects", json=notice, headers=staff), 409)
    assert problem["type"].endswith("breach-notice-not-required")
    closed = _patch(client, staff, breach_id, {"status": "closed"})
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "closed"
    assert closed.json()["closed_at"] is not None
    late_fact = _patch(client, staff, breach_id, {"measures": "Further measures were taken."})
    assert_problem(late_fact, 409)
    assert client.get(url, headers=staff).json()["measures"] == _new()["measures"]


def test_a_no_risk_breach_closes_without_the_authority_its_reasoning_kept(
    client: TestClient, staff: dict[str, str]
) -> None:
    breach_id = _create(
        client, staff, became_aware_at=(clock.now() - timedelta(hours=90)).isoformat()
    )["id"]
    assessed = _assess(client, staff, breach_id, "no_risk")
    # Art. 33(1) exception: not "overdue" although 72 hours have passed.
    assert assessed["authority_overdue"] is False
    closed = _patch(client, staff, breach_id, {"status": "closed"}).json()
    assert closed["status"] == "closed"
    assert closed["authority_notification"] is None
    assert closed["assessment"]["risk"] == "no_risk"
    assert closed["assessment"]["reasoning"] == REASONING


def test_a_high_risk_breach_closes_only_after_the_people_were_told(
    client: TestClient, staff: dict[str, str], fixture_people: None
) -> None:
    breach_id = _create(client, staff, affected=_FILTER)["id"]
    _assess(client, staff, breach_id, "high_risk")
    url = f"/v1/breaches/{breach_id}"
    assert (
        client.post(f"{url}/notify-authority", json={"reference": "A"}, headers=staff).status_code
        == 200
    )
    assert_problem(_patch(client, staff, breach_id, {"status": "closed"}), 409)


# --- who is affected ----------------------------------------------------------------------

# By hand: alice 2 account + 1 server log on app (her site log is outside `properties`);
# bartek 3 server logs + 1 account record; frank 1 (his record at the window's end is out);
# celina's is before the window, dawid's is support (not an activity of the filter).
_FILTER = {
    "activities": ["server_logs", "account"],
    "properties": ["app"],
    "occurred_from": "2026-11-01T00:00:00+00:00",
    "occurred_until": "2026-12-01T00:00:00+00:00",
}
_HAND_COUNTED = {"subjects": 3, "records": 8}


def _records(
    subject_id: str, activity: str, category: str, prop: str, at: str, n: int
) -> list[dict[str, Any]]:
    return [
        {
            "subject_id": subject_id,
            "activity": activity,
            "category": category,
            "property": prop,
            "data": {"n": i},
            "occurred_at": at,
        }
        for i in range(n)
    ]


@pytest.fixture
def fixture_people(client: TestClient, loaded: Register, admin: dict[str, str]) -> None:
    people = {
        "alice": {"email": "alice@example.com", "attributes": {"lang": "en"}},
        "bartek": {"email": "bartek@example.com", "attributes": {"lang": "pl"}},
        "celina": {"email": "celina@example.com"},
        "dawid": {"email": "dawid@example.com"},
        "frank": {"email": "frank@example.com"},
    }
    for subject_id, body in people.items():
        response = client.put(f"/v1/subjects/{subject_id}", json=body, headers=admin)
        assert response.status_code == 201, response.text
    records = [
        *_records("alice", "account", "profile", "app", "2026-11-10T10:00:00+00:00", 2),
        *_records("alice", "server_logs", "ip_address", "app", "2026-11-12T10:00:00+00:00", 1),
        *_records("alice", "server_logs", "ip_address", "site", "2026-11-12T10:00:00+00:00", 1),
        *_records("bartek", "server_logs", "ip_address", "app", "2026-11-11T08:00:00+01:00", 3),
        *_records("bartek", "account", "email", "app", "2026-11-11T10:00:00+00:00", 1),
        *_records("celina", "server_logs", "ip_address", "app", "2026-10-01T10:00:00+00:00", 1),
        *_records("dawid", "support", "message", "help", "2026-11-11T10:00:00+00:00", 1),
        *_records("frank", "server_logs", "ip_address", "app", "2026-11-30T23:59:59+00:00", 1),
        *_records("frank", "server_logs", "ip_address", "app", "2026-12-01T00:00:00+00:00", 1),
    ]
    response = client.post("/v1/records/batch", json={"records": records}, headers=admin)
    assert response.status_code == 201, response.text


def test_the_affected_set_matches_the_hand_counted_fixture(
    client: TestClient, staff: dict[str, str], db: Database, fixture_people: None
) -> None:
    created = _create(client, staff, affected=_FILTER, approximate_subjects=None, measures=None)
    assert created["missing_facts"] == ["measures"]  # the numbers are counted
    found = created["affected"]
    assert {"subjects": found["subjects"], "records": found["records"]} == _HAND_COUNTED
    assert found["filter"]["activities"] == ["server_logs", "account"]
    with db.transaction(write=False) as session:
        wanted = AffectedFilter.model_validate(_FILTER)
        people = set(session.scalars(affected.subject_ids(wanted)))
    assert people == {"alice", "bartek", "frank"}
    # A narrower filter later (PATCH) counts again: only the logs.
    narrower = {**_FILTER, "activities": ["server_logs"], "categories": ["ip_address"]}
    patched = _patch(client, staff, created["id"], {"affected": narrower}).json()["affected"]
    assert (patched["subjects"], patched["records"]) == (3, 5)


# --- the notices --------------------------------------------------------------------------


def _notice_text(lang: str) -> dict[str, str]:
    if lang == "pl":
        return {
            "what_happened": "Dziennik serwera był przez dwa dni dostępny publicznie.",
            "what_it_means": "Ktoś mógł zobaczyć Twój adres IP i godziny wizyt.",
            "what_we_did": "Zamknęliśmy dostęp i usunęliśmy kopie dziennika.",
        }
    return {
        "what_happened": "A server log was publicly readable for two days.",
        "what_it_means": "Someone may have seen your IP address and visit times.",
        "what_we_did": "We closed access and deleted the copies of the log.",
    }


@pytest.fixture
def receiver() -> Iterator[DownstreamSystem]:
    downstream = DownstreamSystem()
    downstream.start()
    yield downstream
    downstream.stop()


def _mail_settings(settings: Settings, mail_server: MailServer) -> Settings:
    return settings.model_copy(update={"smtp_port": mail_server.port})


def test_notices_reach_people_in_their_language_and_the_systems_signed_once(
    client: TestClient,
    app: FastAPI,
    db: Database,
    admin: dict[str, str],
    staff: dict[str, str],
    approver: dict[str, str],
    settings: Settings,
    mail_server: MailServer,
    receiver: DownstreamSystem,
    fixture_people: None,
) -> None:
    # frank's language is the one he last asked us in (a request in English).
    dsar = {
        "type": "access",
        "email": "frank@example.com",
        "subject_id": "frank",
        "channel": "api",
        "lang": "en",
        "verified": True,
    }
    assert client.post("/v1/dsar", json=dsar, headers=admin).status_code == 201
    # gosia has no address; erika was erased, her payment record kept under its hold.
    assert client.put("/v1/subjects/gosia", json={}, headers=admin).status_code == 201
    assert (
        client.put(
            "/v1/subjects/erika", json={"email": "erika@example.com"}, headers=admin
        ).status_code
        == 201
    )
    records = [
        *_records("gosia", "server_logs", "ip_address", "app", "2026-11-20T10:00:00+00:00", 1),
        *_records(
            "erika", "payments", "payment_confirmation", "app", "2026-11-20T10:00:00+00:00", 1
        ),
    ]
    assert (
        client.post("/v1/records/batch", json={"records": records}, headers=admin).status_code
        == 201
    )
    assert client.delete("/v1/subjects/erika", headers=admin).status_code == 200
    app_system = client.post(
        "/v1/systems",
        json={"name": "crm", "property": "app", "webhook_url": receiver.url},
        headers=admin,
    ).json()
    receiver.secret = app_system["signing_secret"]
    help_only = {"name": "desk", "property": "help", "webhook_url": receiver.url}
    assert client.post("/v1/systems", json=help_only, headers=admin).status_code == 201

    wider = {**_FILTER, "activities": ["server_logs", "account", "payments"]}
    breach_id = _create(client, staff, affected=wider)["id"]
    _assess(client, staff, breach_id, "high_risk")
    url = f"/v1/breaches/{breach_id}"
    assert (
        client.post(f"{url}/notify-authority", json={"reference": "A-1"}, headers=staff).status_code
        == 200
    )
    first = _notify_all(client, staff, approver, breach_id)
    assert first.status_code == 200, first.text
    report = first.json()
    assert (report["mailed"], report["without_address"], report["erased"]) == (3, 1, 1)
    # The app's system heard of it with the authority (Art. 33(2)); none registered since.
    assert (report["already_told"], report["systems_notified"]) == (0, 0)
    assert report["breach"]["status"] == "subjects_notified"
    # A second notice, approved too, tells nobody again.
    second = _notify_all(client, staff, approver, breach_id).json()
    assert (second["mailed"], second["already_told"], second["systems_notified"]) == (0, 3, 0)

    mailed = deliver_due(
        db, channel="mail", sender=SmtpSender(_mail_settings(settings, mail_server))
    )
    assert mailed.failed == 0
    sender = WebhookSender(app.state.keys, db, private_hosts=settings.webhook_private_hosts)
    assert deliver_due(db, channel="webhook", sender=sender).sent == 1

    inbox = mail_server.inbox
    assert inbox.to("erika@example.com") == []
    (bartek,) = list(inbox.to("bartek@example.com"))
    assert bartek["Subject"] == "Naruszenie ochrony Twoich danych osobowych"
    polish = bartek.get_content()
    assert _notice_text("pl")["what_it_means"] in polish
    assert "zespół ds. prywatności Connexeon BV" in polish
    assert "privacy@onetagger.com" in polish
    for address in ("alice@example.com", "frank@example.com"):
        (english,) = [m for m in inbox.to(address) if "security incident" in m["Subject"]]
        body = english.get_content()
        assert _notice_text("en")["what_we_did"] in body
        assert "Connexeon BV privacy team" in body
        assert "privacy@onetagger.com" in body
        assert "IP address" in body  # the register's title of the category concerned

    (accepted,) = receiver.accepted
    assert receiver.bad_signatures == 0
    assert accepted["type"] == "privacy.breach"
    assert accepted["breach_id"] == breach_id
    assert accepted["property"] == "app"
    assert accepted["data"]["affected_subjects"] == 5
    assert "alice" not in str(accepted)  # counts, never who
    with db.transaction(write=False) as session:
        kinds = session.execute(
            select(BreachNotice.recipient_kind, func.count()).group_by(BreachNotice.recipient_kind)
        ).all()
        queued = session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.reference == f"breach/{breach_id}")
        )
    assert dict(kinds) == {"subject": 3, "system": 1}
    assert queued == 4


# --- the audit ----------------------------------------------------------------------------


def test_every_step_is_in_the_audit_chain_and_the_chain_verifies(
    client: TestClient,
    db: Database,
    staff: dict[str, str],
    approver: dict[str, str],
    make_key: Callable[..., str],
    fixture_people: None,
) -> None:
    breach_id = _create(client, staff, affected=_FILTER)["id"]
    _patch(client, staff, breach_id, {"measures": "Keys rotated."})
    _assess(client, staff, breach_id, "high_risk")
    url = f"/v1/breaches/{breach_id}"
    client.post(f"{url}/notify-authority", json={"reference": "A-2"}, headers=staff)
    assert _notify_all(client, staff, approver, breach_id).status_code == 200
    assert _patch(client, staff, breach_id, {"status": "closed"}).status_code == 200
    with db.transaction(write=False) as session:
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.target == f"breach/{breach_id}")
            .order_by(AuditEntry.seq)
        ).all()
        steps = [(e.action, e.details.get("from"), e.details.get("to")) for e in entries]
        assert audit.verify_chain(session).ok
    assert steps == [
        ("breach.recorded", None, "open"),
        ("breach.update", "open", "open"),
        ("breach.assess", "open", "assessed"),
        ("breach.notify_authority", "assessed", "authority_notified"),
        ("breach.subject_notice_requested", None, None),
        ("breach.subject_notice_approved", None, None),
        ("breach.notify_subjects", "authority_notified", "subjects_notified"),
        ("breach.close", "subjects_notified", "closed"),
    ]
    actors = [e.actor for e in entries]
    assert actors == ["incident-team"] * 5 + ["dpo-deputy"] * 2 + ["incident-team"]
    assert entries[5].details["requested_by"] == "incident-team"
    assert entries[5].details["approved_by"] == "dpo-deputy"
    # Field names, never values.
    assert entries[1].details["fields"] == ["measures"]
    assert "Keys rotated" not in str([e.details for e in entries])
    verified = client.get("/v1/audit/verify", headers=bearer(make_key("audit:read")))
    assert verified.json()["ok"] is True


# --- bad inputs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"became_aware_at": "2026-11-30T10:00:00"}, "timezone"),
        ({"became_aware_at": 1764496800}, "ISO 8601"),
        ({"became_aware_at": "2999-01-01T00:00:00+00:00"}, "breach-time-invalid"),
        ({"nature": "x" * 10_001}, "at most 10000"),
        ({"affected": {"activities": ["no_such_activity"]}}, "breach-unknown-key"),
        ({"affected": {"activities": ["rights_requests"]}}, "breach-unknown-key"),
        (
            {"affected": {"activities": ["server_logs"], "categories": ["email"]}},
            "breach-unknown-key",
        ),
        ({"affected": {"activities": []}}, "at least 1"),
        ({"data_categories": ["not_a_category"]}, "breach-unknown-key"),
        ({"approximate_subjects": -1}, "greater than or equal"),
        (
            {
                "affected": {
                    "activities": ["account"],
                    "occurred_from": "2026-11-02T00:00:00Z",
                    "occurred_until": "2026-11-01T00:00:00Z",
                }
            },
            "before occurred_until",
        ),
        ({"status": "closed"}, "Extra inputs"),
        ({"nature": "A NUL \x00 in the text"}, "NUL"),
        ({"affected": {"activities": ["account"], "properties": ["intranet"]}}, "properties"),
    ],
)
def test_bad_breaches_are_refused_with_a_clear_problem_and_nothing_stored(
    client: TestClient, staff: dict[str, str], db: Database, change: dict[str, Any], why: str
) -> None:
    response = client.post("/v1/breaches", json=_new(**change), headers=staff)
    problem = assert_problem(response, 422)
    assert why in response.text, problem
    assert _breaches(db) == 0
    with db.transaction(write=False) as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.action.like("breach.%"))
            )
            == 0
        )


def test_bad_changes_leave_the_breach_as_it_was(client: TestClient, staff: dict[str, str]) -> None:
    created = _create(client, staff)
    url = f"/v1/breaches/{created['id']}"
    for body in (
        {},
        {"measures": "y" * 20_000},
        {"assessment": {"risk": "catastrophic", "reasoning": REASONING}},
        {"assessment": {"risk": "risk"}},
        {"affected": {"activities": ["nope"]}, "measures": "Changed measures."},
        {"status": "open"},
    ):
        assert_problem(client.patch(url, json=body, headers=staff), 422)
    assert client.get(url, headers=staff).json() == created
    assert_problem(client.get("/v1/breaches/brc_unknown", headers=staff), 404)
    notify = client.post(
        f"{url}/notify-authority",
        json={"reference": "A", "notified_at": "2026-01-01T00:00:00"},
        headers=staff,
    )
    assert_problem(notify, 422)
    before_aware = (clock.now() - timedelta(hours=5)).isoformat()
    _assess(client, staff, created["id"], "risk")
    early = client.post(
        f"{url}/notify-authority",
        json={"reference": "A", "notified_at": before_aware},
        headers=staff,
    )
    assert assert_problem(early, 422)["type"].endswith("breach-time-invalid")
    one_language = {"message": {"en": _notice_text("en")}}
    assert_problem(client.post(f"{url}/notify-subjects", json=one_language, headers=staff), 422)


# --- lists and retries --------------------------------------------------------------------


def test_lists_page_by_deadline_and_a_retried_create_records_one_breach(
    client: TestClient, staff: dict[str, str], db: Database
) -> None:
    headers = {**staff, "Idempotency-Key": "incident-42"}
    body = _new()
    first = client.post("/v1/breaches", json=body, headers=headers)
    again = client.post("/v1/breaches", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert first.json() == again.json()
    assert _breaches(db) == 1
    for hours in (10, 30, 20):
        _create(client, staff, became_aware_at=(clock.now() - timedelta(hours=hours)).isoformat())
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/breaches", params=params, headers=staff).json()
        seen.extend(b["authority_due_at"] for b in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 4
    assert seen == sorted(seen)
    assert client.get("/v1/breaches?status=closed", headers=staff).json()["items"] == []
    assert_problem(client.get("/v1/breaches?cursor=nonsense", headers=staff), 400)


def test_two_approvals_at_once_tell_each_person_once(
    client: TestClient,
    staff: dict[str, str],
    approver: dict[str, str],
    db: Database,
    loaded: Register,
    fixture_people: None,
) -> None:
    import threading

    from privacy_api.breaches import approval

    breach_id = _create(client, staff, affected=_FILTER)["id"]
    _assess(client, staff, breach_id, "high_risk")
    authority = client.post(
        f"/v1/breaches/{breach_id}/notify-authority", json={"reference": "A"}, headers=staff
    )
    assert authority.status_code == 200
    notice = {"message": {lang: _notice_text(lang) for lang in ("pl", "en")}}
    drafted = client.post(f"/v1/breaches/{breach_id}/notify-subjects", json=notice, headers=staff)
    notice_id = drafted.json()["id"]
    start = threading.Barrier(2)
    outcomes: list[int | str] = []

    def approve(actor: str) -> None:
        start.wait()
        try:
            with db.transaction() as session:
                done = approval.approve_notice(
                    session,
                    breach_id=breach_id,
                    notice_id=notice_id,
                    spec=loaded.spec,
                    base_url="http://127.0.0.1:8000",
                    actor=actor,
                )
            outcomes.append(done.counts.mailed)
        except approval.NoticeNotPending as exc:
            outcomes.append(exc.slug)

    threads = [threading.Thread(target=approve, args=(n,)) for n in ("dpo", "ciso")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes, key=str) == [_HAND_COUNTED["subjects"], "breach-notice-not-pending"]
    with db.transaction(write=False) as session:
        queued = session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(
                OutboxMessage.reference == f"breach/{breach_id}", OutboxMessage.channel == "mail"
            )
        )
    assert queued == _HAND_COUNTED["subjects"]


# --- review: the steps after the people were told -----------------------------------------


def _notify_all(
    client: TestClient, drafter: dict[str, str], approver: dict[str, str], breach_id: str
) -> Any:
    """The notice drafted by one key and approved by another: the approval's answer."""
    notice = {"message": {lang: _notice_text(lang) for lang in ("pl", "en")}}
    url = f"/v1/breaches/{breach_id}"
    drafted = client.post(f"{url}/notify-subjects", json=notice, headers=drafter)
    assert drafted.status_code == 202, drafted.text
    decision = {"notice_id": drafted.json()["id"]}
    return client.post(f"{url}/subject-notice/approve", json=decision, headers=approver)


def test_a_high_risk_breach_does_not_close_while_people_found_later_are_untold(
    client: TestClient,
    admin: dict[str, str],
    staff: dict[str, str],
    approver: dict[str, str],
    fixture_people: None,
) -> None:
    breach_id = _create(client, staff, affected=_FILTER)["id"]
    _assess(client, staff, breach_id, "high_risk")
    url = f"/v1/breaches/{breach_id}"
    assert (
        client.post(f"{url}/notify-authority", json={"reference": "A"}, headers=staff).status_code
        == 200
    )
    assert _notify_all(client, staff, approver, breach_id).json()["mailed"] == 3
    # The investigation finds more: celina's older log was reached too.
    wider = {**_FILTER, "occurred_from": "2026-09-01T00:00:00+00:00"}
    assert _patch(client, staff, breach_id, {"affected": wider}).status_code == 200
    problem = assert_problem(_patch(client, staff, breach_id, {"status": "closed"}), 409)
    assert problem["type"].endswith("breach-illegal-transition")
    assert "1" in problem["detail"]
    assert client.get(url, headers=staff).json()["status"] == "subjects_notified"
    again = _notify_all(client, staff, approver, breach_id).json()
    assert (again["mailed"], again["already_told"]) == (1, 3)
    closed = _patch(client, staff, breach_id, {"status": "closed"})
    assert closed.status_code == 200, closed.text


def test_only_systems_of_properties_whose_records_were_reached_are_told(
    client: TestClient,
    db: Database,
    admin: dict[str, str],
    staff: dict[str, str],
    approver: dict[str, str],
    receiver: DownstreamSystem,
    fixture_people: None,
) -> None:
    for name, prop in (("crm", "app"), ("desk", "help")):
        body = {"name": name, "property": prop, "webhook_url": receiver.url}
        assert client.post("/v1/systems", json=body, headers=admin).status_code == 201
    # `account` is an activity of site, app and help; the records reached are all on app.
    only_account = {k: v for k, v in _FILTER.items() if k != "properties"}
    only_account["activities"] = ["account"]
    breach_id = _create(client, staff, affected=only_account)["id"]
    _assess(client, staff, breach_id, "high_risk")
    url = f"/v1/breaches/{breach_id}"
    assert (
        client.post(f"{url}/notify-authority", json={"reference": "A"}, headers=staff).status_code
        == 200
    )
    with db.transaction(write=False) as session:
        told = session.scalars(
            select(BreachNotice.recipient_id).where(BreachNotice.recipient_kind == "system")
        ).all()
        crm = session.scalars(
            select(DownstreamSystemRow.id).where(DownstreamSystemRow.name == "crm")
        ).all()
    assert told == crm
    report = _notify_all(client, staff, approver, breach_id)
    assert report.status_code == 200, report.text
    assert report.json()["systems_notified"] == 0


def test_a_person_erased_while_notices_are_queued_is_not_written_to(
    client: TestClient,
    db: Database,
    loaded: Register,
    staff: dict[str, str],
    approver: dict[str, str],
    backend: str,
    fixture_people: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PostgreSQL: alice's erasure holds her row and has not committed when the notices are
    queued; they wait for it and then leave her out, so no mail to her address outlives it."""
    if backend != "postgresql":
        pytest.skip("SQLite runs one writer at a time: no interleaving to force")
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from privacy_api.rights.erasure import erase_subject

    breach_id = _create(client, staff, affected=_FILTER)["id"]
    _assess(client, staff, breach_id, "high_risk")
    authority = client.post(
        f"/v1/breaches/{breach_id}/notify-authority", json={"reference": "A"}, headers=staff
    )
    assert authority.status_code == 200
    locked, go = threading.Event(), threading.Event()
    append = audit.append_entry

    def held_before_commit(session: Any, **entry: Any) -> Any:
        if entry.get("action") == "subject.erased":
            locked.set()
            assert go.wait(30)
        return append(session, **entry)

    def erase() -> None:
        with db.transaction() as session:
            erase_subject(session, subject_id="alice", spec=loaded.spec, actor="test")

    monkeypatch.setattr(audit, "append_entry", held_before_commit)
    with ThreadPoolExecutor(max_workers=2) as pool:
        erasure = pool.submit(erase)
        assert locked.wait(10)
        notified = pool.submit(_notify_all, client, staff, approver, breach_id)
        threading.Event().wait(1.0)
        go.set()
        erasure.result(timeout=30)
        report = notified.result(timeout=30)
    assert report.status_code == 200, report.text
    assert report.json()["mailed"] == 2
    with db.transaction(write=False) as session:
        to_alice = session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.recipient == "alice@example.com")
        )
        told = set(session.scalars(select(BreachNotice.recipient_id)))
    assert to_alice == 0
    assert told == {"bartek", "frank"}


def test_the_systems_hear_of_a_breach_the_authority_hears_of_not_only_a_high_risk_one(
    client: TestClient,
    db: Database,
    admin: dict[str, str],
    staff: dict[str, str],
    receiver: DownstreamSystem,
    fixture_people: None,
) -> None:
    """Art. 33(2): the customers we process for hear of every breach the authority hears
    of, without undue delay; Art. 34 notices (high risk only) are not needed for that."""
    body = {"name": "crm", "property": "app", "webhook_url": receiver.url}
    assert client.post("/v1/systems", json=body, headers=admin).status_code == 201
    breach_id = _create(client, staff, affected=_FILTER)["id"]
    _assess(client, staff, breach_id, "risk")
    url = f"/v1/breaches/{breach_id}/notify-authority"
    assert client.post(url, json={"reference": "A"}, headers=staff).status_code == 200
    with db.transaction(write=False) as session:
        told = session.scalars(
            select(BreachNotice.recipient_kind).where(BreachNotice.breach_id == breach_id)
        ).all()
        step = session.scalars(
            select(AuditEntry).where(
                AuditEntry.target == f"breach/{breach_id}",
                AuditEntry.action == "breach.notify_authority",
            )
        ).one()
    assert told == ["system"]
    assert step.details["systems_notified"] == 1


def test_notices_walk_the_people_page_by_page_skipping_those_not_to_mail(
    client: TestClient,
    db: Database,
    admin: dict[str, str],
    staff: dict[str, str],
    approver: dict[str, str],
    fixture_people: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One person a round: rounds whose people are erased or have no address mail nobody
    and the walk goes on to the end."""
    from privacy_api.breaches import notices

    monkeypatch.setattr(notices, "PAGE", 1)
    assert client.put("/v1/subjects/alma", json={}, headers=admin).status_code == 201
    assert client.delete("/v1/subjects/alice", headers=admin).status_code == 200
    records = _records("alma", "server_logs", "ip_address", "app", "2026-11-20T10:00:00Z", 2)
    batch = client.post("/v1/records/batch", json={"records": records}, headers=admin)
    assert batch.status_code == 201, batch.text
    breach_id = _create(client, staff, affected=_FILTER)["id"]
    _assess(client, staff, breach_id, "high_risk")
    authority = client.post(
        f"/v1/breaches/{breach_id}/notify-authority", json={"reference": "A"}, headers=staff
    )
    assert authority.status_code == 200
    report = _notify_all(client, staff, approver, breach_id).json()
    # alice (erased; her records are gone) and alma (no address) come first in id order.
    assert (report["mailed"], report["without_address"]) == (2, 1)
    with db.transaction(write=False) as session:
        told = set(session.scalars(select(BreachNotice.recipient_id)))
    assert told == {"bartek", "frank"}
