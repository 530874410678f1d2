"""A personal-data breach as Art. 33(3) and (5) ask it documented, and who was told of it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from privacy_api.core.data.db import Base, UTCDateTime


class Breach(Base):
    __tablename__ = "breach"
    __table_args__ = (Index("ix_breach_status_due", "status", "authority_due_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(24))
    # Art. 33(3)(a)-(d): the facts; any but the nature may still be unknown (33(4)).
    nature: Mapped[str] = mapped_column(Text)
    data_subject_categories: Mapped[list[str]] = mapped_column(JSON)
    data_categories: Mapped[list[str]] = mapped_column(JSON)
    approximate_subjects: Mapped[int | None] = mapped_column(BigInteger)
    approximate_records: Mapped[int | None] = mapped_column(BigInteger)
    likely_consequences: Mapped[str | None] = mapped_column(Text)
    measures: Mapped[str | None] = mapped_column(Text)
    # The register's contact point when the breach was entered: what the authority and
    # the people were given, kept even if the register changes later.
    contact_email: Mapped[str] = mapped_column(String(320))
    became_aware_at: Mapped[datetime] = mapped_column(UTCDateTime())
    authority_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    risk: Mapped[str | None] = mapped_column(String(16))
    risk_reasoning: Mapped[str | None] = mapped_column(Text)
    assessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the authority was notified as the register holds it: the time of the call that
    # recorded it, or an earlier time given with its reason (told by phone, entered later).
    authority_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The server's time of that call (None: recorded before the service kept it).
    authority_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    authority_earlier_reason: Mapped[str | None] = mapped_column(Text)
    authority_reference: Mapped[str | None] = mapped_column(String(200))
    authority_delay_reasons: Mapped[str | None] = mapped_column(Text)
    subjects_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The filter that finds the people and records concerned, and what it found.
    affected_filter: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    affected_subjects: Mapped[int | None] = mapped_column(BigInteger)
    affected_records: Mapped[int | None] = mapped_column(BigInteger)
    affected_computed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(128))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class BreachNotice(Base):
    """One person or downstream system told of a breach: the unique pair makes a second
    `notify-subjects` tell nobody twice, even when two calls race."""

    __tablename__ = "breach_notice"
    __table_args__ = (UniqueConstraint("breach_id", "recipient_kind", "recipient_id"),)

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True
    )
    breach_id: Mapped[str] = mapped_column(ForeignKey("breach.id", ondelete="CASCADE"))
    recipient_kind: Mapped[str] = mapped_column(String(8))  # subject | system
    # A subject's id (its tombstone stays after an erasure) or a downstream system's id.
    recipient_id: Mapped[str] = mapped_column(String(128))
    lang: Mapped[str | None] = mapped_column(String(2))
    notified_at: Mapped[datetime] = mapped_column(UTCDateTime())


class BreachSubjectNotice(Base):
    """An Art. 34 notice as one key drafted it, waiting for a second key's decision: nothing
    is mailed until another key with `breaches` approves this very text (issue 28)."""

    __tablename__ = "breach_subject_notice"
    __table_args__ = (Index("ix_breach_subject_notice_breach_status", "breach_id", "status"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    breach_id: Mapped[str] = mapped_column(ForeignKey("breach.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))  # pending | approved | refused | replaced
    # The exact text: {"pl": {what_happened, what_it_means, what_we_did}, "en": {...}}.
    message: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Who the notice was drafted for: a filter changed since makes the approval void.
    affected_filter: Mapped[dict[str, Any]] = mapped_column(JSON)
    requested_by: Mapped[str] = mapped_column(String(128))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(128))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    mailed: Mapped[int | None] = mapped_column(BigInteger)
