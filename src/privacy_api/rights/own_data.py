"""Art. 17 in the service's own stores: the subject's requests, mails, orders and counters.

Set-based statements on each store, as its register activity says (retention/stores.py
holds the same changes for the sweep). What must stay is said with its reason and until
when: a request's record proves it was answered (Art. 5(2)), and a mail not yet delivered
is still owed to the person (Art. 12(3)): it goes out, and its text is purged after.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, delete, false, func, literal, or_, select, update
from sqlalchemy.orm import Session

from privacy_api.core.db import rowcount
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
from privacy_api.rights.models import DownstreamOrder
from privacy_api.subjects.models import Subject

_NO_SYNC = {"synchronize_session": False}


@dataclass(frozen=True)
class Kept:
    """What a store keeps of the subject, why, and until when (None: until an event)."""

    activity: str
    category: str
    rows: int
    reason: str
    until: datetime | None


@dataclass
class OwnData:
    erased: dict[str, int]
    anonymised: dict[str, int]
    kept: list[Kept]


def _store(spec: RegisterSpec, store: str) -> Activity | None:
    return next((a for a in spec.activities if a.store == store), None)


def _tickets_of(subject: Subject) -> ColumnElement[bool]:
    """The subject's requests: linked to it, or sent from its address (never linked)."""
    by_address = DsarTicket.email_hash == subject.email_hash if subject.email_hash else false()
    return or_(DsarTicket.subject_id == subject.subject_id, by_address)


def _count(session: Session, what: ColumnElement[bool], table: type) -> int:
    return int(session.scalar(select(func.count()).select_from(table).where(what)) or 0)


def erase_own_data(
    session: Session, spec: RegisterSpec, subject: Subject, now: datetime, lang: str
) -> OwnData:
    """Before the subject's address is cleared: it finds the mails and counters."""
    done = OwnData({}, {}, [])

    def note(into: dict[str, int], activity: Activity | None, count: int) -> None:
        if activity is not None and count:
            into[activity.key] = into.get(activity.key, 0) + count

    tickets = _tickets_of(subject)
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
        done.anonymised, _store(spec, "dsar_tickets"), _tickets(session, spec, tickets, lang, done)
    )
    orders = rowcount(
        session.execute(
            update(DownstreamOrder)
            .where(DownstreamOrder.subject_id == subject.subject_id, ~payload_dropped())
            .values(payload={}),
            execution_options=_NO_SYNC,
        )
    )
    note(done.anonymised, _store(spec, "downstream_orders"), orders)
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
    """Delivered (or given up) mails to the subject and webhooks about it lose their text
    now; undelivered ones are kept until delivered, and say so."""
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
    # A notice's reference names no subject; its body does, as notices.message_body
    # writes it (compact, sorted keys: the id is followed by a comma).
    notices = and_(
        OutboxMessage.channel == WEBHOOK,
        OutboxMessage.reference.startswith("notice/"),
        OutboxMessage.body.contains(
            f'"subject_id":{json.dumps(subject.subject_id)},', autoescape=True
        ),
    )
    about = and_(or_(to_subject, OutboxMessage.reference.in_(orders), notices), ~message_purged())
    finished = or_(OutboxMessage.sent_at.is_not(None), OutboxMessage.dead_at.is_not(None))
    waiting = _count(session, and_(about, ~finished), OutboxMessage)
    activity = _store(spec, "outbox_messages")
    if waiting and activity is not None and activity.kept_on_erasure is not None:
        reason = getattr(activity.kept_on_erasure, lang)
        done.kept.append(Kept(activity.key, "undelivered_message", waiting, reason, None))
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


def _tickets(
    session: Session, spec: RegisterSpec, tickets: ColumnElement[bool], lang: str, done: OwnData
) -> int:
    """Answered requests are pseudonymised now; open ones keep the address their answer
    goes to, and are pseudonymised when answered (rights/service.py `complete_ticket`)."""
    activity = _store(spec, "dsar_tickets")
    if activity is None:
        return 0
    answered = and_(tickets, DsarTicket.closed_at.is_not(None))
    session.execute(
        update(DsarNote)
        .where(DsarNote.ticket_id.in_(select(DsarTicket.id).where(answered)), DsarNote.text != "")
        .values(text=""),
        execution_options=_NO_SYNC,
    )
    count = rowcount(
        session.execute(
            update(DsarTicket)
            .where(answered, ~ticket_pseudonymised())
            .values(**TICKET_PSEUDONYMISED),
            execution_options=_NO_SYNC,
        )
    )
    rows, latest, open_ = session.execute(
        select(
            func.count(),
            func.max(DsarTicket.closed_at),
            func.count(DsarTicket.id).filter(DsarTicket.closed_at.is_(None)),
        ).where(tickets)
    ).one()
    if rows and activity.kept_on_erasure is not None:
        period = spec.retention_of(activity).period_months
        # Until the proof period after the last answer; unknown while one is still open.
        until = add_months(latest, period) if latest is not None and not open_ else None
        reason = getattr(activity.kept_on_erasure, lang)
        done.kept.append(Kept(activity.key, "request_record", int(rows), reason, until))
    return count


def pseudonymise_ticket(ticket: DsarTicket) -> None:
    """An answered request of an erased subject: its answer is queued, the address goes."""
    for name, value in TICKET_PSEUDONYMISED.items():
        setattr(ticket, name, value)
