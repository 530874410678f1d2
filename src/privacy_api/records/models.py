"""One row per personal-data record a property reports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from privacy_api.core.data.db import Base, UTCDateTime


class Record(Base):
    __tablename__ = "record"
    __table_args__ = (
        Index("ix_record_subject_id_id", "subject_id", "id"),
        Index("ix_record_activity_id", "activity", "id"),
    )

    # SQLite auto-numbers only an INTEGER PRIMARY KEY; PostgreSQL needs 64 bits at scale.
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True
    )
    # None once anonymised: the record stays for statistics, no longer about anyone.
    # No foreign key (docs/decisions/0003): every batch is checked against the subjects in
    # one query before it is stored, subjects are never deleted (erasure blanks them), and
    # the per-row trigger cost PostgreSQL ingestion nearly half its time.
    subject_id: Mapped[str | None] = mapped_column(String(128))
    activity: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(64))
    property: Mapped[str] = mapped_column(String(8))
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # No foreign key: register versions are never deleted, and a per-row FK trigger would
    # cost bulk ingestion a third of its rate (BENCHMARKS.md).
    register_version: Mapped[int]
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
