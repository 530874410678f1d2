"""The retention promises of the policy at their boundaries: a day before kept, after gone."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from factories import assert_problem, bearer, process_env, run_cli
from privacy_api.audit import service as audit
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.http.idempotency import IdempotencyRecord
from privacy_api.core.time import clock
from privacy_api.dsar.deadlines import add_months
from privacy_api.records.models import Record
from privacy_api.register.service import Register
from privacy_api.retention import service as retention
from privacy_api.retention.lock import exclusive_run
from privacy_api.retention.models import RetentionRun
from privacy_api.subjects.models import Subject

T = datetime(2024, 3, 15, 12, tzinfo=UTC)
DAY = timedelta(days=1)


def _subject(
    db: Database,
    sid: str,
    *,
    session_at: datetime | None = T,
    visit_at: datetime | None = T,
    contact_at: datetime | None = None,
) -> None:
    with db.transaction() as session:
        session.add(
            Subject(
                subject_id=sid,
                email=f"{sid}@example.com",
                status="active",
                demo=False,
                attributes={},
                created_at=T - 400 * DAY,
                updated_at=T,
                last_session_at=session_at,
                last_visit_at=visit_at,
                last_marketing_contact_at=contact_at,
            )
        )


def _record(
    db: Database, sid: str, activity: str, category: str, occurred: datetime = T, n: int = 1
) -> None:
    with db.transaction() as session:
        session.add_all(
            Record(
                subject_id=sid,
                activity=activity,
                category=category,
                property="app",
                data={"n": i},
                occurred_at=occurred,
                recorded_at=occurred,
                register_version=1,
            )
            for i in range(n)
        )


def _count(db: Database, sid: str | None = None, activity: str | None = None) -> int:
    query = select(func.count()).select_from(Record)
    if sid is not None:
        query = query.where(Record.subject_id == sid)
    if activity is not None:
        query = query.where(Record.activity == activity)
    with db.transaction(write=False) as session:
        return int(session.scalar(query) or 0)


def _erased(db: Database, sid: str) -> bool:
    with db.transaction(write=False) as session:
        subject = session.get(Subject, sid)
        return subject is not None and subject.erased_at is not None


def _sweep(
    db: Database,
    settings: Settings,
    at: datetime,
    *,
    dry_run: bool = False,
    batch: int = 7,
    max_share: float = 1.0,
) -> RetentionRun:
    """A sweep with the clock at `at`; these databases are tiny, so each due subject is a
    large share of them: the share guard is off unless a test turns it on."""
    tuned = settings.model_copy(
        update={"retention_batch_size": batch, "retention_max_share": max_share}
    )
    with clock.frozen(at):
        return retention.run(db, tuned, at=at, dry_run=dry_run, actor="test")


def test_inactive_account_erased_12_months_after_last_session(
    db: Database, settings: Settings, loaded: Register
) -> None:
    _subject(db, "a1")
    _record(db, "a1", "account", "profile", n=3)
    _record(db, "a1", "support", "message")
    _sweep(db, settings, add_months(T, 12) - DAY)
    assert not _erased(db, "a1")
    assert _count(db, "a1") == 4
    run = _sweep(db, settings, add_months(T, 12) + DAY)
    assert run.report["subjects_erased"] == 1
    assert _erased(db, "a1")
    assert _count(db, "a1") == 0
    assert _count(db, activity="support") == 1  # anonymised, as its rule says, not deleted


def test_server_logs_erased_12_months_after_the_last_visit(
    db: Database, settings: Settings, loaded: Register
) -> None:
    _subject(db, "v1", session_at=add_months(T, 20), visit_at=T)
    _record(db, "v1", "server_logs", "ip_address", n=5)
    _record(db, "v1", "account", "profile")
    _sweep(db, settings, add_months(T, 12) - DAY)
    assert _count(db, "v1", "server_logs") == 5
    run = _sweep(db, settings, add_months(T, 12) + DAY)
    assert run.report["rules"]["server_logs"]["records"] == 5
    assert _count(db, "v1", "server_logs") == 0
    assert _count(db, "v1", "account") == 1
    assert not _erased(db, "v1")


def test_marketing_data_erased_12_months_after_the_last_communication(
    db: Database, settings: Settings, loaded: Register
) -> None:
    _subject(db, "m1", session_at=add_months(T, 20), visit_at=add_months(T, 20), contact_at=T)
    _record(db, "m1", "marketing", "email")
    _sweep(db, settings, add_months(T, 12) - DAY)
    assert _count(db, "m1", "marketing") == 1
    _sweep(db, settings, add_months(T, 12) + DAY)
    assert _count(db, "m1", "marketing") == 0


def test_analytics_deleted_within_24_months_of_the_last_visit(
    db: Database, settings: Settings, loaded: Register
) -> None:
    _subject(db, "g1", session_at=add_months(T, 30), visit_at=T)
    _record(db, "g1", "google_analytics", "traffic", n=2)
    _record(db, "g1", "web_analytics", "interaction")
    _sweep(db, settings, add_months(T, 24) - DAY)
    assert _count(db, "g1") == 3
    _sweep(db, settings, add_months(T, 24) + DAY)
    assert _count(db, "g1") == 0


def test_accounting_records_kept_for_the_statutory_hold_then_released(
    db: Database, settings: Settings, loaded: Register
) -> None:
    _subject(db, "p1")
    paid = T - 30 * DAY
    _record(db, "p1", "payments", "payment_confirmation", occurred=paid)
    _record(db, "p1", "payments", "payment_authorisation", occurred=paid)
    _sweep(db, settings, add_months(T, 13))
    assert _erased(db, "p1")
    assert _count(db, "p1", "payments") == 1  # the confirmation, under the accounting hold
    _sweep(db, settings, add_months(paid, 120) - DAY)
    assert _count(db, "p1", "payments") == 1
    run = _sweep(db, settings, add_months(paid, 120) + DAY)
    assert run.report["released_holds"] == 1
    assert _count(db, "p1", "payments") == 0


def test_activity_resets_the_clock(
    client: TestClient,
    db: Database,
    settings: Settings,
    loaded: Register,
    make_key: Callable[..., str],
) -> None:
    _subject(db, "r1", session_at=add_months(T, 40), visit_at=T)
    _record(db, "r1", "server_logs", "device_id")
    later = add_months(T, 6)
    ping = client.post(
        "/v1/subjects/r1/activity",
        headers=bearer(make_key("subjects:write")),
        json={"kind": "visit", "property": "site", "at": later.isoformat()},
    )
    assert ping.status_code == 204
    _sweep(db, settings, add_months(T, 12) + DAY)
    assert _count(db, "r1") == 1
    _sweep(db, settings, add_months(later, 12) + DAY)
    assert _count(db, "r1") == 0


def test_dry_run_and_preview_change_nothing(
    client: TestClient,
    db: Database,
    settings: Settings,
    loaded: Register,
    make_key: Callable[..., str],
) -> None:
    _subject(db, "d1")
    _record(db, "d1", "account", "profile", n=2)
    at = add_months(T, 13)
    run = _sweep(db, settings, at, dry_run=True)
    assert run.report["rules"]["account"]["subjects"] == 1
    assert run.report["rules"]["account"]["records"] == 2
    preview = client.get(
        f"/v1/retention/preview?at={at.isoformat().replace('+', '%2B')}",
        headers=bearer(make_key("retention:run")),
    ).json()
    assert preview["rules"]["account"]["records"] == 2
    assert not _erased(db, "d1")
    assert _count(db, "d1") == 2


def test_a_run_repeated_at_the_same_instant_changes_nothing(
    db: Database, settings: Settings, loaded: Register
) -> None:
    _subject(db, "x1", session_at=add_months(T, 30), visit_at=T)
    _record(db, "x1", "server_logs", "ip_address", n=20)
    at = add_months(T, 13)
    first = _sweep(db, settings, at)
    assert first.report["rules"]["server_logs"]["records"] == 20
    second = _sweep(db, settings, at)
    assert all(rule["records"] == 0 for rule in second.report["rules"].values())
    assert second.report["subjects_erased"] == 0
    with db.transaction(write=False) as session:
        batches = audit.list_entries(session, action="retention.erase", limit=100)
    assert len(batches) == 3  # 20 records in key ranges of 7: one entry per batch


def test_concurrent_runs_never_both_work(
    client: TestClient,
    db: Database,
    database_url: str,
    loaded: Register,
    make_key: Callable[..., str],
) -> None:

    with exclusive_run(db):
        result = run_cli(database_url, "retention", "run")
        api = client.post("/v1/retention/runs", json={}, headers=bearer(make_key("retention:run")))
    assert result.returncode == 3
    assert "Another retention run" in result.stderr
    assert_problem(api, 409)


def test_killed_run_leaves_no_half_erased_subject_and_the_next_run_finishes(
    db: Database, database_url: str, loaded: Register
) -> None:
    for i in range(120):
        _subject(db, f"k{i:03d}")
        _record(db, f"k{i:03d}", "account", "profile", n=5)
    env = process_env(
        database_url, PRIVACY_API_RETENTION_BATCH_SIZE="5", PRIVACY_API_RETENTION_MAX_SHARE="1"
    )
    at = add_months(T, 13).isoformat()
    proc = subprocess.Popen(
        [sys.executable, "-m", "privacy_api.cli", "retention", "run", "--at", at],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        with db.transaction(write=False) as session:
            done = (
                session.scalar(
                    select(func.count()).select_from(Subject).where(Subject.erased_at.is_not(None))
                )
                or 0
            )
        if done >= 5:
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with db.transaction(write=False) as session:
        for subject in session.scalars(select(Subject)):
            left = _count(db, subject.subject_id)
            assert left == (0 if subject.erased_at else 5), subject.subject_id
    result = subprocess.run(
        [sys.executable, "-m", "privacy_api.cli", "retention", "run", "--at", at],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    with db.transaction(write=False) as session:
        assert (
            session.scalar(
                select(func.count()).select_from(Subject).where(Subject.erased_at.is_(None))
            )
            == 0
        )
        statuses = [
            r.status for r in session.scalars(select(RetentionRun).order_by(RetentionRun.id))
        ]
    assert _count(db) == 0
    assert statuses[-1] == "completed"
    assert statuses[0] in ("abandoned", "completed")


def test_runs_are_reported_through_the_api(
    client: TestClient, db: Database, loaded: Register, make_key: Callable[..., str]
) -> None:
    key = bearer(make_key("retention:run"))
    created = client.post("/v1/retention/runs", json={"dry_run": True}, headers=key)
    assert created.status_code == 201, created.text
    run = client.get(f"/v1/retention/runs/{created.json()['id']}", headers=key).json()
    assert run["status"] == "completed"
    assert run["dry_run"] is True
    assert "account" in run["report"]["rules"]
    assert_problem(client.get("/v1/retention/runs/999", headers=key), 404)
    assert_problem(
        client.post("/v1/retention/runs", json={}, headers=bearer(make_key("records:read"))), 403
    )
    assert_problem(
        client.post("/v1/retention/runs", json={"at": "2026-01-01T00:00:00"}, headers=key), 422
    )


@pytest.mark.parametrize("at", ["yesterday", "2026-13-01T00:00:00+00:00"])
def test_preview_rejects_bad_instants(
    client: TestClient, loaded: Register, make_key: Callable[..., str], at: str
) -> None:
    assert_problem(
        client.get(f"/v1/retention/preview?at={at}", headers=bearer(make_key("retention:run"))), 422
    )


@pytest.mark.parametrize(
    ("at", "said"),
    [
        ("yesterday", "Invalid isoformat"),
        ("2026-11-25T00:00:00", "needs an offset"),
        ("0005-01-01T00:00:00+00:00", "between 2000-01-01 and 9000-01-01"),
    ],
)
def test_cli_refuses_bad_instants_as_the_api_does_and_runs_nothing(
    db: Database, database_url: str, loaded: Register, at: str, said: str
) -> None:

    result = run_cli(database_url, "retention", "run", "--at", at)
    assert result.returncode == 2
    assert said in result.stderr
    assert "Traceback" not in result.stderr
    with db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(RetentionRun)) == 0


def _kept_responses(db: Database) -> list[str]:
    with db.transaction(write=False) as session:
        rows = session.scalars(select(IdempotencyRecord.key).order_by(IdempotencyRecord.key))
        return list(rows)


def test_kept_idempotent_responses_deleted_by_the_sweep_once_their_key_window_ends(
    client: TestClient,
    db: Database,
    settings: Settings,
    loaded: Register,
    make_key: Callable[..., str],
) -> None:
    """A response kept for an Idempotency-Key holds what was created, here a record's data;
    it goes with the first sweep after its key stops replaying (24 hours), counted in real
    time even when the rules run as of another instant."""
    _subject(db, "k1", session_at=T + 400 * DAY, visit_at=T + 400 * DAY)
    writer = bearer(make_key("records:write"))

    def post(key: str, now: datetime, name: str) -> httpx.Response:
        body = {
            "subject_id": "k1",
            "activity": "account",
            "category": "profile",
            "property": "app",
            "data": {"name": name},
            "occurred_at": T.isoformat(),
        }
        with clock.frozen(now):
            headers = {**writer, "Idempotency-Key": key}
            response: httpx.Response = client.post("/v1/records", json=body, headers=headers)
        return response

    assert post("old", T, "Ada").status_code == 201
    assert post("new", T + timedelta(hours=20), "Grace").status_code == 201
    window_ends = T + timedelta(hours=24, minutes=1)
    planned = _sweep(db, settings, window_ends, dry_run=True)
    assert planned.report["idempotency_responses"] == 1
    assert _kept_responses(db) == ["new", "old"]

    run = _sweep(db, settings, window_ends)
    assert run.report["idempotency_responses_deleted"] == 1
    assert _kept_responses(db) == ["new"]
    with db.transaction(write=False) as session:
        (entry,) = audit.list_entries(session, action="retention.purge_idempotency", limit=10)
        assert entry.details["responses"] == 1
    later = T + timedelta(hours=25)
    assert post("new", later, "Grace").headers["Idempotent-Replayed"] == "true"
    again = post("old", later, "Ada")  # the key no longer replays: a retry creates anew
    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again.headers

    with clock.frozen(later):
        far = retention.run(db, settings, at=add_months(T, 6), dry_run=True, actor="test")
    assert far.report["idempotency_responses"] == 0
