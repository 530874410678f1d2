"""Reading the queue: one request with its history and notes, the list, the numbers."""

from __future__ import annotations

import statistics
from datetime import datetime

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.core.time import clock
from privacy_api.dsar.models import DsarEvent, DsarNote, DsarTicket
from privacy_api.dsar.schemas import ACTIVE_STATUSES
from privacy_api.dsar.service import get_ticket


def read_detail(
    session: Session, *, ticket_id: str, actor: str
) -> tuple[DsarTicket, list[DsarEvent], list[DsarNote]]:
    ticket = get_ticket(session, ticket_id)
    events = list(
        session.scalars(
            select(DsarEvent).where(DsarEvent.ticket_id == ticket_id).order_by(DsarEvent.id)
        )
    )
    notes = list(
        session.scalars(
            select(DsarNote).where(DsarNote.ticket_id == ticket_id).order_by(DsarNote.id)
        )
    )
    audit.append_entry(
        session,
        actor=actor,
        action="dsar.read",
        target=f"dsar/{ticket_id}",
        subject_id=ticket.subject_id,
    )
    return ticket, events, notes


def list_tickets(
    session: Session,
    *,
    status: str | None,
    active_only: bool = False,
    type_: str | None,
    channel: str | None,
    property_: str | None = None,
    overdue: bool,
    due_before: datetime | None,
    after: tuple[datetime, str] | None,
    limit: int,
    actor: str,
) -> list[DsarTicket]:
    """Soonest deadline first, so operations see at a glance what is due. Up to `limit`
    tickets and one more (the next page exists). A list shows people's e-mail addresses:
    each call is audited with the filter and the ids shown, never the addresses (policy §4)."""
    query = select(DsarTicket).order_by(DsarTicket.due_at, DsarTicket.id).limit(limit + 1)
    if status is not None:
        query = query.where(DsarTicket.status == status)
    elif active_only:
        query = query.where(DsarTicket.status.in_(ACTIVE_STATUSES))
    if type_ is not None:
        query = query.where(DsarTicket.type == type_)
    if channel is not None:
        query = query.where(DsarTicket.channel == channel)
    if property_ is not None:
        query = query.where(DsarTicket.property == property_)
    if overdue:
        query = query.where(DsarTicket.status.in_(ACTIVE_STATUSES), DsarTicket.due_at < clock.now())
    if due_before is not None:
        query = query.where(DsarTicket.due_at < due_before)
    if after is not None:
        query = query.where(tuple_(DsarTicket.due_at, DsarTicket.id) > after)
    rows = list(session.scalars(query))
    filters = {
        "status": status or ("active" if active_only else None),
        "type": type_,
        "channel": channel,
        "property": property_,
        "overdue": overdue or None,
        "due_before": due_before.isoformat() if due_before else None,
        "after": [after[0].isoformat(), after[1]] if after else None,
    }
    audit.append_entry(
        session,
        actor=actor,
        action="dsar.listed",
        target="dsar",
        details={
            "filter": {k: v for k, v in filters.items() if v is not None},
            "ticket_ids": [t.id for t in rows[:limit]],
        },
    )
    return rows


def stats(session: Session) -> tuple[dict[str, int], int, float | None]:
    open_by_type = {
        type_: int(count)
        for type_, count in session.execute(
            select(DsarTicket.type, func.count())
            .where(DsarTicket.status.in_(ACTIVE_STATUSES))
            .group_by(DsarTicket.type)
        )
    }
    overdue = (
        session.scalar(
            select(func.count())
            .select_from(DsarTicket)
            .where(DsarTicket.status.in_(ACTIVE_STATUSES), DsarTicket.due_at < clock.now())
        )
        or 0
    )
    durations = [
        (closed - received).total_seconds() / 86400
        for received, closed in session.execute(
            select(DsarTicket.received_at, DsarTicket.closed_at).where(
                DsarTicket.status == "completed"
            )
        )
        if closed is not None
    ]
    median = round(statistics.median(durations), 2) if durations else None
    return open_by_type, int(overdue), median
