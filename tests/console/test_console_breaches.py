"""The console's breach register: recorded, assessed and notified through the forms, the
service's rules (the late notification, the steps) shown as readable messages; the
`breaches` scope and the session's CSRF token required (both backends)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from consolekit import csrf_of, sign_in
from factories import bearer
from privacy_api.audit.models import AuditEntry
from privacy_api.breaches.models import Breach, BreachSubjectNotice
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.outbox.models import OutboxMessage
from privacy_api.register.service import Register

MakeKey = Callable[..., str]


def _form(**overrides: str) -> dict[str, str]:
    aware = clock.now() - timedelta(hours=2)
    form = {
        "nature": "A support export with customers' e-mail addresses was sent to a wrong address.",
        "became_aware_at": aware.strftime("%Y-%m-%dT%H:%M"),
        "data_subject_categories": "account_holders",
        "data_categories": "email",
        "approximate_subjects": "2",
        "approximate_records": "",
        "likely_consequences": "Phishing mails to the people concerned.",
        "measures": "The recipient confirmed the deletion.",
        "activities": "account",
        "affected_categories": "",
    }
    form.update(overrides)
    return form


def _record(client: TestClient, **overrides: str) -> Any:
    token = csrf_of(client.get("/console/breaches/new").text)
    return client.post(
        "/console/breaches",
        data={"csrf_token": token, **_form(**overrides)},
        follow_redirects=False,
    )


def _recorded(client: TestClient, **overrides: str) -> str:
    response = _record(client, **overrides)
    assert response.status_code == 303, response.text
    found = re.fullmatch(
        r"/console/breaches/(brc_[0-9a-f]+)\?done=recorded", response.headers["location"]
    )
    assert found is not None
    return found.group(1)


def _step(client: TestClient, breach_id: str, action: str, **fields: str) -> Any:
    token = csrf_of(client.get(f"/console/breaches/{breach_id}").text)
    return client.post(
        f"/console/breaches/{breach_id}/{action}",
        data={"csrf_token": token, **fields},
        follow_redirects=False,
    )


def _breach(db: Database, breach_id: str) -> Breach:
    with db.transaction(write=False) as session:
        breach = session.get(Breach, breach_id)
        assert breach is not None
        session.expunge(breach)
        return breach


def _mailed(db: Database) -> list[str]:
    with db.transaction(write=False) as session:
        return sorted(
            session.scalars(select(OutboxMessage.recipient).where(OutboxMessage.channel == "mail"))
        )


def _notice(lang: str) -> dict[str, str]:
    return {
        f"{lang}_what_happened": f"[{lang}] A file with your e-mail address went astray.",
        f"{lang}_what_it_means": f"[{lang}] You may receive phishing mails.",
        f"{lang}_what_we_did": f"[{lang}] The recipient deleted the file.",
    }


@pytest.fixture
def customers(client: TestClient, loaded: Register, make_key: MakeKey) -> None:
    admin = bearer(make_key("admin"))
    for subject_id, lang in (("ewa", "pl"), ("tom", "en")):
        body = {"email": f"{subject_id}@example.com", "attributes": {"lang": lang}}
        assert client.put(f"/v1/subjects/{subject_id}", json=body, headers=admin).status_code == 201
    records = [
        {
            "subject_id": subject_id,
            "activity": "account",
            "category": "email",
            "property": "app",
            "data": {"n": 1},
            "occurred_at": (clock.now() - timedelta(days=3)).isoformat(),
        }
        for subject_id in ("ewa", "tom")
    ]
    response = client.post("/v1/records/batch", json={"records": records}, headers=admin)
    assert response.status_code == 201, response.text


def test_a_breach_recorded_assessed_notified_and_closed_through_the_forms(
    client: TestClient, db: Database, customers: None, make_key: MakeKey
) -> None:
    sign_in(client, make_key("breaches", name="incident-team"))
    breach_id = _recorded(client)
    page = client.get(f"/console/breaches/{breach_id}?done=recorded")
    assert page.headers["cache-control"] == "no-store"
    assert "The breach is recorded" in page.text
    assert "<strong>2</strong> people, <strong>2</strong> records" in page.text
    assert re.search(r"(69|70) h \d+ min left", page.text)
    assert (
        _step(
            client, breach_id, "assess", risk="high_risk", reasoning="Addresses plus names."
        ).status_code
        == 303
    )
    notified = _step(client, breach_id, "notify-authority", reference="UODO-2026-17")
    assert notified.status_code == 303
    drafted = _step(client, breach_id, "notify-subjects", **_notice("pl"), **_notice("en"))
    assert drafted.status_code == 303
    assert drafted.headers["location"].endswith("done=notify-subjects")
    page = client.get(drafted.headers["location"]).text
    assert "another key with the breaches scope reads and approves it" in page
    assert "You drafted this notice" in page
    assert f'action="/console/breaches/{breach_id}/approve-notice"' not in page
    notice_id = re.search(r'name="notice_id" value="(bsn_[0-9a-f]{24})"', page)
    assert notice_id is None  # no decision form for the drafter
    with db.transaction(write=False) as session:
        (pending,) = session.scalars(select(BreachSubjectNotice)).all()
    own = _step(client, breach_id, "approve-notice", notice_id=pending.id)
    assert own.status_code == 403
    assert "another key with the &#39;breaches&#39; scope approves or refuses it" in own.text
    assert _mailed(db) == []
    client.cookies.clear()
    sign_in(client, make_key("breaches", name="dpo-deputy"))
    listed = client.get("/console/breaches").text
    assert f'href="/console/breaches/{breach_id}#notice">notice awaits a second key' in listed
    page = client.get(f"/console/breaches/{breach_id}").text
    assert "Notice awaiting a second key" in page
    assert "incident-team" in page
    assert "[pl] You may receive phishing mails." in page  # the exact text, both languages
    assert "[en] The recipient deleted the file." in page
    assert "Naruszenie ochrony Twoich danych osobowych" in page
    assert "Approve and send to 2 people" in page
    told = _step(client, breach_id, "approve-notice", notice_id=pending.id)
    assert told.status_code == 303
    assert told.headers["location"].endswith("done=approve-notice&mailed=2")
    assert "Notices queued: 2." in client.get(told.headers["location"]).text
    assert _step(client, breach_id, "close").status_code == 303
    breach = _breach(db, breach_id)
    assert breach.status == "closed"
    assert breach.risk == "high_risk"
    assert breach.authority_reference == "UODO-2026-17"
    assert breach.authority_delay_reasons is None
    mails = _mailed(db)
    with db.transaction(write=False) as session:
        steps = session.execute(
            select(AuditEntry.action, AuditEntry.actor)
            .where(AuditEntry.target == f"breach/{breach_id}")
            .order_by(AuditEntry.seq)
        ).all()
    assert sorted(mails) == ["ewa@example.com", "tom@example.com"]
    assert steps == [
        ("breach.recorded", "incident-team"),
        ("breach.assess", "incident-team"),
        ("breach.notify_authority", "incident-team"),
        ("breach.subject_notice_requested", "incident-team"),
        ("breach.subject_notice_approved", "dpo-deputy"),
        ("breach.notify_subjects", "dpo-deputy"),
        ("breach.close", "dpo-deputy"),
    ]


def test_a_late_notification_without_reasons_is_refused_on_the_page(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    sign_in(client, make_key("admin"))  # admin implies breaches
    aware = (clock.now() - timedelta(hours=80)).strftime("%Y-%m-%dT%H:%M")
    breach_id = _recorded(client, became_aware_at=aware, activities="")
    listed = client.get("/console/breaches").text
    assert re.search(r'<span class="badge badge-overdue">overdue by 8 h \d+ min</span>', listed)
    assert (
        _step(
            client, breach_id, "assess", risk="risk", reasoning="E-mail addresses only."
        ).status_code
        == 303
    )
    page = client.get(f"/console/breaches/{breach_id}").text
    assert "a notification now needs the reasons for the delay" in page
    refused = _step(client, breach_id, "notify-authority", reference="UODO-1")
    assert refused.status_code == 422
    assert 'role="alert"' in refused.text
    assert "give delay_reasons (GDPR Art. 33(1))" in refused.text
    assert 'value="UODO-1"' in refused.text  # what was typed is kept
    assert _breach(db, breach_id).status == "assessed"
    accepted = _step(
        client,
        breach_id,
        "notify-authority",
        reference="UODO-1",
        delay_reasons="The team learnt of it late.",
    )
    assert accepted.status_code == 303
    breach = _breach(db, breach_id)
    assert breach.status == "authority_notified"
    assert breach.authority_delay_reasons == "The team learnt of it late."
    shown = client.get(f"/console/breaches/{breach_id}").text
    assert '<span class="badge badge-overdue">late</span>' in shown
    assert "authority notified" in client.get("/console/breaches").text


def test_the_list_is_sorted_by_deadline_and_marks_the_next_24_hours(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    sign_in(client, make_key("breaches"))
    now = clock.now()
    later = _recorded(client, nature="Later deadline breach.", activities="")
    soon = _recorded(
        client,
        nature="Sooner deadline breach.",
        activities="",
        became_aware_at=(now - timedelta(hours=60)).strftime("%Y-%m-%dT%H:%M"),
    )
    page = client.get("/console/breaches").text
    assert page.index(f"/console/breaches/{soon}") < page.index(f"/console/breaches/{later}")
    assert re.search(r'<span class="badge badge-soon">1[12] h \d+ min left</span>', page)
    assert "<strong>1</strong> due within 24 hours" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nature": ""}, "nature: String should have at least 3 characters"),
        ({"became_aware_at": "not a time"}, "became_aware_at"),
        ({"became_aware_at": "2099-01-01T00:00"}, "became_aware_at is in the future."),
        ({"data_categories": "email, no_such_category"}, "no_such_category"),
        ({"activities": "no_such_activity"}, "unknown activity &#39;no_such_activity&#39;"),
        ({"approximate_subjects": "-1"}, "approximate_subjects"),
    ],
)
def test_bad_forms_show_a_readable_message_and_record_nothing(
    client: TestClient,
    db: Database,
    loaded: Register,
    make_key: MakeKey,
    overrides: dict[str, str],
    message: str,
) -> None:
    sign_in(client, make_key("breaches"))
    response = _record(client, **overrides)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert 'role="alert"' in response.text
    assert message in response.text
    assert "Phishing mails to the people concerned." in response.text  # the form kept
    with db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Breach)) == 0


def test_a_step_the_status_does_not_allow_is_explained_not_taken(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    sign_in(client, make_key("breaches"))
    breach_id = _recorded(client, activities="")
    page = client.get(f"/console/breaches/{breach_id}").text
    assert f'action="/console/breaches/{breach_id}/notify-authority"' not in page
    early = _step(client, breach_id, "notify-authority", reference="X-1")
    assert early.status_code == 409
    assert "cannot take the step &#39;notify_authority&#39;" in early.text
    _step(client, breach_id, "assess", risk="risk", reasoning="Addresses were exposed.")
    closing = _step(client, breach_id, "close")
    assert closing.status_code == 409
    assert "notify the authority first" in closing.text
    assert _breach(db, breach_id).status == "assessed"
    assert client.get("/console/breaches/brc_nothere").status_code == 404
    assert client.get("/console/breaches/%3Cscript%3E").status_code == 422


def test_hostile_text_is_escaped_on_the_list_and_the_page(
    client: TestClient, loaded: Register, make_key: MakeKey
) -> None:
    sign_in(client, make_key("breaches"))
    breach_id = _recorded(client, nature='<script>alert("x")</script> leaked', activities="")
    for path in ("/console/breaches", f"/console/breaches/{breach_id}"):
        text = client.get(path).text
        assert "<script>alert" not in text
        assert "&lt;script&gt;alert" in text


def test_a_key_without_breaches_neither_sees_nor_posts_to_the_register(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    sign_in(client, make_key("breaches"))
    breach_id = _recorded(client, activities="")
    client.cookies.clear()
    sign_in(client, make_key("dsar:manage", name="desk"))
    queue = client.get("/console/queue").text
    assert 'href="/console/breaches"' not in queue
    token = csrf_of(queue)
    for path in ("/console/breaches", "/console/breaches/new", f"/console/breaches/{breach_id}"):
        assert client.get(path).status_code == 403, path
    posted = client.post(
        "/console/breaches", data={"csrf_token": token, **_form()}, follow_redirects=False
    )
    assert posted.status_code == 403
    stepped = client.post(
        f"/console/breaches/{breach_id}/assess",
        data={"csrf_token": token, "risk": "no_risk", "reasoning": "Nothing to see."},
        follow_redirects=False,
    )
    assert stepped.status_code == 403
    assert _breach(db, breach_id).status == "open"
    with db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Breach)) == 1


def test_breach_forms_without_their_csrf_token_change_nothing(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    sign_in(client, make_key("breaches"))
    breach_id = _recorded(client, activities="")
    for data in ({}, {"csrf_token": "0" * 64}):
        created = client.post("/console/breaches", data={**data, **_form()}, follow_redirects=False)
        assert created.status_code == 403
        assessed = client.post(
            f"/console/breaches/{breach_id}/assess",
            data={**data, "risk": "no_risk", "reasoning": "Nothing to see."},
            follow_redirects=False,
        )
        assert assessed.status_code == 403
    assert _breach(db, breach_id).status == "open"
    with db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Breach)) == 1


def test_the_same_form_submitted_twice_records_one_breach(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    sign_in(client, make_key("breaches"))
    page = client.get("/console/breaches/new").text
    form_id = re.search(r'name="form_id" value="([0-9a-f]{32})"', page)
    assert form_id is not None
    data = {"csrf_token": csrf_of(page), "form_id": form_id.group(1), **_form(activities="")}
    first = client.post("/console/breaches", data=data, follow_redirects=False)
    again = client.post("/console/breaches", data=data, follow_redirects=False)
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    changed = client.post(
        "/console/breaches", data={**data, "nature": "Another breach."}, follow_redirects=False
    )
    assert changed.status_code == 422
    assert "different request" in changed.text
    fresh = client.get("/console/breaches/new").text
    assert form_id.group(1) not in fresh  # a new form is a new breach
    with db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Breach)) == 1


def test_a_refused_notice_and_a_foreign_link_are_shown_and_send_nothing(
    client: TestClient, db: Database, customers: None, make_key: MakeKey
) -> None:
    sign_in(client, make_key("breaches", name="incident-team"))
    breach_id = _recorded(client)
    _step(client, breach_id, "assess", risk="high_risk", reasoning="Addresses plus names.")
    _step(client, breach_id, "notify-authority", reference="UODO-2026-18")
    phishing = {**_notice("pl"), **_notice("en"), "en_what_we_did": "Reset it at evil.example/x"}
    refused = _step(client, breach_id, "notify-subjects", **phishing)
    assert refused.status_code == 422
    assert "may link only to this service" in refused.text
    assert "en.what_we_did: evil.example/x" in refused.text
    assert "Reset it at evil.example/x" in refused.text  # what was typed is kept
    drafted = _step(client, breach_id, "notify-subjects", **_notice("pl"), **_notice("en"))
    assert drafted.status_code == 303
    with db.transaction(write=False) as session:
        (pending,) = session.scalars(select(BreachSubjectNotice)).all()
    client.cookies.clear()
    sign_in(client, make_key("breaches", name="dpo-deputy"))
    page = client.get(f"/console/breaches/{breach_id}").text
    # The decision forms carry the session's CSRF token; without it nothing is decided.
    no_token = client.post(
        f"/console/breaches/{breach_id}/approve-notice",
        data={"notice_id": pending.id},
        follow_redirects=False,
    )
    assert no_token.status_code == 403
    assert csrf_of(page)
    empty = _step(client, breach_id, "refuse-notice", notice_id=pending.id, refusal_reason="")
    assert empty.status_code == 422
    done = _step(
        client, breach_id, "refuse-notice", notice_id=pending.id, refusal_reason="Wrong dates."
    )
    assert done.status_code == 303
    shown = client.get(done.headers["location"]).text
    assert "nothing was sent" in shown
    assert "Latest notice to the people: refused" in shown
    assert 'Refused because: <span class="prose">Wrong dates.</span>' in shown
    assert _mailed(db) == []
    assert _breach(db, breach_id).status == "authority_notified"


def test_an_earlier_notification_time_needs_its_reason_and_both_times_are_shown(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    sign_in(client, make_key("breaches"))
    aware = (clock.now() - timedelta(hours=80)).strftime("%Y-%m-%dT%H:%M")
    breach_id = _recorded(client, became_aware_at=aware, activities="")
    _step(client, breach_id, "assess", risk="risk", reasoning="E-mail addresses only.")
    by_phone = (clock.now() - timedelta(hours=20)).strftime("%Y-%m-%dT%H:%M")
    unexplained = _step(
        client, breach_id, "notify-authority", reference="U-2", notified_at=by_phone
    )
    assert unexplained.status_code == 422
    assert "give `reason`" in unexplained.text
    assert _breach(db, breach_id).status == "assessed"
    accepted = _step(
        client,
        breach_id,
        "notify-authority",
        reference="U-2",
        notified_at=by_phone,
        earlier_reason="Told the authority by phone; the form was filed today.",
    )
    assert accepted.status_code == 303
    breach = _breach(db, breach_id)
    assert breach.authority_recorded_at is not None
    assert breach.authority_notified_at is not None
    assert breach.authority_recorded_at > breach.authority_notified_at
    shown = client.get(f"/console/breaches/{breach_id}").text
    assert f'notified <time datetime="{breach.authority_notified_at.isoformat()}' in shown
    assert "later than notified" in shown
    assert "Told the authority by phone" in shown
    assert '<span class="badge badge-overdue">late</span>' not in shown
