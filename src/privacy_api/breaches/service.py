"""The life of a breach: its facts, the 72-hour clock, the assessment and the steps after."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, tuple_
from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.breaches import affected
from privacy_api.breaches.models import Breach, BreachNotice
from privacy_api.breaches.schemas import (
    AffectedFilter,
    Assessment,
    BreachCreate,
    BreachUpdate,
    Facts,
)
from privacy_api.core.http.errors import Conflict, NotFound, Unprocessable
from privacy_api.core.time import clock
from privacy_api.register.spec import RegisterSpec
from privacy_api.subjects.models import Subject

# Art. 33(1): "not later than 72 hours after having become aware of it": elapsed hours,
# whatever the clocks on the wall do meanwhile (stored and added in UTC).
AUTHORITY_WINDOW = timedelta(hours=72)
# An instant given as "now" by another clock may run a little ahead of ours.
FUTURE_SKEW = timedelta(minutes=5)
EARLIEST = datetime.fromisoformat("2000-01-01T00:00:00+00:00")

# action: (statuses it may start from, status it leads to; None keeps the status)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "update": (frozenset({"open", "assessed", "authority_notified", "subjects_notified"}), None),
    # A new fact may change the risk after the authority was told (it then may need Art. 34).
    "assess": (frozenset({"open", "assessed", "authority_notified"}), None),
    "notify_authority": (frozenset({"assessed"}), "authority_notified"),
    # Again from subjects_notified: people found later are told, the rest not twice.
    "notify_subjects": (
        frozenset({"authority_notified", "subjects_notified"}),
        "subjects_notified",
    ),
    "close": (frozenset({"assessed", "authority_notified", "subjects_notified"}), "closed"),
}
NOT_CLOSED = ("open", "assessed", "authority_notified", "subjects_notified")


class BreachNotFound(NotFound):
    slug, title = "breach-not-found", "No such breach"


class IllegalTransition(Conflict):
    slug, title = "breach-illegal-transition", "Not possible in the breach's current status"


class NothingToChange(Unprocessable):
    slug, title = "breach-nothing-to-change", "The change is empty"


class BreachTimeInvalid(Unprocessable):
    slug, title = "breach-time-invalid", "The time is not possible"


def due_at(became_aware_at: datetime) -> datetime:
    return clock.as_utc(became_aware_at) + AUTHORITY_WINDOW


def get_breach(session: Session, breach_id: str, *, lock: bool = False) -> Breach:
    breach = session.get(Breach, breach_id, with_for_update=lock or None)
    if breach is None:
        raise BreachNotFound(f"There is no breach {breach_id!r}.")
    return breach


def check_past(moment: datetime, name: str, *, not_before: datetime = EARLIEST) -> datetime:
    moment = clock.as_utc(moment)
    if moment > clock.now() + FUTURE_SKEW:
        raise BreachTimeInvalid(f"{name} is in the future.")
    if moment < not_before:
        raise BreachTimeInvalid(f"{name} is before {not_before.isoformat()}.")
    return moment


def check_step(breach: Breach, action: str) -> None:
    """409 unless the breach's status allows `action`."""
    allowed, _ = TRANSITIONS[action]
    if breach.status not in allowed:
        raise IllegalTransition(
            f"A breach in status {breach.status!r} cannot take the step {action!r}; "
            f"possible from: {', '.join(sorted(allowed))}."
        )


def step(
    session: Session,
    breach: Breach,
    action: str,
    *,
    actor: str,
    details: dict[str, Any] | None = None,
    to: str | None = None,
) -> None:
    """Move the breach as `action` allows (409 otherwise; `to` where the step's target
    depends on the status) and chain the step in the audit."""
    check_step(breach, action)
    target = to or TRANSITIONS[action][1]
    before = breach.status
    if target is not None:
        breach.status = target
    breach.updated_at = clock.now()
    audit.append_entry(
        session,
        actor=actor,
        action=f"breach.{action}",
        target=f"breach/{breach.id}",
        details={"from": before, "to": breach.status, **(details or {})},
    )


def _apply_facts(spec: RegisterSpec, breach: Breach, facts: Facts) -> list[str]:
    """Set the facts given; their field names (never values) for the audit."""
    given = facts.model_dump(exclude_unset=True, include=set(Facts.model_fields))
    affected.check_categories(
        spec, data=given.get("data_categories"), people=given.get("data_subject_categories")
    )
    for name, value in given.items():
        if value is None and name in ("data_categories", "data_subject_categories"):
            value = []
        setattr(breach, name, value)
    return sorted(given)


def _count_affected(
    session: Session, spec: RegisterSpec, breach: Breach, wanted: AffectedFilter
) -> None:
    affected.check_filter(spec, wanted)
    counts = affected.count(session, wanted)
    breach.affected_filter = wanted.model_dump(mode="json")
    breach.affected_subjects, breach.affected_records = counts.subjects, counts.records
    breach.affected_computed_at = clock.now()


def record_breach(session: Session, *, new: BreachCreate, spec: RegisterSpec, actor: str) -> Breach:
    """Art. 33(5): document the breach; its authority deadline is 72 hours on."""
    aware = check_past(new.became_aware_at, "became_aware_at")
    now = clock.now()
    breach = Breach(
        id=f"brc_{uuid.uuid4().hex[:24]}",
        status="open",
        nature=new.nature,
        data_subject_categories=[],
        data_categories=[],
        contact_email=spec.contact_point.email,
        became_aware_at=aware,
        authority_due_at=due_at(aware),
        created_at=now,
        created_by=actor,
        updated_at=now,
    )
    fields = _apply_facts(spec, breach, new)
    if new.affected is not None:
        _count_affected(session, spec, breach, new.affected)
    session.add(breach)
    audit.append_entry(
        session,
        actor=actor,
        action="breach.recorded",
        target=f"breach/{breach.id}",
        details={
            "to": "open",
            "fields": ["nature", "became_aware_at", *fields],
            "authority_due_at": breach.authority_due_at.isoformat(),
            **_affected_details(breach),
        },
    )
    return breach


def _affected_details(breach: Breach) -> dict[str, Any]:
    if breach.affected_filter is None:
        return {}
    return {
        "affected_subjects": breach.affected_subjects,
        "affected_records": breach.affected_records,
    }


def update_breach(
    session: Session, *, breach_id: str, change: BreachUpdate, spec: RegisterSpec, actor: str
) -> Breach:
    """New facts in phases (Art. 33(4)), the risk assessment, or the closing."""
    breach = get_breach(session, breach_id, lock=True)
    if not change.model_fields_set:
        raise NothingToChange("Send facts, `affected`, `assessment` or `status: closed`.")
    if change.model_fields_set - {"assessment", "status"}:
        check_step(breach, "update")  # before anything is counted or set
        fields = _apply_facts(spec, breach, change)
        if change.nature is not None:
            breach.nature = change.nature
            fields.append("nature")
        if change.affected is not None:
            _count_affected(session, spec, breach, change.affected)
            fields.append("affected")
        details = {"fields": sorted(fields), **_affected_details(breach)}
        step(session, breach, "update", actor=actor, details=details)
    if change.assessment is not None:
        assess(session, breach, change.assessment, actor=actor)
    if change.status == "closed":
        close(session, breach, actor=actor)
    return breach


def assess(session: Session, breach: Breach, assessment: Assessment, *, actor: str) -> None:
    """The risk to people's rights and freedoms, with the reasoning (Art. 33(1), 34(1))."""
    details = {"risk": assessment.risk, "previous_risk": breach.risk}
    # The first assessment moves an open breach on; a later one keeps the status it has.
    to = "assessed" if breach.status == "open" else None
    step(session, breach, "assess", actor=actor, details=details, to=to)
    breach.risk, breach.risk_reasoning = assessment.risk, assessment.reasoning
    breach.assessed_at = clock.now()


def close(session: Session, breach: Breach, *, actor: str) -> None:
    """Closing without telling the authority is the Art. 33(1) exception: only for a breach
    assessed as unlikely to result in a risk, its reasoning being the record of why. A high
    risk is closed only after the people were told (Art. 34(1))."""
    if breach.status == "assessed" and breach.risk != "no_risk":
        raise IllegalTransition(
            "Only a breach assessed as 'no_risk' may be closed without notifying the "
            "authority (Art. 33(1)); notify the authority first."
        )
    if breach.risk == "high_risk" and breach.status != "subjects_notified":
        raise IllegalTransition(
            "A high-risk breach is closed after the people concerned were told (Art. 34(1))."
        )
    untold = untold_people(session, breach) if breach.risk == "high_risk" else 0
    if untold:
        raise IllegalTransition(
            f"{untold} people reached by the breach (found since the last notice) have not "
            "been told yet (Art. 34(1)); call notify-subjects first."
        )
    step(session, breach, "close", actor=actor, details={"risk": breach.risk})
    breach.closed_at = clock.now()


def untold_people(session: Session, breach: Breach) -> int:
    """People the current `affected` filter reaches who could be mailed (an address, not
    erased) and were not told of this breach yet."""
    if breach.affected_filter is None:
        return 0
    wanted = AffectedFilter.model_validate(breach.affected_filter)
    told = exists().where(
        BreachNotice.breach_id == breach.id,
        BreachNotice.recipient_kind == "subject",
        BreachNotice.recipient_id == Subject.subject_id,
    )
    query = (
        select(func.count())
        .select_from(Subject)
        .where(
            Subject.subject_id.in_(affected.subject_ids(wanted)),
            Subject.erased_at.is_(None),
            Subject.email.is_not(None),
            ~told,
        )
    )
    return int(session.scalar(query) or 0)


def authority_overdue(breach: Breach, now: datetime) -> bool:
    return (
        breach.status in NOT_CLOSED
        and breach.authority_notified_at is None
        and breach.risk != "no_risk"
        and clock.as_utc(breach.authority_due_at) < now
    )


def _overdue_clause(now: datetime) -> Any:
    return and_(
        Breach.status.in_(NOT_CLOSED),
        Breach.authority_notified_at.is_(None),
        or_(Breach.risk.is_(None), Breach.risk != "no_risk"),
        Breach.authority_due_at < now,
    )


def list_breaches(
    session: Session,
    *,
    status: str | None,
    overdue: bool,
    after: tuple[datetime, str] | None,
    limit: int,
) -> list[Breach]:
    """Soonest authority deadline first; up to `limit` and one more (a next page exists)."""
    query = select(Breach).order_by(Breach.authority_due_at, Breach.id).limit(limit + 1)
    if status is not None:
        query = query.where(Breach.status == status)
    if overdue:
        query = query.where(_overdue_clause(clock.now()))
    if after is not None:
        query = query.where(tuple_(Breach.authority_due_at, Breach.id) > after)
    return list(session.scalars(query))


@dataclass(frozen=True)
class DeadlineCounts:
    open: int
    authority_overdue: int


def deadline_counts(session: Session, now: datetime) -> DeadlineCounts:
    """For the metrics and the daily digest: breaches not closed, and those whose 72 hours
    have passed without notifying the authority (a breach assessed 'no_risk' is not late:
    Art. 33(1) asks no notification of it)."""
    row = session.execute(
        select(
            func.count().filter(Breach.status.in_(NOT_CLOSED)),
            func.count().filter(_overdue_clause(now)),
        )
    ).one()
    return DeadlineCounts(open=int(row[0]), authority_overdue=int(row[1]))
