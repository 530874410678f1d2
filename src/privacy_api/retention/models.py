"""Retention runs and their reports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from privacy_api.core.data.db import Base, UTCDateTime


class RetentionRun(Base):
    __tablename__ = "retention_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    dry_run: Mapped[bool]
    actor: Mapped[str] = mapped_column(String(128))
    # running | completed | failed | abandoned (a run that died; the next one takes over)
    status: Mapped[str] = mapped_column(String(16), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
