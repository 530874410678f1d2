"""Downstream systems of the properties and the orders they must carry out (Art. 19)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from privacy_api.core.data.db import Base, UTCDateTime
from privacy_api.downstream.events import EVENTS


def _every_event() -> list[str]:
    return list(EVENTS)


class DownstreamSystem(Base):
    __tablename__ = "downstream_system"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    property: Mapped[str] = mapped_column(String(8))
    webhook_url: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(128))
    # The signing secret is derived from (id, generation), never stored: rotating moves the
    # generation on, and the one before keeps verifying until `previous_generation_until`.
    secret_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    previous_generation_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The events it is sent orders or notices for (downstream/events.py); all of them unless
    # it named fewer at registration.
    events: Mapped[list[str]] = mapped_column(JSON, default=lambda: _every_event())


class DownstreamOrder(Base):
    __tablename__ = "downstream_order"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    system_id: Mapped[str] = mapped_column(ForeignKey("downstream_system.id"), index=True)
    ticket_id: Mapped[str | None] = mapped_column(String(40), index=True)
    subject_id: Mapped[str] = mapped_column(String(128), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))  # pending | acknowledged | failed | expired
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ack_detail: Mapped[str | None] = mapped_column(String(2000))


class NoticeSequence(Base):
    """The last sequence number given to a subject's orders and notices: a receiver applies
    them in this order, and a number it has seen is a repeat it can drop."""

    __tablename__ = "notice_sequence"

    subject_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    last: Mapped[int] = mapped_column(BigInteger)
