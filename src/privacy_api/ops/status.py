"""The deployment's operational status in a few counts: what the gauges and the digest show.

Every count is an indexed range scan (dsar_ticket by (status, due_at); the outbox's unsent
rows by its due index), cheap enough to compute at every Prometheus scrape. Nothing here is
personal data: tickets are named by id only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from privacy_api.breaches.service import deadline_counts
from privacy_api.dsar.models import DsarTicket
from privacy_api.dsar.schemas import ACTIVE_STATUSES
from privacy_api.outbox.models import OutboxMessage

DUE_SOON = timedelta(days=7)
# The digest lists at most this many ticket ids per heading, then "and N more".
LISTED = 50

Conditions = list[ColumnElement[bool]]


@dataclass(frozen=True)
class TicketDue:
    id: str
    due_at: datetime


@dataclass(frozen=True)
class OpsStatus:
    at: datetime
    dsar_overdue: int
    dsar_due_soon: int  # due within DUE_SOON, not yet overdue
    outbox_dead: int
    breaches_open: int
    breaches_authority_overdue: int  # 72 hours passed, the authority not told (Art. 33(1))
    overdue: list[TicketDue] = field(default_factory=list)
    due_soon: list[TicketDue] = field(default_factory=list)


def _active_due(*, before: datetime, after: datetime | None = None) -> Conditions:
    """Open tickets due before `before` (and from `after`): the (status, due_at) index."""
    conditions: Conditions = [DsarTicket.status.in_(ACTIVE_STATUSES), DsarTicket.due_at < before]
    if after is not None:
        conditions.append(DsarTicket.due_at >= after)
    return conditions


def _count(session: Session, conditions: Conditions) -> int:
    return session.scalar(select(func.count()).select_from(DsarTicket).where(*conditions)) or 0


def _listed(session: Session, conditions: Conditions) -> list[TicketDue]:
    rows = session.execute(
        select(DsarTicket.id, DsarTicket.due_at)
        .where(*conditions)
        .order_by(DsarTicket.due_at, DsarTicket.id)
        .limit(LISTED)
    )
    return [TicketDue(ticket, due_at) for ticket, due_at in rows]


def dead_messages(session: Session) -> int:
    """Messages given up after their last attempt (never sent: the due index's unsent part)."""
    return (
        session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.sent_at.is_(None), OutboxMessage.dead_at.is_not(None))
        )
        or 0
    )


def snapshot(session: Session, now: datetime, *, with_ids: bool = False) -> OpsStatus:
    """The counts at `now`; `with_ids` adds the overdue and due-soon tickets (the digest)."""
    overdue = _active_due(before=now)
    soon = _active_due(before=now + DUE_SOON, after=now)
    breaches = deadline_counts(session, now)
    return OpsStatus(
        at=now,
        dsar_overdue=_count(session, overdue),
        dsar_due_soon=_count(session, soon),
        outbox_dead=dead_messages(session),
        breaches_open=breaches.open,
        breaches_authority_overdue=breaches.authority_overdue,
        overdue=_listed(session, overdue) if with_ids else [],
        due_soon=_listed(session, soon) if with_ids else [],
    )
