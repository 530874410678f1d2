"""Audit entries and chain verdicts as operators read them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class AuditEntryRead(BaseModel):
    seq: int
    at: datetime
    actor: str
    action: str
    subject_id: str | None
    target: str
    request_id: str | None
    details: dict[str, Any]
    hash: str


class BadEntry(BaseModel):
    seq: int
    reason: str


class ChainVerdict(BaseModel):
    ok: bool
    entries: int
    first_bad: BadEntry | None = None
