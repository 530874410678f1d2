"""Published policy versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from privacy_api.core.data.db import Base, UTCDateTime

# A version id is its publication date, with ".2", ".3"... for a second, third publication
# on one day. Ids compare by publication order (`id`), never as text ("…-01.10" < "…-01.2").
VERSION_LENGTH = 16


class PolicyVersion(Base):
    """A published version: frozen with the stored register version it was rendered from."""

    __tablename__ = "policy_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(VERSION_LENGTH), unique=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())
    material: Mapped[bool]
    changelog: Mapped[dict[str, Any]] = mapped_column(JSON)
    register_version: Mapped[int] = mapped_column(ForeignKey("register_version.version"))
    published_by: Mapped[str] = mapped_column(String(128))
    # The texts as published, per language: what a person was shown stays provable even
    # when the templates are reworded later. Versions published before this column render
    # from their own register version.
    texts: Mapped[dict[str, str] | None] = mapped_column(JSON)


class PolicyAcceptance(Base):
    """A subject saw or accepted a policy version (policy §5)."""

    __tablename__ = "policy_acceptance"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[str] = mapped_column(
        ForeignKey("subject.subject_id", ondelete="CASCADE"), index=True
    )
    version: Mapped[str] = mapped_column(String(VERSION_LENGTH))
    kind: Mapped[str] = mapped_column(String(16))
    property: Mapped[str] = mapped_column(String(8))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class PolicyNotification(Base):
    """A subject was told about a material change in this version."""

    __tablename__ = "policy_notification"
    __table_args__ = (UniqueConstraint("subject_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[str] = mapped_column(ForeignKey("subject.subject_id", ondelete="CASCADE"))
    version: Mapped[str] = mapped_column(String(VERSION_LENGTH))
    notified_at: Mapped[datetime] = mapped_column(UTCDateTime())
    notified_by: Mapped[str] = mapped_column(String(128))
