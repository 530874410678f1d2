"""Append-only consent events (the proof) and the current state per holder (the projection)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from privacy_api.core.data.db import Base, UTCDateTime


class ConsentEvent(Base):
    __tablename__ = "consent_event"
    __table_args__ = (
        Index("ix_consent_event_holder_id", "holder", "id"),
        Index("ix_consent_event_at", "at"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True
    )
    holder: Mapped[str] = mapped_column(String(140))
    kind: Mapped[str] = mapped_column(String(16))
    # The whole state after the event, and what this event changed.
    purposes: Mapped[dict[str, bool]] = mapped_column(JSON)
    changes: Mapped[dict[str, str]] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    source: Mapped[str] = mapped_column(String(8))
    policy_version: Mapped[str] = mapped_column(String(16))
    banner_version: Mapped[str | None] = mapped_column(String(64))
    ip_hash: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(512))
    gpc: Mapped[bool]
    actor: Mapped[str] = mapped_column(String(128))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class ConsentState(Base):
    __tablename__ = "consent_state"

    holder: Mapped[str] = mapped_column(String(140), primary_key=True)
    purposes: Mapped[dict[str, bool]] = mapped_column(JSON)
    # When each purpose was last decided: merges on login go by time, purpose by purpose.
    decided_at: Mapped[dict[str, str]] = mapped_column(JSON)
    gpc: Mapped[bool]
    policy_version: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A visitor who logged in reads and writes the subject's state from then on.
    alias_of: Mapped[str | None] = mapped_column(String(140))
