"""Rules about subjects: upsert, staff reads (audited), clocks, restriction, objection."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import (
    JSON,
    Select,
    String,
    bindparam,
    case,
    cast,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.core import clock
from privacy_api.core.db import UTCDateTime
from privacy_api.core.errors import Conflict, NotFound, Unprocessable
from privacy_api.core.hot import HotConnection
from privacy_api.core.secrets import keyed_hash
from privacy_api.subjects.models import Objection, Subject
from privacy_api.subjects.schemas import SubjectUpsert

ClockKind = Literal["session", "visit", "marketing_contact"]
_CLOCK_COLUMN = {
    "session": Subject.last_session_at,
    "visit": Subject.last_visit_at,
    "marketing_contact": Subject.last_marketing_contact_at,
}
_PROFILE_FIELDS = ("email", "name", "status", "demo", "attributes")


class SubjectNotFound(NotFound):
    slug, title = "subject-not-found", "No such data subject"


class SubjectErased(Conflict):
    slug, title = "subject-erased", "The data subject was erased"


class ActivityInFuture(Unprocessable):
    slug, title = "activity-in-future", "Activity time is in the future"


def email_lookup_hash(lookup_key: bytes, email: str) -> str:
    return keyed_hash(lookup_key, email.strip().lower())


def get_subject(session: Session, subject_id: str) -> Subject:
    subject = session.get(Subject, subject_id)
    if subject is None:
        raise SubjectNotFound(f"No data subject has the id {subject_id!r}.")
    return subject


def upsert_subject(
    session: Session, *, subject_id: str, data: SubjectUpsert, lookup_key: bytes, actor: str
) -> tuple[Subject, bool]:
    """Create or replace a subject's profile; the clocks are left to activity reports."""
    now = clock.now()
    subject = session.get(Subject, subject_id)
    created = subject is None
    if subject is None:
        subject = Subject(subject_id=subject_id, created_at=now, attributes={})
        session.add(subject)
    elif subject.erased_at is not None:
        raise SubjectErased(
            f"Subject {subject_id!r} was erased; a returning person needs a new account id."
        )
    changed = [f for f in _PROFILE_FIELDS if getattr(subject, f, None) != getattr(data, f)]
    subject.email = data.email
    subject.email_hash = email_lookup_hash(lookup_key, data.email) if data.email else None
    subject.name = data.name
    if data.status == "closed" and subject.status != "closed":
        subject.closed_at = now
    elif data.status == "active":
        subject.closed_at = None
    subject.status = data.status
    subject.demo = data.demo
    subject.attributes = dict(data.attributes)
    subject.updated_at = now
    session.flush()
    audit.append_entry(
        session,
        actor=actor,
        action="subject.created" if created else "subject.updated",
        target=f"subject/{subject_id}",
        subject_id=subject_id,
        details={"fields": changed},
    )
    return subject, created


def read_subject(session: Session, *, subject_id: str, actor: str) -> Subject:
    """A staff read of a profile: every one is attributable (policy §4)."""
    subject = get_subject(session, subject_id)
    audit.append_entry(
        session,
        actor=actor,
        action="subject.read",
        target=f"subject/{subject_id}",
        subject_id=subject_id,
    )
    return subject


def find_by_email(session: Session, *, email: str, lookup_key: bytes, actor: str) -> list[Subject]:
    digest = email_lookup_hash(lookup_key, email)
    found = list(
        session.scalars(
            select(Subject).where(Subject.email_hash == digest).order_by(Subject.subject_id)
        )
    )
    audit.append_entry(
        session,
        actor=actor,
        action="subject.looked_up",
        target="subjects",
        details={"by": "email", "matches": [s.subject_id for s in found]},
    )
    return found


_clock_statements = {
    kind: update(Subject)
    .where(Subject.subject_id == bindparam("sid"), Subject.erased_at.is_(None))
    .values(
        {
            column: case(
                (column.is_(None), bindparam("at", type_=UTCDateTime())),
                (
                    column < bindparam("at", type_=UTCDateTime()),
                    bindparam("at", type_=UTCDateTime()),
                ),
                else_=column,
            )
        }
    )
    for kind, column in _CLOCK_COLUMN.items()
}


async def advance_clock(
    conn: HotConnection,
    *,
    subject_id: str,
    kind: ClockKind,
    at: datetime | None,
    max_skew: timedelta,
) -> None:
    """Move one clock forward, never back, in one UPDATE: no read, so no lost race."""
    now = clock.now()
    moment = at or now
    if moment > now + max_skew:
        raise ActivityInFuture(
            f"'at' is more than {int(max_skew.total_seconds())} s in the future."
        )
    result = await conn.execute(_clock_statements[kind], {"sid": subject_id, "at": moment})
    if result.rowcount == 0:
        raise SubjectNotFound(f"No data subject has the id {subject_id!r}.")


def restrict_processing(session: Session, *, subject_id: str, reason: str, actor: str) -> Subject:
    """Art. 18: from now on only storage, until lifted."""
    subject = get_subject(session, subject_id)
    if subject.restricted_at is None:
        subject.restricted_at = clock.now()
    subject.restriction_reason = reason
    audit.append_entry(
        session,
        actor=actor,
        action="subject.restricted",
        target=f"subject/{subject_id}",
        subject_id=subject_id,
    )
    return subject


def lift_restriction(session: Session, *, subject_id: str, actor: str) -> Subject:
    subject = get_subject(session, subject_id)
    subject.restricted_at = None
    subject.restriction_reason = None
    audit.append_entry(
        session,
        actor=actor,
        action="subject.restriction_lifted",
        target=f"subject/{subject_id}",
        subject_id=subject_id,
    )
    return subject


def record_objection(
    session: Session,
    *,
    subject_id: str,
    activity: str,
    status: str,
    actor: str,
    reason: str | None = None,
) -> Objection:
    """Art. 21: note the objection (pending a decision, or upheld at once)."""
    get_subject(session, subject_id)
    objection = session.scalar(
        select(Objection).where(Objection.subject_id == subject_id, Objection.activity == activity)
    )
    now = clock.now()
    if objection is None:
        objection = Objection(subject_id=subject_id, activity=activity, created_at=now)
        session.add(objection)
    objection.status = status
    objection.reason = reason
    objection.decided_at = now if status != "pending" else None
    session.flush()
    audit.append_entry(
        session,
        actor=actor,
        action=f"objection.{status}",
        target=f"subject/{subject_id}/objection/{activity}",
        subject_id=subject_id,
        details={"activity": activity},
    )
    return objection


# Objections that stop processing: upheld ones, and pending ones while they are decided.
BLOCKING_OBJECTIONS = ("pending", "upheld")


@dataclass(frozen=True)
class ProcessingState:
    """What stops new processing for a set of subjects. A subject free to be processed,
    the usual case, appears nowhere: the query returns no row for it."""

    missing: frozenset[str]  # unknown, or erased
    restricted: frozenset[str]  # Art. 18
    objected: dict[str, frozenset[str]]  # Art. 21: subject -> activities

    def blocks_anything(self) -> bool:
        return bool(self.restricted or self.objected)

    def is_clear(self) -> bool:
        """Every subject exists and is neither restricted nor objecting: nothing to check."""
        return not (self.missing or self.blocks_anything())


def _exceptions_among(given: Any) -> Select[Any, str | None, datetime | None, str | None]:
    """Each id of `given` (a one-column FROM) that is missing, restricted or objected, with
    why: the rows `state_of` reads."""
    (given_id,) = given.c
    blocking = or_(*(Objection.status == status for status in BLOCKING_OBJECTIONS))
    subject = (Subject.subject_id == given_id) & Subject.erased_at.is_(None)
    return (
        select(given_id, Subject.subject_id, Subject.restricted_at, Objection.activity)
        .select_from(given)
        .outerjoin(Subject, subject)
        .outerjoin(Objection, (Objection.subject_id == Subject.subject_id) & blocking)
        .where(
            or_(
                Subject.subject_id.is_(None),
                Subject.restricted_at.is_not(None),
                Objection.activity.is_not(None),
            )
        )
    )


# All the ids in one JSON array (`ids_parameter`), so the statement is one constant for
# any batch. Its row estimate is a constant too: an array parameter made PostgreSQL's
# generic plan, which it picks after five runs of a prepared statement, 5-30 times slower
# than a custom one.
EXCEPTIONS = {
    "postgresql": _exceptions_among(
        func.json_array_elements_text(cast(bindparam("ids", type_=String), JSON))
        .table_valued("value")
        .render_derived(name="given")
    ),
    "sqlite": _exceptions_among(
        func.json_each(bindparam("ids", type_=String)).table_valued("value").alias("given")
    ),
}


def ids_parameter(subject_ids: Iterable[str]) -> dict[str, str]:
    """The parameter of an `EXCEPTIONS` query: each id once."""
    return {"ids": json.dumps(list(set(subject_ids)))}


async def processing_state(conn: HotConnection, subject_ids: Iterable[str]) -> ProcessingState:
    """Which of these subjects may not be processed, and why. One query for any number."""
    found = await conn.execute(EXCEPTIONS[conn.dialect], ids_parameter(subject_ids))
    return state_of(found.rows)


def state_of(exceptions: Iterable[Sequence[Any]]) -> ProcessingState:
    """The state shown by the rows of an `EXCEPTIONS` query."""
    missing: set[str] = set()
    restricted: set[str] = set()
    objected: dict[str, set[str]] = {}
    for sid, found, restricted_at, activity in exceptions:
        if found is None:
            missing.add(sid)
            continue
        if restricted_at is not None:
            restricted.add(sid)
        if activity is not None:
            objected.setdefault(sid, set()).add(activity)
    return ProcessingState(
        frozenset(missing),
        frozenset(restricted),
        {sid: frozenset(activities) for sid, activities in objected.items()},
    )
