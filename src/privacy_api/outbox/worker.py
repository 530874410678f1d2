"""Delivering the outbox: claim, send outside any transaction, then record the outcome.

A claim is a lease: a worker that dies after claiming leaves the message to be taken again
when the lease ends, so nothing is lost; a message is marked sent right after it was sent,
so under normal operation nothing goes twice (a crash in between can repeat one message;
its Message-ID, stable per message, lets the receiving side drop the repeat).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, text, update
from sqlalchemy.orm import aliased

from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.outbox.failures import failure_reason
from privacy_api.outbox.models import OutboxMessage
from privacy_api.outbox.service import WEBHOOK

log = logging.getLogger("privacy_api.outbox")

Sender = Callable[[OutboxMessage], None]
LEASE = timedelta(seconds=120)
BASE_DELAY_SECONDS = 5.0
MAX_DELAY_SECONDS = 3600.0


@dataclass(frozen=True)
class Failure:
    message_id: int
    reason: str
    dead: bool


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    failures: list[Failure] = field(default_factory=list)


def backoff(attempts: int) -> timedelta:
    """Exponential, capped, with full jitter so failed messages do not retry in step."""
    ceiling = min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2 ** max(0, attempts - 1))
    return timedelta(seconds=random.uniform(ceiling / 2, ceiling))


def _owed(message: type[OutboxMessage] | Any) -> ColumnElement[bool]:
    return and_(message.sent_at.is_(None), message.dead_at.is_(None))


def _free(message: type[OutboxMessage] | Any, now: datetime) -> ColumnElement[bool]:
    return and_(
        message.available_at <= now,
        or_(message.claimed_until.is_(None), message.claimed_until < now),
    )


def _waits_for_an_earlier_one(now: datetime) -> ColumnElement[bool]:
    """A webhook whose recipient is still owed an earlier one that is not due or is out
    with another worker: sending it now would overtake that one. A receiver applies a
    subject's orders and notices in their order; one that was down gets them in order."""
    earlier = aliased(OutboxMessage)
    return (
        select(earlier.id)
        .where(
            earlier.recipient == OutboxMessage.recipient,
            earlier.channel == WEBHOOK,
            earlier.id < OutboxMessage.id,
            _owed(earlier),
            ~_free(earlier, now),
        )
        .exists()
    )


# PostgreSQL: webhook claims take turns (a transaction advisory lock, held for the claim's
# few milliseconds). Alone, SKIP LOCKED let a second worker pass over a recipient's message
# another was claiming, see it still free in its snapshot, and claim the next one: sent
# beside it, or before it. SQLite's one write lock already makes claims take turns.
WEBHOOK_CLAIM_LOCK = 0x5E7E_0002
_TAKE_TURNS = text("SELECT pg_advisory_xact_lock(:key)")


def _claim(db: Database, channel: str, now: datetime, limit: int) -> list[OutboxMessage]:
    with db.transaction() as session:
        if channel == WEBHOOK and session.get_bind().dialect.name == "postgresql":
            session.execute(_TAKE_TURNS, {"key": WEBHOOK_CLAIM_LOCK})
        due = (
            select(OutboxMessage)
            .where(
                OutboxMessage.channel == channel, _owed(OutboxMessage), _free(OutboxMessage, now)
            )
            .order_by(OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        if channel == WEBHOOK:
            due = due.where(~_waits_for_an_earlier_one(now))
        messages = list(session.scalars(due))
        for message in messages:
            message.claimed_until = now + LEASE
        return messages


def _record(db: Database, message: OutboxMessage, reason: str | None, max_attempts: int) -> str:
    now = clock.now()
    with db.transaction() as session:
        if reason is None:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message.id)
                .values(sent_at=now, claimed_until=None, attempts=OutboxMessage.attempts + 1)
            )
            return "sent"
        attempts = message.attempts + 1
        values: dict[str, object] = {
            "attempts": attempts,
            "claimed_until": None,
            "last_error": reason,
            "available_at": now + backoff(attempts),
        }
        if attempts >= max_attempts:
            values["dead_at"] = now
        session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message.id).values(**values)
        )
        return "dead" if attempts >= max_attempts else "failed"


def _release(db: Database, message: OutboxMessage) -> None:
    with db.transaction() as session:
        session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message.id).values(claimed_until=None)
        )


def deliver_due(
    db: Database, *, channel: str, sender: Sender, limit: int = 50, max_attempts: int = 10
) -> DeliveryReport:
    """Send what is due on one channel, once; call it in a loop (the worker) or from cron."""
    report = DeliveryReport()
    behind: set[str] = set()  # recipients an earlier message of this round failed to reach
    for message in _claim(db, channel, clock.now(), limit):
        if message.recipient in behind:
            _release(db, message)  # it goes after the failed one, on its next attempt
            continue
        try:
            sender(message)
            reason: str | None = None
        except Exception as exc:
            reason = failure_reason(exc)
        outcome = _record(db, message, reason, max_attempts)
        if reason is not None and channel == WEBHOOK:
            behind.add(message.recipient)
        setattr(report, outcome, getattr(report, outcome) + 1)
        if reason is not None:
            report.failures.append(Failure(message.id, reason, dead=outcome == "dead"))
            log.warning(
                "delivery given up" if outcome == "dead" else "delivery failed",
                extra={"outbox_id": message.id, "channel": channel, "reason": reason},
            )
    return report
