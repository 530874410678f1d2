"""Orders to downstream systems: one per system per action, delivered through the outbox."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.core.http.errors import Conflict, NotFound
from privacy_api.core.time import clock
from privacy_api.downstream import notices
from privacy_api.downstream.models import DownstreamOrder, DownstreamSystem
from privacy_api.outbox import service as outbox


class OrderNotFound(NotFound):
    slug, title = "order-not-found", "No such order"


class OrderAlreadyAcknowledged(Conflict):
    slug, title = "order-acknowledged", "The order was already acknowledged"


def issue_orders(
    session: Session,
    *,
    kind: notices.Event,
    subject_id: str,
    ticket_id: str | None,
    payload: dict[str, Any],
    actor: str,
) -> list[DownstreamOrder]:
    """Art. 19: tell every system subscribed to `kind` (every system, for the orders no
    system may decline: erasure, rectification, restriction); each order is an outbox
    webhook, numbered in the subject's sequence with the notices."""
    orders: list[DownstreamOrder] = []
    systems = [
        s
        for s in session.scalars(select(DownstreamSystem).order_by(DownstreamSystem.name))
        if kind in s.events or kind in notices.ORDERS
    ]
    sequence = notices.next_sequence(session, subject_id) if systems else 0
    for system in systems:
        order = DownstreamOrder(
            id=f"ord_{uuid.uuid4().hex[:24]}",
            system_id=system.id,
            ticket_id=ticket_id,
            subject_id=subject_id,
            kind=kind,
            payload=payload,
            status="pending",
            created_at=clock.now(),
        )
        session.add(order)
        body = notices.message_body(
            event=kind,
            id_field="order_id",
            message_id=order.id,
            subject_id=subject_id,
            property_=system.property,
            sequence=sequence,
            at=order.created_at,
            data=payload,
        )
        outbox.enqueue_webhook(
            session,
            url=system.webhook_url,
            body=body,
            headers={"webhook-id": order.id, "system-id": system.id},
            reference=f"order/{order.id}",
        )
        orders.append(order)
    if orders:
        audit.append_entry(
            session,
            actor=actor,
            action=f"orders.{kind}",
            target=f"subject/{subject_id}",
            subject_id=subject_id,
            details={"orders": len(orders), "ticket": ticket_id},
        )
    return orders


def acknowledge(
    session: Session, *, order: DownstreamOrder, done: bool, detail: str | None
) -> DownstreamOrder:
    if order.status == "acknowledged":
        raise OrderAlreadyAcknowledged(f"Order {order.id} was acknowledged already.")
    order.status = "acknowledged" if done else "failed"
    order.acknowledged_at, order.ack_detail = clock.now(), detail
    if done:
        # Carried out: the values it carried (a rectification's) are not needed any more
        # (register: downstream_orders); a failed order keeps them for the operator.
        order.payload = {}
    audit.append_entry(
        session,
        actor=f"system:{order.system_id}",
        action=f"order.{order.status}",
        target=f"order/{order.id}",
        subject_id=order.subject_id,
    )
    return order


def get_order(session: Session, order_id: str) -> DownstreamOrder:
    order = session.get(DownstreamOrder, order_id, with_for_update=True)
    if order is None:
        raise OrderNotFound(f"There is no order {order_id!r}.")
    return order


def open_orders(session: Session, ticket_id: str) -> list[DownstreamOrder]:
    return list(
        session.scalars(
            select(DownstreamOrder).where(
                DownstreamOrder.ticket_id == ticket_id, DownstreamOrder.status != "acknowledged"
            )
        )
    )


def waiting(
    session: Session, limit: int, *, status: str = "pending"
) -> list[tuple[DownstreamOrder, str]]:
    """Orders no system has acknowledged yet, oldest first, with the system's name; with
    status "expired", those whose payload the sweep dropped (the register's
    order_payload_days), newest first."""
    newest = status == "expired"
    rows = session.execute(
        select(DownstreamOrder, DownstreamSystem.name)
        .join(DownstreamSystem, DownstreamSystem.id == DownstreamOrder.system_id)
        .where(DownstreamOrder.status == status)
        .order_by(
            DownstreamOrder.created_at.desc() if newest else DownstreamOrder.created_at,
            DownstreamOrder.id,
        )
        .limit(limit)
    )
    return [(order, name) for order, name in rows]
