"""The outbox: one row per message, written in the transaction of the change that causes it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from privacy_api.core.data.db import Base, UTCDateTime


class OutboxMessage(Base):
    __tablename__ = "outbox_message"
    __table_args__ = (
        Index("ix_outbox_message_due", "sent_at", "available_at"),
        # Webhooks go to one receiver in the order written: the claim looks for an earlier
        # message still owed to the same recipient (worker._claim).
        Index("ix_outbox_message_recipient_id", "recipient", "id"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True
    )
    channel: Mapped[str] = mapped_column(String(16))  # mail | webhook
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    headers: Mapped[dict[str, Any]] = mapped_column(JSON)
    reference: Mapped[str | None] = mapped_column(String(80), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    available_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # A worker's claim: until then no other worker takes the message, so it is sent once.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(500))
    dead_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When a code or link in the text stops working: the sweep purges the text once the
    # message is delivered and this has passed (retention/stores.py).
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
