"""Four eyes on the notices a breach sends to people (issue 28, finding 2): one `breaches`
key drafts, another approves the very text it read; links only to this service's pages."""

# The breach tests' fixtures are imported by name, which pytest finds and ruff reads as
# redefinitions in every test that asks for one.
# ruff: noqa: F811

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from test_breaches import (  # noqa: F401 - fixtures used by name
    _FILTER,
    _HAND_COUNTED,
    _assess,
    _create,
    _notice_text,
    _patch,
    admin,
    approver,
    fixture_people,
    staff,
)

from factories import assert_problem
from privacy_api.audit.models import AuditEntry
from privacy_api.breaches.models import BreachSubjectNotice
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.outbox.models import OutboxMessage


def _mails(db: Database, breach_id: str) -> list[str]:
    with db.transaction(write=False) as session:
        return sorted(
            session.scalars(
                select(OutboxMessage.body).where(OutboxMessage.reference == f"breach/{breach_id}")
            )
        )


def _ready(client: TestClient, staff: dict[str, str]) -> str:
    """A high-risk breach whose authority was told: the people are next."""
    breach_id = _create(client, staff, affected=_FILTER)["id"]
    _assess(client, staff, breach_id, "high_risk")
    told = client.post(
        f"/v1/breaches/{breach_id}/notify-authority", json={"reference": "A-1"}, headers=staff
    )
    assert told.status_code == 200, told.text
    return str(breach_id)


def _message(**changes: str) -> dict[str, Any]:
    message = {lang: _notice_text(lang) for lang in ("pl", "en")}
    for key, value in changes.items():
        lang, part = key.split("_", 1)
        message[lang][part] = value
    return {"message": message}


def _draft(client: TestClient, headers: dict[str, str], breach_id: str, **changes: str) -> Any:
    return client.post(
        f"/v1/breaches/{breach_id}/notify-subjects", json=_message(**changes), headers=headers
    )


def _decide(
    client: TestClient, headers: dict[str, str], breach_id: str, verb: str, **body: str
) -> Any:
    return client.post(
        f"/v1/breaches/{breach_id}/subject-notice/{verb}", json=body, headers=headers
    )


def test_one_breaches_key_alone_mails_nobody_until_a_second_key_approves_the_text_it_read(
    client: TestClient,
    db: Database,
    staff: dict[str, str],
    approver: dict[str, str],
    settings: Settings,
    fixture_people: None,
) -> None:
    breach_id = _ready(client, staff)
    own_page = f"{settings.public_base_url}/privacy"
    drafted = _draft(
        client, staff, breach_id, en_what_we_did=f"We closed access. Your rights: {own_page}."
    )
    assert drafted.status_code == 202, drafted.text
    notice = drafted.json()
    assert (notice["status"], notice["requested_by"], notice["untold"]) == (
        "pending",
        "incident-team",
        _HAND_COUNTED["subjects"],
    )
    # The approver reads the mail exactly as the people will: the text and what surrounds it.
    english = notice["preview"]["en"]
    assert own_page in english["body"]
    assert _notice_text("en")["what_it_means"] in english["body"]
    assert "privacy@onetagger.com" in english["body"]
    assert notice["preview"]["pl"]["subject"] == "Naruszenie ochrony Twoich danych osobowych"
    assert _mails(db, breach_id) == []
    # The key that drafted it cannot approve it, by the API or by asking twice.
    for _ in range(2):
        own = _decide(client, staff, breach_id, "approve", notice_id=notice["id"])
        assert assert_problem(own, 403)["type"].endswith("breach-notice-needs-second-key")
    assert _mails(db, breach_id) == []
    shown = client.get(f"/v1/breaches/{breach_id}/subject-notice", headers=approver).json()
    assert shown["message"] == notice["message"]
    assert shown["preview"] == notice["preview"]
    approved = _decide(client, approver, breach_id, "approve", notice_id=notice["id"])
    assert approved.status_code == 200, approved.text
    report = approved.json()
    assert report["mailed"] == _HAND_COUNTED["subjects"]
    assert report["breach"]["status"] == "subjects_notified"
    assert (report["notice"]["status"], report["notice"]["decided_by"]) == (
        "approved",
        "dpo-deputy",
    )
    bodies = _mails(db, breach_id)
    assert len(bodies) == _HAND_COUNTED["subjects"]
    assert any(own_page in body for body in bodies)
    with db.transaction(write=False) as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "breach.subject_notice_approved")
        ).one()
    assert entry.actor == "dpo-deputy"
    assert (entry.details["requested_by"], entry.details["approved_by"]) == (
        "incident-team",
        "dpo-deputy",
    )
    again = _decide(client, approver, breach_id, "approve", notice_id=notice["id"])
    assert assert_problem(again, 409)["type"].endswith("breach-notice-not-pending")


@pytest.mark.parametrize(
    "text",
    [
        "Reset your password at https://onetagger-security.example/reset now.",
        "Log in at www.evil.example to check your account.",
        "Check evil.example/login today.",
        "Go to https://127.0.0.1:8000@evil.example/privacy today.",
        "Go to http://127.0.0.1:8000.evil.example/privacy today.",
        "Visit https://127.0.0.1:9999/privacy for details.",
        "Visit onetаgger.com (a Cyrillic a) for details.",
        "Write to security-team@evil.example with your password.",
        "Click javascript:alert(document.cookie) to see.",
        "Open 10.0.0.7/reset in your browser.",
        "Bit.ly/reset-now has the details.",
        "See evil。example/login (an ideographic dot).",
        "See https\uff1a\uff0f\uff0fevil.example/x (full-width).",
        "See evil.xn--p1ai/login (a punycode top-level domain).",
        "Your data: http://127.0.0.1:8000/privacy/package?token=someone-elses.",
    ],
)
def test_a_notice_linking_outside_this_service_is_refused_and_nothing_kept(
    client: TestClient,
    db: Database,
    staff: dict[str, str],
    fixture_people: None,
    text: str,
) -> None:
    breach_id = _ready(client, staff)
    response = _draft(client, staff, breach_id, pl_what_we_did=text)
    problem = assert_problem(response, 422)
    assert problem["type"].endswith("breach-notice-foreign-link")
    assert problem["found"][0].startswith("pl.what_we_did: ")
    assert problem["allowed_base"] == "http://127.0.0.1:8000"
    with db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(BreachSubjectNotice)) == 0
        assert not session.scalars(
            select(AuditEntry).where(AuditEntry.action.like("breach.subject_notice%"))
        ).all()


def test_ordinary_words_and_the_services_own_pages_are_not_taken_for_foreign_links(
    client: TestClient, staff: dict[str, str], fixture_people: None
) -> None:
    breach_id = _ready(client, staff)
    drafted = _draft(
        client,
        staff,
        breach_id,
        pl_what_happened="Dane, m.in. adres e-mail, np. z godz. 10.30, były dostępne (Art. 33).",
        pl_what_we_did="Napisz do privacy@onetagger.com lub zobacz http://127.0.0.1:8000/privacy.",
        en_what_it_means="E.g. phishing, i.e. mails that pretend to be us (v2.1 of the app).",
    )
    assert drafted.status_code == 202, drafted.text


def test_a_refused_notice_sends_nothing_and_names_both_keys(
    client: TestClient,
    db: Database,
    staff: dict[str, str],
    approver: dict[str, str],
    fixture_people: None,
) -> None:
    breach_id = _ready(client, staff)
    notice_id = _draft(client, staff, breach_id).json()["id"]
    reason = "The Polish text names the wrong dates."
    own = _decide(client, staff, breach_id, "refuse", notice_id=notice_id, reason=reason)
    assert_problem(own, 403)
    refused = _decide(client, approver, breach_id, "refuse", notice_id=notice_id, reason=reason)
    assert refused.status_code == 200, refused.text
    assert (refused.json()["status"], refused.json()["refusal_reason"]) == ("refused", reason)
    late = _decide(client, approver, breach_id, "approve", notice_id=notice_id)
    assert assert_problem(late, 409)["type"].endswith("breach-notice-not-pending")
    assert _mails(db, breach_id) == []
    breach = client.get(f"/v1/breaches/{breach_id}", headers=staff).json()
    assert breach["status"] == "authority_notified"
    with db.transaction(write=False) as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "breach.subject_notice_refused")
        ).one()
    assert entry.actor == "dpo-deputy"
    assert entry.details["requested_by"] == "incident-team"
    assert reason not in str(entry.details)


def test_a_draft_replaced_after_it_was_read_is_not_approved_unseen(
    client: TestClient,
    db: Database,
    staff: dict[str, str],
    approver: dict[str, str],
    fixture_people: None,
) -> None:
    breach_id = _ready(client, staff)
    read = _draft(client, staff, breach_id).json()
    # Between the reading and the click, the drafter swaps the text.
    swapped = _draft(client, staff, breach_id, en_what_we_did="We reset all passwords for you.")
    assert swapped.status_code == 202
    stale = _decide(client, approver, breach_id, "approve", notice_id=read["id"])
    assert assert_problem(stale, 409)["type"].endswith("breach-notice-not-pending")
    assert _mails(db, breach_id) == []
    unknown = _decide(client, approver, breach_id, "approve", notice_id="bsn_" + "0" * 24)
    assert assert_problem(unknown, 404)["type"].endswith("breach-notice-not-found")
    for bad in ({}, {"notice_id": "brc_x"}, {"notice_id": read["id"], "extra": 1}):
        assert_problem(
            client.post(
                f"/v1/breaches/{breach_id}/subject-notice/approve", json=bad, headers=approver
            ),
            422,
        )
    ok = _decide(client, approver, breach_id, "approve", notice_id=swapped.json()["id"])
    assert ok.status_code == 200, ok.text


def test_the_people_or_the_risk_changed_after_the_draft_void_the_approval(
    client: TestClient,
    db: Database,
    staff: dict[str, str],
    approver: dict[str, str],
    fixture_people: None,
) -> None:
    breach_id = _ready(client, staff)
    notice_id = _draft(client, staff, breach_id).json()["id"]
    # One key widens the people reached after the second one read the notice.
    everyone = {"activities": ["server_logs", "account", "support"]}
    assert _patch(client, staff, breach_id, {"affected": everyone}).status_code == 200
    widened = _decide(client, approver, breach_id, "approve", notice_id=notice_id)
    assert assert_problem(widened, 409)["type"].endswith("breach-notice-affected-changed")
    notice_id = _draft(client, staff, breach_id).json()["id"]
    _assess(client, staff, breach_id, "risk")
    lowered = _decide(client, approver, breach_id, "approve", notice_id=notice_id)
    assert assert_problem(lowered, 409)["type"].endswith("breach-notice-not-required")
    assert _mails(db, breach_id) == []


@pytest.mark.parametrize(
    "text",
    [
        "Log in at a.evil-bank.example to keep your account.",
        "Open //evil.example/login to check.",
        "Write to @evil.example for help.",
        "Go to https:evil.example/reset now.",
        "See -evil.example/reset for details.",
        "Yours: http://127.0.0.1:8000/privacy/package?%74oken=someone-elses.",
    ],
)
def test_a_notice_hiding_a_host_behind_a_letter_label_or_a_sign_is_refused(
    client: TestClient, staff: dict[str, str], fixture_people: None, text: str
) -> None:
    breach_id = _ready(client, staff)
    problem = assert_problem(_draft(client, staff, breach_id, en_what_we_did=text), 422)
    assert problem["type"].endswith("breach-notice-foreign-link")
