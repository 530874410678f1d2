"""Messages given up after their last attempt: listed for operations and tried again.

The API, the CLI and the console call these functions; none of them shows a message's text
or code, only what an operator needs to act: which message, to whom (masked), why it failed.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.core.http.errors import Conflict, NotFound
from privacy_api.core.time import clock
from privacy_api.outbox.models import OutboxMessage
from privacy_api.outbox.service import MAIL


class MessageNotFound(NotFound):
    slug, title = "outbox-message-not-found", "No such outbox message"


class MessageNotDead(Conflict):
    slug, title = "outbox-message-not-dead", "The message has not been given up"


class MessagePurged(Conflict):
    slug, title = "outbox-message-purged", "The message's text is no longer kept"


class DeadMessage(BaseModel):
    """What the API, the CLI and the console show of a given-up message."""

    model_config = ConfigDict(frozen=True)

    id: int
    kind: str
    recipient: str
    reference: str | None
    attempts: int
    last_error: str | None
    dead_at: datetime
    created_at: datetime
    retryable: bool


def mask_address(address: str) -> str:
    """`j***@example.com`: enough to tell messages apart, not to read the mailbox."""
    local, at, domain = address.rpartition("@")
    if not at:
        return "***"
    return f"{local[:1]}***@{domain}"


def _shown(message: OutboxMessage) -> DeadMessage:
    if message.channel == MAIL:
        recipient = mask_address(message.recipient)
    else:
        # A webhook goes to a registered system: its id names it, its URL is not needed.
        recipient = str(message.headers.get("system-id", "system"))
    assert message.dead_at is not None
    return DeadMessage(
        id=message.id,
        kind=message.channel,
        recipient=recipient,
        reference=message.reference,
        attempts=message.attempts,
        last_error=message.last_error,
        dead_at=message.dead_at,
        created_at=message.created_at,
        retryable=message.body != "",
    )


def list_dead(
    session: Session, *, after_id: int | None = None, limit: int = 50
) -> list[DeadMessage]:
    """Given-up messages, oldest first, after the message `after_id`."""
    query = select(OutboxMessage).where(OutboxMessage.dead_at.is_not(None))
    if after_id is not None:
        query = query.where(OutboxMessage.id > after_id)
    rows = session.scalars(query.order_by(OutboxMessage.id).limit(limit))
    return [_shown(row) for row in rows]


def retry_dead(session: Session, *, message_id: int, actor: str) -> DeadMessage:
    """A new round of attempts for a given-up message, due now; audited. The row is locked,
    so two operators retrying at once give it one round, the second answered 409."""
    message = session.scalar(
        select(OutboxMessage).where(OutboxMessage.id == message_id).with_for_update()
    )
    if message is None:
        raise MessageNotFound(f"There is no outbox message {message_id}.")
    if message.dead_at is None:
        state = "was delivered" if message.sent_at is not None else "is still being tried"
        raise MessageNotDead(f"Message {message_id} {state}; only a given-up one is retried.")
    if message.body == "":
        # The retention sweep purges a given-up message's text (retention/stores.py).
        raise MessagePurged(
            f"Message {message_id} was purged by the retention sweep; nothing is left to send."
        )
    shown = _shown(message)
    message.dead_at = None
    message.attempts = 0
    message.claimed_until = None
    message.available_at = clock.now()
    audit.append_entry(
        session,
        actor=actor,
        action="outbox.retried",
        target=f"outbox/{message.id}",
        details={"kind": shown.kind, "attempts": shown.attempts, "last_error": shown.last_error},
    )
    return shown
