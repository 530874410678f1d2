"""What downstream systems hear: the events they subscribe to, a sequence per subject, and
notices (restriction, objection and consent changes) that need no answer (Art. 7(3), 19, 21).

Orders (`downstream/orders.py`) and notices share the sequence: a receiver applies a subject's
messages in its order and drops a number it has seen, so a repeat or a late retry is
harmless."""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from privacy_api.core.data.hot import HotConnection
from privacy_api.core.time import clock

# Re-exported: callers read the events here, beside the notices.
from privacy_api.downstream.events import EVENTS as EVENTS
from privacy_api.downstream.events import ORDERS as ORDERS
from privacy_api.downstream.events import Event as Event
from privacy_api.downstream.models import DownstreamSystem, NoticeSequence
from privacy_api.outbox import service as outbox


def _next_statement(dialect_insert: Any) -> Any:
    # One statement that creates or moves the subject's counter and returns it: the row
    # lock it takes on PostgreSQL (SQLite: the one write lock) queues concurrent changes
    # for a subject, so two never share a number, and numbers follow commit order.
    statement = dialect_insert(NoticeSequence).values(subject_id=bindparam("sid"), last=1)
    return statement.on_conflict_do_update(
        index_elements=[NoticeSequence.subject_id], set_={"last": NoticeSequence.last + 1}
    ).returning(NoticeSequence.last)


NEXT_SEQUENCE = {
    "postgresql": _next_statement(postgresql.insert),
    "sqlite": _next_statement(sqlite.insert),
}

_SYSTEM_COLUMNS = (
    DownstreamSystem.id,
    DownstreamSystem.property,
    DownstreamSystem.webhook_url,
    DownstreamSystem.events,
)
SYSTEMS = select(*_SYSTEM_COLUMNS).order_by(DownstreamSystem.name)

# (id, property, webhook_url, events) of a system
SystemRow = Sequence[Any]


def next_sequence(session: Session, subject_id: str) -> int:
    dialect = session.get_bind().dialect.name
    return int(session.execute(NEXT_SEQUENCE[dialect], {"sid": subject_id}).scalar_one())


async def next_sequence_now(conn: HotConnection, subject_id: str) -> int:
    row = (await conn.execute(NEXT_SEQUENCE[conn.dialect], {"sid": subject_id})).first()
    assert row is not None
    return int(row[0])


def subscribed(
    rows: Iterable[SystemRow], event: str, properties: Collection[str] | None = None
) -> list[SystemRow]:
    """The systems that hear `event`, of `properties` when only those are concerned."""
    return [row for row in rows if event in row[3] and (properties is None or row[1] in properties)]


def message_body(
    *,
    event: str,
    id_field: str,
    message_id: str,
    subject_id: str,
    property_: str,
    sequence: int,
    at: datetime,
    data: dict[str, Any],
) -> str:
    body: dict[str, Any] = {
        "type": f"privacy.{event}",
        id_field: message_id,
        "subject_id": subject_id,
        "property": property_,
        "sequence": sequence,
        "occurred_at": at.isoformat(),
        "data": data,
    }
    if id_field == "order_id":
        # Receivers written before notices read an order's time as issued_at: kept.
        body["issued_at"] = body["occurred_at"]
    return json.dumps(
        body,
        separators=(",", ":"),
        sort_keys=True,
    )


def _notices(
    systems: Sequence[SystemRow],
    *,
    event: str,
    subject_id: str,
    origin: str | None,
    sequence: int,
    data: dict[str, Any],
) -> list[dict[str, Any]]:
    """An outbox row's values per system: the same facts, each with its own id."""
    at = clock.now()
    messages = []
    for system_id, system_property, url, _events in systems:
        notice_id = f"ntc_{uuid.uuid4().hex[:24]}"
        body = message_body(
            event=event,
            id_field="notice_id",
            message_id=notice_id,
            subject_id=subject_id,
            property_=origin or system_property,
            sequence=sequence,
            at=at,
            data=data,
        )
        messages.append(
            outbox.webhook(
                url=url,
                body=body,
                headers={"webhook-id": notice_id, "system-id": system_id},
                reference=f"notice/{notice_id}",
            )
        )
    return messages


def send_notices(
    session: Session,
    *,
    event: Event,
    subject_id: str,
    data: dict[str, Any],
    properties: Collection[str] | None = None,
    origin: str | None = None,
) -> int:
    """Queue a notice to each system subscribed to `event` (of `properties`, when the change
    concerns only those, as a consent change does); `origin`: the property the change was
    made on, which the notice names. Returns how many were queued."""
    rows = subscribed(session.execute(SYSTEMS).all(), event, properties)
    if not rows:
        return 0
    sequence = next_sequence(session, subject_id)
    for message in _notices(
        rows,
        event=event,
        subject_id=subject_id,
        origin=origin,
        sequence=sequence,
        data=data,
    ):
        outbox.enqueue(session, message)
    return len(rows)


async def send_notices_now(
    conn: HotConnection,
    *,
    event: Event,
    subject_id: str,
    data: dict[str, Any],
    properties: Collection[str],
    origin: str,
) -> int:
    """`send_notices` in the hot path's transaction: one read of the systems (a handful),
    and when one subscribes, the sequence and a statement per notice."""
    rows = subscribed((await conn.execute(SYSTEMS)).rows, event, properties)
    if not rows:
        return 0
    sequence = await next_sequence_now(conn, subject_id)
    messages = _notices(
        rows,
        event=event,
        subject_id=subject_id,
        origin=origin,
        sequence=sequence,
        data=data,
    )
    for message in messages:  # one per system: a handful
        await outbox.enqueue_now(conn, message)
    return len(rows)
