"""The operations queue's view of requests: what is late, what falls due soon, the counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from privacy_api.core.time import clock
from privacy_api.dsar.models import DsarTicket
from privacy_api.dsar.schemas import ACTIVE_STATUSES

# A request due within this window is marked on the queue, so it is not found too late.
DUE_SOON = timedelta(days=7)


def urgency(ticket: DsarTicket, now: datetime) -> str | None:
    """'overdue' or 'due_soon' for a request still to be answered; None otherwise."""
    if ticket.status not in ACTIVE_STATUSES:
        return None
    due = clock.as_utc(ticket.due_at)
    if due < now:
        return "overdue"
    return "due_soon" if due < now + DUE_SOON else None


@dataclass(frozen=True)
class QueueCounts:
    by_status: dict[str, int]
    overdue: int
    due_soon: int


def queue_counts(session: Session, now: datetime) -> QueueCounts:
    """The numbers at the top of the queue, in one pass over the requests still to answer
    (the (status, due_at) index): per status, how many are late, how many fall due within
    DUE_SOON. Closed requests are not counted: all of history would be read for a number
    nobody acts on."""
    late = DsarTicket.due_at < now
    soon = and_(DsarTicket.due_at >= now, DsarTicket.due_at < now + DUE_SOON)
    rows = session.execute(
        select(
            DsarTicket.status,
            func.count(),
            func.count().filter(late),
            func.count().filter(soon),
        )
        .where(DsarTicket.status.in_(ACTIVE_STATUSES))
        .group_by(DsarTicket.status)
    ).all()
    return QueueCounts(
        by_status={status: int(n) for status, n, _, _ in rows},
        overdue=sum(int(n) for _, _, n, _ in rows),
        due_soon=sum(int(n) for _, _, _, n in rows),
    )
