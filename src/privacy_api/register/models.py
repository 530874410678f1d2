"""Stored register versions: each load of a changed file adds one; none is ever replaced."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from privacy_api.core.data.db import Base, UTCDateTime


class RegisterVersion(Base):
    __tablename__ = "register_version"

    version: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    content_hash: Mapped[str] = mapped_column(String(64))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(256))
    loaded_by: Mapped[str] = mapped_column(String(128))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
