"""The operations queue's view of requests: what is late, what falls due soon, the counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from privacy_api.core import clock
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
    """The numbers at the top of the queue: requests per status, and of those still to
    answer, how many are late and how many fall due within DUE_SOON (index-only counts)."""
    by_status = {
        status: int(count)
        for status, count in session.execute(
            select(DsarTicket.status, func.count()).group_by(DsarTicket.status)
        )
    }
    active = DsarTicket.status.in_(ACTIVE_STATUSES)
    overdue = session.scalar(
        select(func.count()).select_from(DsarTicket).where(active, DsarTicket.due_at < now)
    )
    soon = session.scalar(
        select(func.count())
        .select_from(DsarTicket)
        .where(active, DsarTicket.due_at >= now, DsarTicket.due_at < now + DUE_SOON)
    )
    return QueueCounts(by_status, int(overdue or 0), int(soon or 0))
