"""Taking in a rights request (policy §3) on the hot path: one transaction of Core statements.

The ticket, its first history event, the verification e-mail in the outbox and the audit
entries are written together or not at all, as the session path would write them, but
without the ORM's unit of work or a threadpool hop: intake is what every channel calls, and
those cost several times the statements themselves (BENCHMARKS.md).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, bindparam, case, select

from privacy_api.audit import service as audit
from privacy_api.core.data.hot import HotConnection, insert_of, prefixed
from privacy_api.core.http.errors import Unprocessable
from privacy_api.core.time import clock
from privacy_api.dsar import deadlines
from privacy_api.dsar.codes import new_code, verification_letter
from privacy_api.dsar.limits import IntakeLimits, count_intake, mailbox_of
from privacy_api.dsar.models import DsarEvent, DsarTicket
from privacy_api.dsar.schemas import DsarCreate, DsarRead
from privacy_api.dsar.service import Mailing, check_objection, check_property, read_for, step
from privacy_api.outbox import service as outbox
from privacy_api.subjects.models import Subject
from privacy_api.subjects.service import SubjectErased, SubjectNotFound, email_lookup_hash

_TICKET = (
    *DsarRead.model_fields,
    *("email_hash", "code_hash", "code_expires_at", "code_attempts", "created_by"),
    *("subject_link", "code_failures", "code_resends", "code_sent_at"),
)
_EVENT = ("ticket_id", "at", "actor", "action", "from_status", "to_status", "details")
INSERT_TICKET = insert_of(DsarTicket, _TICKET)
INSERT_EVENT = insert_of(DsarEvent, _EVENT)
# PostgreSQL: the ticket, its first event, the verification e-mail and the audit entry in
# one round trip.
RECEIVED_IN_ONE = audit.linked_with(
    insert_of(DsarEvent, _EVENT, "e_"),
    insert_of(DsarTicket, _TICKET, "t_"),
    outbox.insert_message("m_"),
)
SUBJECT_EXISTS = select(Subject.subject_id, Subject.erased_at, Subject.email_hash).where(
    Subject.subject_id == bindparam("sid")
)
# The subjects the address belongs to, the hinted one first; two at most: without a hint
# only an unambiguous match is linked.
SUBJECTS_WITH_EMAIL = (
    select(Subject.subject_id)
    .where(Subject.email_hash == bindparam("digest"), Subject.erased_at.is_(None))
    .order_by(case((Subject.subject_id == bindparam("sid", type_=String()), 0), else_=1))
    .limit(2)
)
EMAIL, STAFF = "email", "staff"


@dataclass
class Matched:
    """The subject an intake linked, which the answer may hide (`read_for`) but the kept
    Idempotency-Key response must still be filed under (its erasure deletes it)."""

    subject_id: str | None = None


async def _matching_subject(
    conn: HotConnection, new: DsarCreate, digest: str, *, staff: bool, lookup_key: bytes
) -> tuple[str | None, str | None, bool]:
    """(subject, how it was linked, whether its address differs from the record's). Only
    staff may link a subject by its id alone; from anyone else the id is a hint, followed
    only when the address is the subject's own, and never answered differently (a 404
    would tell which account ids exist)."""
    if staff and new.subject_id is not None:
        found = (await conn.execute(SUBJECT_EXISTS, {"sid": new.subject_id})).first()
        if found is None:
            raise SubjectNotFound(f"No data subject has the id {new.subject_id!r}.")
        if found[1] is not None:
            # Erasure is final: no new ticket (an address, details) joins the tombstone. A
            # returning person's request is taken unlinked, by its address.
            raise SubjectErased(
                f"Subject {new.subject_id!r} was erased; nothing more is kept for it. "
                "Open the request without a subject_id."
            )
        other = _other_address_digest(new, digest, lookup_key)
        return new.subject_id, STAFF, other != found[2]
    found = [
        str(row[0])
        for row in (
            await conn.execute(SUBJECTS_WITH_EMAIL, {"digest": digest, "sid": new.subject_id})
        ).rows
    ]
    if len(found) == 1 or (found and found[0] == new.subject_id):
        # Linked by its address, so the request's address is the record's; but a request
        # staff vouched for (verified) may still set a new address nobody proved.
        vouched = new.verified and _other_address_digest(new, digest, lookup_key) != digest
        return found[0], EMAIL, vouched
    # Several accounts with one address are for the operator to sort out.
    return None, None, False


def _other_address_digest(new: DsarCreate, digest: str, lookup_key: bytes) -> str:
    """Four eyes (rights/addresses.py): the look-up hash of the address something would
    be sent to: a rectification's new one, else the request's own (its answer's)."""
    new_address = new.details["corrections"].get("email") if new.type == "rectification" else None
    return email_lookup_hash(lookup_key, str(new_address)) if new_address else digest


def _ticket(
    new: DsarCreate, *, digest: str, subject: tuple[str | None, str | None, bool], actor: str
) -> dict[str, Any]:
    now = clock.now()
    return {
        "id": f"dsr_{uuid.uuid4().hex[:24]}",
        "type": new.type,
        "email": str(new.email),
        "email_hash": digest,
        "subject_id": subject[0],
        "subject_link": subject[1],
        "channel": new.channel,
        "property": new.property,
        "details": new.details,
        "lang": new.lang,
        "status": "pending_verification",
        "received_at": now,
        "due_at": deadlines.due_date(now),
        "extended_at": None,
        "extension_reason": None,
        "verified_at": None,
        "verified_by": None,
        "code_hash": None,
        "code_expires_at": None,
        "code_attempts": 0,
        "code_failures": 0,
        "code_resends": 0,
        "code_sent_at": None,
        "assignee": None,
        "closed_at": None,
        "rejection_reason": None,
        "result": None,
        "created_by": actor,
        "address_differs": subject[2],
        "address_decision": None,
        "address_decided_by": None,
        "address_decided_at": None,
    }


async def count_attempt(
    conn: HotConnection, *, new: DsarCreate, actor: str, mailing: Mailing, limits: IntakeLimits
) -> None:
    """Count the attempt for its mailbox and its client, or raise 429 with Retry-After.

    Run on its own, before the intake's transaction: on PostgreSQL the upsert locks the
    counter row, and a client's every intake would wait for it until the intake commits;
    alone, the lock lasts one statement. An attempt refused later still counts, as a
    flood limit should."""
    mailbox = email_lookup_hash(mailing.keys.email_lookup, mailbox_of(str(new.email)))
    await count_intake(conn, email_hash=mailbox, client=actor, limits=limits)


async def open_request(
    conn: HotConnection,
    *,
    new: DsarCreate,
    actor: str,
    may_verify: bool,
    mailing: Mailing,
    matched: Matched | None = None,
) -> DsarRead:
    """Take in a request from any channel; it starts awaiting proof of identity (12(6)),
    unless a caller who may vouch for the person (dsar:manage) opens it verified."""
    if new.verified and not may_verify:
        raise Unprocessable("Only a caller with 'dsar:manage' may open a request as verified.")
    if new.type == "objection":
        check_objection(mailing.spec, str(new.details["activity"]))
    check_property(mailing.spec, new.property)
    digest = email_lookup_hash(mailing.keys.email_lookup, str(new.email))
    subject = await _matching_subject(
        conn, new, digest, staff=may_verify, lookup_key=mailing.keys.email_lookup
    )
    subject_id = subject[0]
    if matched is not None:
        matched.subject_id = subject_id
    ticket = _ticket(new, digest=digest, subject=subject, actor=actor)
    received = {
        "ticket_id": ticket["id"],
        "at": ticket["received_at"],
        "actor": actor,
        "action": "received",
        "from_status": None,
        "to_status": ticket["status"],
        "details": {"channel": new.channel},
    }
    events = [received]
    entries = [
        audit.new_entry(
            actor=actor,
            action="dsar.received",
            target=f"dsar/{ticket['id']}",
            subject_id=subject_id,
            details={"type": new.type, "channel": new.channel},
        )
    ]
    if subject[2]:
        entries.append(
            audit.new_entry(
                actor=actor,
                action="dsar.address_flagged",
                target=f"dsar/{ticket['id']}",
                subject_id=subject_id,
                details={"linked_by": actor},
            )
        )
    if new.verified:
        ticket.update(status="open", verified_at=ticket["received_at"], verified_by=actor)
        event, entry = step(
            ticket_id=ticket["id"],
            subject_id=subject_id,
            action="verify",
            before="pending_verification",
            after="open",
            actor=actor,
            details={"by": "caller"},
        )
        events.append(event)
        entries.append(entry)
    read = DsarRead.model_validate(ticket)
    message = None
    if not new.verified:
        code, fields = new_code(ticket["id"], mailing)
        ticket.update(fields)
        message = verification_letter(read, code, mailing)
    await _write(conn, ticket, events, message, entries)
    return read_for(read, staff=may_verify)


async def _write(
    conn: HotConnection,
    ticket: dict[str, Any],
    events: list[dict[str, Any]],
    message: dict[str, Any] | None,
    entries: list[dict[str, Any]],
) -> None:
    """Everything the intake stores, the audit entries last (the chain's lock to commit)."""
    if conn.dialect == "postgresql" and len(events) == len(entries) == 1 and message:
        together = {
            **prefixed("t_", ticket),
            **prefixed("e_", events[0]),
            **prefixed("m_", message),
        }
        await audit.append_with(conn, RECEIVED_IN_ONE, together, entries[0])
        return
    await conn.execute(INSERT_TICKET, ticket)
    for event in events:
        await conn.execute(INSERT_EVENT, event)
    if message is not None:
        await outbox.enqueue_now(conn, message)
    await audit.append_now(conn, entries)
