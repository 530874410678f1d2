"""The register's retention rules as SQL predicates: which records and subjects are due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, not_, or_, select, true

from privacy_api.core.time import clock
from privacy_api.dsar.deadlines import add_months
from privacy_api.records.models import Record
from privacy_api.register.spec import Activity, RegisterSpec, RetentionRule
from privacy_api.subjects.models import Subject

# A subject that never had a session (or visit, or contact) is counted from its creation.
_SUBJECT_CLOCK = {
    "last_session": func.coalesce(Subject.last_session_at, Subject.created_at),
    "last_visit": func.coalesce(Subject.last_visit_at, Subject.created_at),
    "last_marketing_contact": func.coalesce(Subject.last_marketing_contact_at, Subject.created_at),
    "account_closed": Subject.closed_at,
}


@dataclass(frozen=True)
class DueRule:
    activity: Activity
    rule: RetentionRule
    cutoff: datetime
    at: datetime

    @property
    def name(self) -> str:
        return self.activity.key


def due_rules(spec: RegisterSpec, at: datetime) -> list[DueRule]:
    return [
        DueRule(a, a_rule, add_months(at, -a_rule.period_months), at)
        for a in spec.activities
        if a.store is None  # the service's own stores: stores.py
        for a_rule in (spec.retention_of(a),)
    ]


def subjects_due(due: DueRule) -> ColumnElement[bool]:
    """Live subjects whose clock for this rule ran out before the cutoff, or, for a rule
    with a second clock ("whichever is sooner"), whose second event has happened by `at`."""
    if due.rule.clock == "record_time":
        return true()
    clock = _SUBJECT_CLOCK[due.rule.clock]
    ran_out = and_(clock.is_not(None), clock < due.cutoff)
    if due.rule.or_at is not None:
        event = _SUBJECT_CLOCK[due.rule.or_at]
        ran_out = or_(ran_out, and_(event.is_not(None), event <= due.at))
    return and_(ran_out, Subject.erased_at.is_(None))


def holds_judged_at(at: datetime) -> datetime:
    """The instant statutory holds are judged at, whatever instant the rules run as of.

    A law that keeps an invoice for years counts real years: a run dated in the future must
    not end a hold early. A run dated in the past keeps its own, earlier instant, so a hold
    never ends sooner than the real clock says (the past run only ever erases less)."""
    return min(at, clock.now())


def held(due: DueRule, holds_at: datetime) -> ColumnElement[bool]:
    hold = due.rule.hold
    if hold is None:
        return ~true()
    return and_(
        Record.category.in_(hold.categories),
        Record.occurred_at > add_months(holds_at, -12 * hold.years),
    )


def records_due(due: DueRule, at: datetime) -> ColumnElement[bool]:
    """This activity's records that its rule says must go at `at` (held ones spared)."""
    conditions = [
        Record.activity == due.activity.key,
        Record.anonymised_at.is_(None),
        Record.subject_id.is_not(None),
        not_(held(due, holds_judged_at(at))),
    ]
    if due.rule.clock == "record_time":
        conditions.append(Record.occurred_at < due.cutoff)
    else:
        conditions.append(
            Record.subject_id.in_(select(Subject.subject_id).where(subjects_due(due)))
        )
    return and_(*conditions)


def released_holds(spec: RegisterSpec, at: datetime) -> ColumnElement[bool]:
    """Held records of erased subjects whose statutory hold has ended (by the real clock)."""
    holds_at = holds_judged_at(at)
    parts = []
    for activity in spec.activities:
        if activity.store is not None:
            continue
        hold = spec.retention_of(activity).hold
        if hold is not None:
            parts.append(
                and_(
                    Record.activity == activity.key,
                    Record.category.in_(hold.categories),
                    Record.occurred_at <= add_months(holds_at, -12 * hold.years),
                )
            )
    erased = select(Subject.subject_id).where(Subject.erased_at.is_not(None))
    return and_(or_(*parts), Record.subject_id.in_(erased)) if parts else ~true()
