"""Published policy versions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from privacy_api.core.db import Base, UTCDateTime


class PolicyVersion(Base):
    __tablename__ = "policy_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[date] = mapped_column(Date, unique=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())
    material: Mapped[bool]
    changelog: Mapped[dict[str, Any]] = mapped_column(JSON)
    register_version: Mapped[int] = mapped_column(ForeignKey("register_version.version"))
    published_by: Mapped[str] = mapped_column(String(128))
