"""Art. 17 in the service's own stores: the subject's requests, mails, orders and counters.

Set-based statements on each store, as its register activity says (retention/stores.py
holds the same changes for the sweep). What must stay is said with its reason and until
when: a request's record proves it was answered (Art. 5(2)), and a mail not yet delivered
is still owed to the person (Art. 12(3)): it goes out, and its text is purged after.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, and_, delete, false, func, literal, or_, select, update
from sqlalchemy.orm import Session

from privacy_api.core.data.db import rowcount
from privacy_api.core.time import clock
from privacy_api.downstream.models import DownstreamOrder
from privacy_api.dsar import service as dsar
from privacy_api.dsar.deadlines import add_months
from privacy_api.dsar.models import DsarIntakeCount, DsarNote, DsarTicket
from privacy_api.outbox.models import OutboxMessage
from privacy_api.outbox.service import WEBHOOK
from privacy_api.register.spec import Activity, RegisterSpec
from privacy_api.retention.stores import (
    MESSAGE_PURGED,
    TICKET_PSEUDONYMISED,
    message_purged,
    payload_dropped,
    ticket_pseudonymised,
)
from privacy_api.subjects.models import Subject

_NO_SYNC = {"synchronize_session": False}


@dataclass(frozen=True)
class Kept:
    """What a store keeps of the subject, why, until when (None: until an event), and
    exactly which fields each kept row still holds."""

    activity: str
    category: str
    rows: int
    reason: str
    until: datetime | None
    holds: tuple[str, ...] = ()


# What each kept row still holds after the erasure (issue 28, finding 5): the answer
# says it field by field, so it cannot claim less than is kept.
REQUEST_RECORD = (
    "id",
    "type",
    "channel",
    "property",
    "lang",
    "status",
    "received_at",
    "due_at",
    "extended_at",
    "verified_at",
    "closed_at",
    "result",
    "history",
    "subject_id",
    "staff_names",
)
# The erasure request being answered keeps the address its answer goes to, until sent.
ERASURE_REQUEST = (*REQUEST_RECORD, "email_until_answered")
UNDELIVERED_MESSAGE = ("recipient", "subject_line", "body", "reference", "times")
ORDER_RECORD = ("id", "system_id", "subject_id", "kind", "status", "created_at", "acknowledged_at")
# An erasure closes the subject's other open requests (the simplest honest end: their
# subject is gone); the closing is told in the erasure's answer, never to their address.
CLOSED_BY_ERASURE = "closed_subject_erased"


@dataclass
class OwnData:
    erased: dict[str, int]
    anonymised: dict[str, int]
    kept: list[Kept]
    closed_requests: list[str] = field(default_factory=list)


def _store(spec: RegisterSpec, store: str) -> Activity | None:
    return next((a for a in spec.activities if a.store == store), None)


def _tickets_of(subject: Subject) -> ColumnElement[bool]:
    """The subject's requests: linked to it, or sent from its address (never linked)."""
    by_address = DsarTicket.email_hash == subject.email_hash if subject.email_hash else false()
    return or_(DsarTicket.subject_id == subject.subject_id, by_address)


def _count(session: Session, what: ColumnElement[bool], table: type) -> int:
    return int(session.scalar(select(func.count()).select_from(table).where(what)) or 0)


def erase_own_data(
    session: Session,
    spec: RegisterSpec,
    subject: Subject,
    now: datetime,
    lang: str,
    *,
    actor: str = "erasure",
    answering: str | None = None,
) -> OwnData:
    """Before the subject's address is cleared: it finds the mails and counters.
    `answering`: the erasure request being fulfilled, whose answer still needs its address."""
    done = OwnData({}, {}, [])

    def note(into: dict[str, int], activity: Activity | None, count: int) -> None:
        if activity is not None and count:
            into[activity.key] = into.get(activity.key, 0) + count

    tickets = _tickets_of(subject)
    closed = _close_open_tickets(session, tickets, answering=answering, actor=actor)
    # The counters are keyed "email:<look-up hash>" (dsar/limits.py).
    hashes = select(literal("email:") + DsarTicket.email_hash).where(
        tickets, DsarTicket.email_hash != ""
    )
    counters = rowcount(
        session.execute(
            delete(DsarIntakeCount).where(
                or_(
                    DsarIntakeCount.key == f"email:{subject.email_hash}"
                    if subject.email_hash
                    else false(),
                    DsarIntakeCount.key.in_(hashes),
                )
            ),
            execution_options=_NO_SYNC,
        )
    )
    note(done.erased, _store(spec, "dsar_intake_counts"), counters)
    mails = _messages(session, spec, subject, tickets, now, lang, done)
    note(done.anonymised, _store(spec, "outbox_messages"), mails)
    note(
        done.anonymised,
        _store(spec, "dsar_tickets"),
        _tickets(session, spec, tickets, lang, done, answering=answering),
    )
    done.closed_requests = closed
    mine = DownstreamOrder.subject_id == subject.subject_id
    orders = rowcount(
        session.execute(
            update(DownstreamOrder)
            .where(mine, or_(~payload_dropped(), DownstreamOrder.ack_detail.is_not(None)))
            .values(payload={}, ack_detail=None),
            execution_options=_NO_SYNC,
        )
    )
    activity = _store(spec, "downstream_orders")
    note(done.anonymised, activity, orders)
    kept = _count(session, mine, DownstreamOrder)
    if kept and activity is not None and activity.kept_on_erasure is not None:
        reason = getattr(activity.kept_on_erasure, lang)
        done.kept.append(Kept(activity.key, "order_record", kept, reason, None, ORDER_RECORD))
    return done


def _messages(
    session: Session,
    spec: RegisterSpec,
    subject: Subject,
    tickets: ColumnElement[bool],
    now: datetime,
    lang: str,
    done: OwnData,
) -> int:
    """Delivered (or given up) mails to the subject or about its requests, and webhooks
    about it, lose their text now; undelivered ones are kept until delivered, and say so."""
    addresses = select(DsarTicket.email).where(tickets, DsarTicket.email != "")
    to_subject = and_(
        OutboxMessage.channel == "mail",
        or_(
            OutboxMessage.recipient == subject.email if subject.email else false(),
            OutboxMessage.recipient.in_(addresses),
        ),
    )
    orders = select(literal("order/") + DownstreamOrder.id).where(
        DownstreamOrder.subject_id == subject.subject_id
    )
    # Mails about the subject's requests to someone else (the organisation a portability
    # request named is sent the person's address and package link, rights/transfer.py).
    requests = select(literal("dsar/") + DsarTicket.id).where(tickets)
    # Mails about the subject by its id (a restriction lifted, an objection refused), at
    # whatever address it had then: the app may have changed it since.
    by_id = or_(
        OutboxMessage.reference == f"subject/{subject.subject_id}",
        OutboxMessage.reference.startswith(f"objection/{subject.subject_id}/", autoescape=True),
    )
    # A notice's reference names no subject; its body does, as notices.message_body
    # writes it (compact, sorted keys: the id is followed by a comma).
    notices = and_(
        OutboxMessage.channel == WEBHOOK,
        OutboxMessage.reference.startswith("notice/"),
        OutboxMessage.body.contains(
            f'"subject_id":{json.dumps(subject.subject_id)},', autoescape=True
        ),
    )
    about = and_(
        or_(
            to_subject,
            OutboxMessage.reference.in_(orders),
            OutboxMessage.reference.in_(requests),
            and_(OutboxMessage.channel == "mail", by_id),
            notices,
        ),
        ~message_purged(),
    )
    finished = or_(OutboxMessage.sent_at.is_not(None), OutboxMessage.dead_at.is_not(None))
    waiting = _count(session, and_(about, ~finished), OutboxMessage)
    activity = _store(spec, "outbox_messages")
    if waiting and activity is not None and activity.kept_on_erasure is not None:
        reason = getattr(activity.kept_on_erasure, lang)
        done.kept.append(
            Kept(activity.key, "undelivered_message", waiting, reason, None, UNDELIVERED_MESSAGE)
        )
    # Finished ones first: a retry of a given-up one (outbox/dead.py) committing while this
    # statement waits on its row lock makes it unfinished, and the next statement, which
    # sees that commit, expires it. In the other order it escaped both.
    purged = rowcount(
        session.execute(
            update(OutboxMessage).where(about, finished).values(**MESSAGE_PURGED),
            execution_options=_NO_SYNC,
        )
    )
    # Expiring now: the sweep purges these as soon as they are delivered.
    session.execute(
        update(OutboxMessage).where(about, ~finished).values(expires_at=now),
        execution_options=_NO_SYNC,
    )
    return purged


def _owed(answering: str | None) -> ColumnElement[bool]:
    """Erasure requests still to be answered (the one being fulfilled, one waiting for its
    systems, one verified but not yet fulfilled): each keeps the address its answer goes
    to, and nothing else, until answered; fulfilling one again answers the first erasure's
    facts (rights/service.py `erase`)."""
    waiting = and_(DsarTicket.type == "erasure", DsarTicket.status.in_(("open", "in_progress")))
    return or_(DsarTicket.id == answering, waiting) if answering is not None else waiting


def _close_open_tickets(
    session: Session, tickets: ColumnElement[bool], *, answering: str | None, actor: str
) -> list[str]:
    """The subject's other open requests end with the subject: a verified one is completed,
    one never verified is rejected, both with the reason in their result (which outlives
    the address). None is mailed: its address is what the erasure removes, and a request
    staff linked may name somebody else's. The erasure's answer lists them."""
    still_open = and_(tickets, DsarTicket.closed_at.is_(None), ~_owed(answering))
    found = list(
        session.scalars(
            select(DsarTicket).where(still_open).order_by(DsarTicket.id).with_for_update()
        )
    )
    now = clock.now()
    for ticket in found:
        action = "reject" if ticket.status == "pending_verification" else "complete"
        dsar.transition(session, ticket, action, actor=actor, details={"reason": CLOSED_BY_ERASURE})
        ticket.result = {"outcome": CLOSED_BY_ERASURE, "erasure": answering}
        ticket.closed_at = now
    session.flush()
    return [t.id for t in found]


def _tickets(
    session: Session,
    spec: RegisterSpec,
    tickets: ColumnElement[bool],
    lang: str,
    done: OwnData,
    *,
    answering: str | None,
) -> int:
    """Every request of the subject loses its address and details now, open ones closed
    first (_close_open_tickets); only erasure requests still owed their answer keep the
    address it goes to, and lose it when answered (rights/service.py `complete_ticket`)."""
    activity = _store(spec, "dsar_tickets")
    if activity is None:
        return 0
    session.execute(
        update(DsarNote)
        .where(DsarNote.ticket_id.in_(select(DsarTicket.id).where(tickets)), DsarNote.text != "")
        .values(text=""),
        execution_options=_NO_SYNC,
    )
    owed = and_(tickets, DsarTicket.closed_at.is_(None), _owed(answering))
    others = and_(tickets, ~owed)
    count = rowcount(
        session.execute(
            update(DsarTicket)
            .where(others, ~ticket_pseudonymised())
            .values(**TICKET_PSEUDONYMISED),
            execution_options=_NO_SYNC,
        )
    )
    # Their answers are owed to their address; nothing else of them is needed any more.
    # Through the session: the request being fulfilled is loaded and changed there too.
    waiting = list(session.scalars(select(DsarTicket).where(owed)))
    for own in waiting:
        own.details, own.extension_reason, own.code_hash = {}, None, None
    rows, latest = session.execute(
        select(func.count(), func.max(DsarTicket.closed_at)).where(others)
    ).one()
    if activity.kept_on_erasure is None:
        return count
    period = spec.retention_of(activity).period_months
    reason = getattr(activity.kept_on_erasure, lang)
    if rows:
        # Until the proof period after the last answer.
        until = add_months(latest, period) if latest is not None else None
        done.kept.append(
            Kept(activity.key, "request_record", int(rows), reason, until, REQUEST_RECORD)
        )
    if waiting:
        done.kept.append(
            Kept(activity.key, "erasure_request", len(waiting), reason, None, ERASURE_REQUEST)
        )
    return count


def pseudonymise_ticket(ticket: DsarTicket) -> None:
    """An answered request of an erased subject: its answer is queued, the address goes."""
    for name, value in TICKET_PSEUDONYMISED.items():
        setattr(ticket, name, value)
