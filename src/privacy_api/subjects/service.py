"""Rules about subjects: upsert, staff reads (audited), clocks, restriction, objection."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from pydantic import ValidationError
from sqlalchemy import (
    bindparam,
    case,
    select,
    update,
)
from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.core.data.db import UTCDateTime
from privacy_api.core.data.hot import HotConnection
from privacy_api.core.http.errors import Conflict, NotFound, Unprocessable
from privacy_api.core.security.secrets import keyed_hash
from privacy_api.core.time import clock
from privacy_api.subjects.models import Objection, Subject
from privacy_api.subjects.schemas import SubjectPatch, SubjectUpsert

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
    """The subject as it stands, a tombstone if erased: for reads."""
    subject = session.get(Subject, subject_id)
    if subject is None:
        raise SubjectNotFound(f"No data subject has the id {subject_id!r}.")
    return subject


def refuse_erased(subject: Subject) -> Subject:
    """Nothing is added for an erased subject: its tombstone only answers reads."""
    if subject.erased_at is not None:
        raise SubjectErased(
            f"Subject {subject.subject_id!r} was erased; nothing more is kept for it, "
            "and a returning person needs a new account id."
        )
    return subject


def living_subject(session: Session, subject_id: str) -> Subject:
    """For what hands something out about a person (a package, a link): not a tombstone."""
    return refuse_erased(get_subject(session, subject_id))


# Row locks a write takes on its subject, inside its transaction, before it checks
# erased_at (PostgreSQL; SQLite's write transaction holds the one write lock already).
# The erasure locks the row FOR UPDATE, which conflicts with both: a write waits for an
# erasure in progress and then sees erased_at, or the erasure waits for the write and
# then erases what it wrote. KEY SHARE, the weakest, does not conflict with the clock
# UPDATEs of activity pings, nor NO KEY UPDATE with the batches' KEY SHARE.
_ADDS_FOR_SUBJECT = {"read": True, "key_share": True}  # FOR KEY SHARE
_CHANGES_SUBJECT = {"key_share": True}  # FOR NO KEY UPDATE


def subject_for_write(session: Session, subject_id: str, *, changes_row: bool = False) -> Subject:
    """The subject, locked against its erasure until the transaction ends; 404 if unknown,
    409 subject-erased if erased. `changes_row`: the write updates the subject row itself."""
    subject = session.get(
        Subject,
        subject_id,
        with_for_update=_CHANGES_SUBJECT if changes_row else _ADDS_FOR_SUBJECT,
    )
    if subject is None:
        raise SubjectNotFound(f"No data subject has the id {subject_id!r}.")
    return refuse_erased(subject)


def upsert_subject(
    session: Session, *, subject_id: str, data: SubjectUpsert, lookup_key: bytes, actor: str
) -> tuple[Subject, bool]:
    """Create or replace a subject's profile; the clocks are left to activity reports."""
    now = clock.now()
    # Locked like every write (`subject_for_write`): an upsert racing an erasure must not
    # write the profile back into the tombstone. An erased id stays erased (409): its
    # owner's records and consent are gone, and the id may not be reused for anyone.
    subject = session.get(Subject, subject_id, with_for_update=_CHANGES_SUBJECT)
    created = subject is None
    if subject is None:
        subject = Subject(subject_id=subject_id, created_at=now, attributes={})
        session.add(subject)
    else:
        refuse_erased(subject)
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


class PatchedProfileInvalid(Unprocessable):
    slug, title = "subject-patch-invalid", "The patched profile would be invalid"


def patch_subject(
    session: Session, *, subject_id: str, patch: SubjectPatch, lookup_key: bytes, actor: str
) -> Subject:
    """Apply a JSON Merge Patch to an existing profile, then store it as `upsert_subject`
    stores a replacement (same checks, same audit entry): only the fields named change."""
    # Locked before it is read: two patches of one profile apply one after the other, so
    # neither writes back a field as it stood before the other's change.
    subject = subject_for_write(session, subject_id, changes_row=True)
    current = {
        "email": subject.email,
        "name": subject.name,
        "status": subject.status,
        "demo": subject.demo,
        "attributes": dict(subject.attributes or {}),
    }
    try:
        data = SubjectUpsert.model_validate(patch.merged_into(current))
    except ValidationError as exc:  # e.g. more than 50 attributes once merged
        raise PatchedProfileInvalid(
            "With this patch the profile would not be valid; nothing was changed.",
            errors=[
                {"loc": ["body", *(str(p) for p in e["loc"])], "msg": str(e["msg"])}
                for e in exc.errors()
            ],
        ) from None
    updated, _created = upsert_subject(
        session, subject_id=subject_id, data=data, lookup_key=lookup_key, actor=actor
    )
    return updated


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

_ERASED_AT = select(Subject.erased_at).where(Subject.subject_id == bindparam("sid"))


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
    # The UPDATE locks the row: on PostgreSQL it waits for an erasure in progress and then
    # re-checks `erased_at IS NULL` on the erased row, so no clock moves after an erasure.
    result = await conn.execute(_clock_statements[kind], {"sid": subject_id, "at": moment})
    if result.rowcount == 0:
        # Only a refused ping pays for this second look: unknown (404) or erased (409)?
        found = (await conn.execute(_ERASED_AT, {"sid": subject_id})).first()
        if found is None:
            raise SubjectNotFound(f"No data subject has the id {subject_id!r}.")
        raise SubjectErased(f"Subject {subject_id!r} was erased; its clocks stay as they are.")


def close_account(
    session: Session, *, subject_id: str, at: datetime | None, max_skew: timedelta, actor: str
) -> Subject:
    """The person closed their account: §1.1 keeps account data "as long as you have an
    account", so the closure is the second clock of the account's retention (the sweep
    erases at the closure or when the inactivity period runs out, whichever is sooner). The
    first closure counts: a repeated report never postpones it."""
    now = clock.now()
    moment = at or now
    if moment > now + max_skew:
        raise ActivityInFuture(
            f"'at' is more than {int(max_skew.total_seconds())} s in the future."
        )
    subject = subject_for_write(session, subject_id, changes_row=True)
    if subject.closed_at is None or moment < subject.closed_at:
        subject.closed_at = moment
    subject.status = "closed"
    subject.updated_at = now
    audit.append_entry(
        session,
        actor=actor,
        action="subject.account_closed",
        target=f"subject/{subject_id}",
        subject_id=subject_id,
        details={"closed_at": subject.closed_at.isoformat()},
    )
    return subject


def restrict_processing(session: Session, *, subject_id: str, reason: str, actor: str) -> Subject:
    """Art. 18: from now on only storage, until lifted."""
    subject = subject_for_write(session, subject_id, changes_row=True)
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
    subject = subject_for_write(session, subject_id, changes_row=True)
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
    subject_for_write(session, subject_id)
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
