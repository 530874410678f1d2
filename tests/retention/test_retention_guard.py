"""Irreversible means guarded: a sweep that changes data runs at the real clock, holds count
real years, and a due set far beyond the usual waits for a person to confirm it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from test_retention import DAY, T, _count, _erased, _record, _subject, _sweep

from factories import assert_problem, bearer, run_cli
from privacy_api.audit import service as audit
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.dsar.deadlines import add_months
from privacy_api.register.service import Register
from privacy_api.retention import service as retention
from privacy_api.retention.guard import ConfirmationRequired
from privacy_api.retention.models import RetentionRun
from privacy_api.subjects.models import Subject
from privacy_api.worker import scheduled_sweep

FAR = "8999-01-01T00:00:00+00:00"


def _runs(db: Database) -> list[RetentionRun]:
    with db.transaction(write=False) as session:
        return list(session.scalars(select(RetentionRun).order_by(RetentionRun.id)))


def _live_subjects(db: Database) -> int:
    with db.transaction(write=False) as session:
        query = select(func.count()).select_from(Subject).where(Subject.erased_at.is_(None))
        return int(session.scalar(query) or 0)


def _refusals(db: Database) -> list[dict[str, object]]:
    with db.transaction(write=False) as session:
        return [e.details for e in audit.list_entries(session, action="retention.refused")]


def test_future_dated_run_cannot_erase(
    client: TestClient, db: Database, loaded: Register, make_key: Callable[..., str]
) -> None:
    _subject(db, "f1")
    _record(db, "f1", "account", "profile", n=2)
    _record(db, "f1", "payments", "payment_confirmation")
    key = bearer(make_key("retention:run"))
    tomorrow = (clock.now() + DAY).isoformat()
    for at in (FAR, tomorrow):
        body = assert_problem(
            client.post("/v1/retention/runs", json={"dry_run": False, "at": at}, headers=key), 422
        )
        assert body["type"].endswith("/retention-future-run")
        assert "dry run" in body["detail"]
    assert not _erased(db, "f1")
    assert _count(db, "f1") == 3
    assert _runs(db) == []
    planned = client.post("/v1/retention/runs", json={"dry_run": True, "at": FAR}, headers=key)
    assert planned.status_code == 201, planned.text  # a dry run may look ahead
    assert planned.json()["report"]["rules"]["account"]["subjects"] == 1
    assert _count(db, "f1") == 3


def test_cli_future_dated_run_exits_2_and_a_dry_run_may_look_ahead(
    db: Database, database_url: str, loaded: Register
) -> None:

    _subject(db, "f2")
    _record(db, "f2", "account", "profile")
    refused = run_cli(database_url, "retention", "run", "--at", FAR)
    assert refused.returncode == 2
    assert "future" in refused.stderr
    assert "--dry-run" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert _runs(db) == []
    looked = run_cli(database_url, "retention", "run", "--dry-run", "--at", FAR)
    assert looked.returncode == 0, looked.stderr
    assert not _erased(db, "f2")
    assert _count(db, "f2") == 1


def test_past_dated_run_erases_only_what_was_due_then(
    db: Database, settings: Settings, loaded: Register
) -> None:
    _subject(db, "old", session_at=T)
    _subject(db, "new", session_at=add_months(T, 6))
    now = add_months(T, 20)
    with clock.frozen(now):
        run = retention.run(
            db,
            settings.model_copy(update={"retention_max_share": 1.0}),
            at=add_months(T, 13),
            dry_run=False,
            actor="test",
        )
    assert run.report["subjects_erased"] == 1
    assert _erased(db, "old")
    assert not _erased(db, "new")  # due now, but not as of the run's earlier instant


def test_invoice_kept_10_years_even_when_run_dated_later(
    client: TestClient,
    db: Database,
    settings: Settings,
    loaded: Register,
    make_key: Callable[..., str],
) -> None:
    paid = T - 30 * DAY
    _subject(db, "p1")
    _record(db, "p1", "payments", "payment_confirmation", occurred=paid)
    _record(db, "p1", "payments", "payment_authorisation", occurred=paid)
    _subject(db, "p2")
    _record(db, "p2", "payments", "payment_confirmation", occurred=paid)
    now = add_months(T, 13)
    _sweep(db, settings, now)  # both inactive a year: erased, the invoices held
    assert _erased(db, "p1")
    assert _count(db, activity="payments") == 2
    _subject(db, "p3", session_at=now, visit_at=now)
    _record(db, "p3", "payments", "payment_confirmation", occurred=now - DAY)
    _record(db, "p3", "payments", "payment_authorisation", occurred=now - DAY)

    later = add_months(T, 30 * 12)  # every hold would have ended by then
    key = bearer(make_key("retention:run"))
    with clock.frozen(now):
        preview = client.get(
            "/v1/retention/preview", params={"at": later.isoformat()}, headers=key
        ).json()
        dry = retention.run(db, settings, at=later, dry_run=True, actor="test")
    for report in (preview, dry.report):
        assert report["released_holds"] == 0
        assert report["rules"]["payments"]["records"] == 1  # p3's authorisation, not its invoice
    assert _count(db, activity="payments") == 4

    run = _sweep(db, settings, add_months(paid, 120) - DAY)  # the real clock, a day short
    assert run.report["released_holds"] == 0
    assert _count(db, "p1", "payments") == 1


def _inactive_and_active(db: Database, *, inactive: int, active: int) -> None:
    for i in range(inactive):
        _subject(db, f"i{i}")
        _record(db, f"i{i}", "account", "profile")
    for i in range(active):
        _subject(db, f"a{i}", session_at=add_months(T, 12), visit_at=add_months(T, 12))
        _record(db, f"a{i}", "account", "profile")


def test_sweep_far_beyond_usual_stops_until_confirmed(
    client: TestClient, db: Database, loaded: Register, make_key: Callable[..., str]
) -> None:
    _inactive_and_active(db, inactive=3, active=7)  # 30% of subjects and of records due
    key = bearer(make_key("retention:run"))
    now = add_months(T, 13)

    def run(**body: object) -> dict[str, object]:
        with clock.frozen(now):
            response = client.post("/v1/retention/runs", json=body, headers=key)
        return dict(response.json()) | {"_status": response.status_code}

    refused = run(dry_run=False)
    assert refused["_status"] == 409
    assert str(refused["type"]).endswith("/retention-confirmation-required")
    assert refused["confirm_count"] == 6  # 3 subjects and their 3 account records
    assert refused["due"] == {
        "subjects": 3,
        "records": 3,
        "of_subjects": 10,
        "of_records": 10,
        "confirm_count": 6,
    }
    assert '"confirm_count": 6' in str(refused["detail"])
    assert "--confirm 6" in str(refused["detail"])
    assert _live_subjects(db) == 10
    assert _count(db) == 10
    (entry,) = _refusals(db)
    assert entry["confirm_count"] == 6
    assert [r.status for r in _runs(db)] == ["refused"]

    wrong = run(dry_run=False, confirm_count=5)
    assert wrong["_status"] == 409
    assert "confirmation was for 5" in str(wrong["detail"])
    assert _live_subjects(db) == 10

    done = run(dry_run=False, confirm_count=6)
    assert done["_status"] == 201, done
    assert done["report"]["subjects_erased"] == 3  # type: ignore[index]
    assert _live_subjects(db) == 7
    assert len(_refusals(db)) == 2


def test_usual_sweep_needs_no_confirmation(
    db: Database, settings: Settings, loaded: Register
) -> None:
    _inactive_and_active(db, inactive=2, active=8)  # 20%: within the usual quarter
    run = _sweep(db, settings, add_months(T, 13), max_share=settings.retention_max_share)
    assert run.status == "completed"
    assert run.report["subjects_erased"] == 2


def test_records_far_beyond_usual_stop_the_sweep_too(
    db: Database, settings: Settings, loaded: Register
) -> None:
    _subject(db, "v1", session_at=add_months(T, 12), visit_at=T)  # visits only expire
    _record(db, "v1", "server_logs", "ip_address", n=3)
    _record(db, "v1", "account", "profile", n=7)
    with pytest.raises(ConfirmationRequired) as stopped:
        _sweep(db, settings, add_months(T, 13), max_share=settings.retention_max_share)
    assert stopped.value.extra["due"]["records"] == 3
    assert stopped.value.extra["due"]["subjects"] == 0
    assert _count(db) == 10


def test_cli_sweep_far_beyond_usual_exits_4_until_confirmed(
    db: Database, database_url: str, loaded: Register
) -> None:

    _subject(db, "c1")  # inactive since 2024: due at the real clock
    _record(db, "c1", "account", "profile", n=2)
    refused = run_cli(database_url, "retention", "run")
    assert refused.returncode == 4
    assert "--confirm 3" in refused.stderr
    assert "Nothing was changed" in refused.stderr
    assert not _erased(db, "c1")
    done = run_cli(database_url, "retention", "run", "--confirm", "3")
    assert done.returncode == 0, done.stderr
    assert _erased(db, "c1")


def test_worker_never_confirms_a_sweep_far_beyond_usual(
    db: Database, settings: Settings, loaded: Register, caplog: pytest.LogCaptureFixture
) -> None:
    _inactive_and_active(db, inactive=5, active=5)
    with clock.frozen(add_months(T, 13)):
        outcome = scheduled_sweep(db, settings)
        again = scheduled_sweep(db, settings)
    assert outcome == again == {"refused": outcome["refused"]}
    assert outcome["refused"]["confirm_count"] == 10
    assert _live_subjects(db) == 10
    assert _count(db) == 10
    assert len(_refusals(db)) == 2
    assert "confirmation required" in caplog.text


def test_dry_run_says_what_a_run_would_need_confirmed(
    db: Database, settings: Settings, loaded: Register
) -> None:
    _inactive_and_active(db, inactive=3, active=1)
    planned = _sweep(db, settings, add_months(T, 13), dry_run=True, max_share=0.25)
    assert planned.report["due"]["confirm_count"] == 6
    assert _live_subjects(db) == 4
