"""The subject, its activity clocks and its restriction state; objections per activity."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from privacy_api.core.data.db import Base, UTCDateTime


class Subject(Base):
    __tablename__ = "subject"

    subject_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    email: Mapped[str | None] = mapped_column(String(320))
    # Keyed hash of the normalised address: look-up by e-mail without scanning addresses.
    email_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    demo: Mapped[bool]
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_session_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    last_visit_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    last_marketing_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    restricted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    restriction_reason: Mapped[str | None] = mapped_column(String(500))
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The first erasure's answer: a repeated erasure reports these same facts.
    erasure_report: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Objection(Base):
    """Art. 21: a subject's objection to one activity, and the decision on it."""

    __tablename__ = "objection"
    __table_args__ = (UniqueConstraint("subject_id", "activity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[str] = mapped_column(ForeignKey("subject.subject_id", ondelete="CASCADE"))
    activity: Mapped[str] = mapped_column(String(64))
    # pending: awaiting a decision (processing stops meanwhile); upheld: stopped for good;
    # refused: an overriding interest was written down and sent to the person.
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
