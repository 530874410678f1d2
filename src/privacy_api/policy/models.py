"""Published policy versions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, UniqueConstraint
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


class PolicyAcceptance(Base):
    """A subject saw or accepted a policy version (policy §5)."""

    __tablename__ = "policy_acceptance"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[str] = mapped_column(
        ForeignKey("subject.subject_id", ondelete="CASCADE"), index=True
    )
    version: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    property: Mapped[str] = mapped_column(String(8))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class PolicyNotification(Base):
    """A subject was told about a material change in this version."""

    __tablename__ = "policy_notification"
    __table_args__ = (UniqueConstraint("subject_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[str] = mapped_column(ForeignKey("subject.subject_id", ondelete="CASCADE"))
    version: Mapped[date] = mapped_column(Date)
    notified_at: Mapped[datetime] = mapped_column(UTCDateTime())
    notified_by: Mapped[str] = mapped_column(String(128))
