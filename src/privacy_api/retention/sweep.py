"""Preview and run the sweep: set-based statements in key-range batches, each committed alone.

Batches walk the primary key in fixed ranges (carrying the last id forward), so no batch
re-scans what the previous ones looked at, no batch holds locks for long, and memory holds
no rows at all. Every statement repeats its whole predicate, so a batch that ran twice, or a
run that died and was started again, changes nothing more than one run would.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.core.data.db import Database, rowcount
from privacy_api.core.http import idempotency
from privacy_api.core.time import clock
from privacy_api.records.models import Record
from privacy_api.register.spec import RegisterSpec
from privacy_api.retention import guard, rules, stores
from privacy_api.retention.lock import exclusive_run
from privacy_api.retention.models import RetentionRun
from privacy_api.retention.stores import count_due
from privacy_api.subjects.models import Subject

log = logging.getLogger("privacy_api.retention")
ACTOR = "system:retention"
SUBJECTS_PER_PASS = 200

EraseSubject = Callable[[Session, str], dict[str, Any]]


@dataclass(frozen=True)
class Windows:
    """The windows of real time some stores are kept for, from the settings."""

    idempotency: timedelta
    intake: timedelta


def preview(
    session: Session, spec: RegisterSpec, at: datetime, *, windows: Windows
) -> dict[str, Any]:
    """Per rule: how many records and subjects would go at `at`; per store of the service's
    own, how many rows would be cleared or deleted; in all, the count a run would need
    confirmed. Changes nothing."""
    return _plan(session, spec, at, windows=windows)[0]


def _plan(
    session: Session, spec: RegisterSpec, at: datetime, *, windows: Windows
) -> tuple[dict[str, Any], guard.DueSet]:
    keys_before = _keys_expire_before(spec, at, windows.idempotency)
    report: dict[str, Any] = {
        "at": at.isoformat(),
        "rules": {},
        "idempotency_responses": idempotency.count_kept_before(session, keys_before),
        "stores": {
            rule.name: {
                "action": rule.action,
                "period_months": rule.rule.period_months,
                "clock": rule.rule.clock,
                "cutoff": rule.cutoff.isoformat(),
                "rows": count_due(session, rule),
            }
            for rule in stores.store_rules(spec, at, intake_window=windows.intake)
        },
    }
    for due in rules.due_rules(spec, at):
        records = (
            session.scalar(
                select(func.count()).select_from(Record).where(rules.records_due(due, at))
            )
            or 0
        )
        subjects = 0
        if due.activity.erases_subject:
            subjects = (
                session.scalar(
                    select(func.count()).select_from(Subject).where(rules.subjects_due(due))
                )
                or 0
            )
        report["rules"][due.name] = {
            "action": due.rule.action,
            "period_months": due.rule.period_months,
            "clock": due.rule.clock,
            "cutoff": due.cutoff.isoformat(),
            "records": int(records),
            "subjects": int(subjects),
        }
    report["released_holds"] = int(
        session.scalar(
            select(func.count()).select_from(Record).where(rules.released_holds(spec, at))
        )
        or 0
    )
    taking = guard.due_set(session, report)
    report["due"] = taking.report()
    return report, taking


def _id_range(db: Database, where: ColumnElement[bool]) -> tuple[int, int] | None:
    with db.transaction(write=False) as session:
        low, high = session.execute(
            select(func.min(Record.id), func.max(Record.id)).where(where)
        ).one()
    return None if low is None else (int(low), int(high))


def _batches(
    db: Database,
    run_id: int,
    *,
    name: str,
    action: str,
    scope: ColumnElement[bool],
    due: Callable[[], ColumnElement[bool]],
    batch_size: int,
) -> int:
    """Apply `action` to the due rows, one committed key range at a time."""
    bounds = _id_range(db, scope)
    if bounds is None:
        return 0
    total = 0
    for start in range(bounds[0], bounds[1] + 1, batch_size):
        in_range = (Record.id >= start) & (Record.id < start + batch_size) & due()
        statement = (
            update(Record)
            .where(in_range)
            .values(subject_id=None, data=None, anonymised_at=clock.now())
            if action == "anonymise"
            else delete(Record).where(in_range)
        )
        with db.transaction() as session:
            # Core execution on the session's connection: ORM bulk DML would fetch every
            # affected key back to synchronise a session that holds none of these rows.
            result = session.connection().execute(statement)
            done = rowcount(result)
            if done:
                audit.append_entry(
                    session,
                    actor=ACTOR,
                    action=f"retention.{action}",
                    target=f"rule/{name}",
                    details={
                        "run": run_id,
                        "records": done,
                        "from_id": start,
                        "to_id": start + batch_size - 1,
                    },
                )
            _beat(session, run_id)
        total += done
    return total


def _beat(session: Session, run_id: int) -> None:
    session.execute(
        update(RetentionRun).where(RetentionRun.id == run_id).values(heartbeat_at=clock.now())
    )


def _erase_inactive(
    db: Database, spec: RegisterSpec, at: datetime, run_id: int, erase_subject: EraseSubject
) -> int:
    """Inactive accounts go through the Art. 17 erasure: one subject, one transaction."""
    account = next((d for d in rules.due_rules(spec, at) if d.activity.erases_subject), None)
    if account is None:
        return 0
    erased = 0
    while True:
        with db.transaction(write=False) as session:
            batch = list(
                session.scalars(
                    select(Subject.subject_id)
                    .where(rules.subjects_due(account))
                    .order_by(Subject.subject_id)
                    .limit(SUBJECTS_PER_PASS)
                )
            )
        if not batch:
            return erased
        for subject_id in batch:
            with db.transaction() as session:
                erase_subject(session, subject_id)
                _beat(session, run_id)
            erased += 1


def _keys_expire_before(spec: RegisterSpec, at: datetime, window: timedelta) -> datetime:
    """Keys replay for a window of real time, whatever instant the rules run as of; the
    register's period for kept responses is the ceiling should the window be longer."""
    moment = min(at, clock.now())
    ceiling = stores.ceiling(spec, "idempotency_responses", moment)
    return max(moment - window, ceiling) if ceiling is not None else moment - window


def _purge_kept_responses(db: Database, run_id: int, before: datetime) -> int:
    with db.transaction() as session:
        done = idempotency.purge_kept_before(session, before)
        if done:
            audit.append_entry(
                session,
                actor=ACTOR,
                action="retention.purge_idempotency",
                target="idempotency_record",
                details={"run": run_id, "responses": done, "before": before.isoformat()},
            )
        _beat(session, run_id)
    return done


def _sweep_stores(
    db: Database,
    spec: RegisterSpec,
    at: datetime,
    run_id: int,
    windows: Windows,
    batch_size: int,
) -> dict[str, Any]:
    """The service's own stores, each by its register activity's rule (stores.py)."""
    done: dict[str, Any] = {}
    for rule in stores.store_rules(spec, at, intake_window=windows.intake):
        started = clock.now()
        rows = stores.apply(db, rule, run_id=run_id, actor=ACTOR, batch_size=batch_size, beat=_beat)
        done[rule.name] = {
            "action": rule.action,
            "rows": rows,
            "started": started.isoformat(),
            "finished": clock.now().isoformat(),
        }
    return done


def _start(db: Database, *, at: datetime, dry_run: bool, actor: str) -> int:
    with db.transaction() as session:
        # Holding the lock, any run still marked running has died.
        session.execute(
            update(RetentionRun)
            .where(RetentionRun.status == "running")
            .values(status="abandoned", finished_at=clock.now())
        )
        now = clock.now()
        run = RetentionRun(
            at=at,
            dry_run=dry_run,
            actor=actor,
            status="running",
            started_at=now,
            heartbeat_at=now,
            report={},
        )
        session.add(run)
        session.flush()
        return run.id


def _refuse(db: Database, run_id: int, plan: dict[str, Any], reason: str) -> None:
    """The stopped run stays on record, with what it would have done and why it did not."""
    with db.transaction() as session:
        audit.append_entry(
            session,
            actor=ACTOR,
            action="retention.refused",
            target=f"retention_run/{run_id}",
            details={"run": run_id, "reason": reason, **plan["due"]},
        )
    _finish(db, run_id, "refused", {**plan, "refused": reason})


def _finish(db: Database, run_id: int, status: str, report: dict[str, Any]) -> RetentionRun:
    with db.transaction() as session:
        run = session.get(RetentionRun, run_id)
        assert run is not None
        run.status, run.report, run.finished_at = status, report, clock.now()
        return run


def run_sweep(
    db: Database,
    *,
    spec: RegisterSpec,
    at: datetime | None,
    dry_run: bool,
    actor: str,
    erase_subject: EraseSubject,
    batch_size: int,
    windows: Windows,
    max_share: float,
    confirm_count: int | None,
) -> RetentionRun:
    """One sweep at `at` (default now); another run at the same time is refused, and so is
    one whose due set is beyond `max_share` of everything unless `confirm_count` names it."""
    moment = at or clock.now()
    with exclusive_run(db):
        run_id = _start(db, at=moment, dry_run=dry_run, actor=actor)
        with db.transaction(write=False) as session:
            planned, taking = _plan(session, spec, moment, windows=windows)
        if dry_run:
            return _finish(db, run_id, "completed", planned)
        refused = guard.check_confirmed(taking, max_share=max_share, confirm_count=confirm_count)
        if refused is not None:
            _refuse(db, run_id, planned, refused)
            raise guard.refusal(taking, reason=refused, max_share=max_share, run_id=run_id)
        report: dict[str, Any] = {"at": moment.isoformat(), "rules": {}, "due": planned["due"]}
        try:
            started = clock.now()
            subjects = _erase_inactive(db, spec, moment, run_id, erase_subject)
            report["subjects_erased"] = subjects
            report["subject_erasure"] = {
                "started": started.isoformat(),
                "finished": clock.now().isoformat(),
            }
            for due in rules.due_rules(spec, moment):
                started = clock.now()
                count = _batches(
                    db,
                    run_id,
                    name=due.name,
                    action=due.rule.action,
                    scope=Record.activity == due.activity.key,
                    due=partial(rules.records_due, due, moment),
                    batch_size=batch_size,
                )
                report["rules"][due.name] = {
                    "action": due.rule.action,
                    "records": count,
                    "status": "completed",
                    "started": started.isoformat(),
                    "finished": clock.now().isoformat(),
                }
            report["released_holds"] = _batches(
                db,
                run_id,
                name="statutory_holds",
                action="erase",
                scope=rules.released_holds(spec, moment),
                due=lambda: rules.released_holds(spec, moment),
                batch_size=batch_size,
            )
            keys_before = _keys_expire_before(spec, moment, windows.idempotency)
            report["idempotency_responses_deleted"] = _purge_kept_responses(db, run_id, keys_before)
            report["stores"] = _sweep_stores(db, spec, moment, run_id, windows, batch_size)
        except Exception as exc:
            report["error"] = type(exc).__name__
            _finish(db, run_id, "failed", report)
            raise
        return _finish(db, run_id, "completed", report)
