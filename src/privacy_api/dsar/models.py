"""Rights request tickets, their history and operators' notes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from privacy_api.core.data.db import Base, UTCDateTime


class DsarTicket(Base):
    __tablename__ = "dsar_ticket"
    __table_args__ = (Index("ix_dsar_ticket_status_due_at", "status", "due_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    type: Mapped[str] = mapped_column(String(16))
    email: Mapped[str] = mapped_column(String(320))
    email_hash: Mapped[str] = mapped_column(String(64), index=True)
    subject_id: Mapped[str | None] = mapped_column(String(128), index=True)
    # How subject_id was set: "email" (the address's look-up hash matched, re-checked at
    # fulfilment) or "staff" (a dsar:manage caller vouched for it); None without a subject.
    subject_link: Mapped[str | None] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(16))
    # One of the register's properties; None for requests that name none. No index: the
    # queue walks (status, due_at) and three values would not narrow a scan worth one.
    property: Mapped[str | None] = mapped_column(String(16))
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    lang: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(24))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    extended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    extension_reason: Mapped[str | None] = mapped_column(String(2000))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verified_by: Mapped[str | None] = mapped_column(String(128))
    code_hash: Mapped[str | None] = mapped_column(String(64))
    code_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    code_attempts: Mapped[int] = mapped_column(default=0)
    # Over every code of the ticket: resends never lower them (issue 16).
    code_failures: Mapped[int] = mapped_column(default=0, server_default="0")
    code_resends: Mapped[int] = mapped_column(default=0, server_default="0")
    code_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    assignee: Mapped[str | None] = mapped_column(String(128))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rejection_reason: Mapped[str | None] = mapped_column(String(2000))
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(128))
    # Four eyes (issue 28): a staff-linked request whose address (or the new address a
    # rectification sets) differs from the subject's on record. Its package goes only to
    # the address on record, and an e-mail change waits, until a second dsar:manage key
    # approves the other address ("approved") or refuses it ("refused").
    address_differs: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    address_decision: Mapped[str | None] = mapped_column(String(8))
    address_decided_by: Mapped[str | None] = mapped_column(String(128))
    address_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DsarEvent(Base):
    """One step in a ticket's life: the history operations read and the audit mirrors."""

    __tablename__ = "dsar_event"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True
    )
    ticket_id: Mapped[str] = mapped_column(
        ForeignKey("dsar_ticket.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    details: Mapped[dict[str, Any]] = mapped_column(JSON)


class DsarNote(Base):
    __tablename__ = "dsar_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[str] = mapped_column(
        ForeignKey("dsar_ticket.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    author: Mapped[str] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)


class DsarIntakeCount(Base):
    """Intake per e-mail address (look-up hash) or per client in a fixed window: in the
    database, so the limit holds across processes and restarts."""

    __tablename__ = "dsar_intake_count"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    hits: Mapped[int] = mapped_column(Integer)
