"""Shapes of the rights endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
)


class RestrictionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=3, max_length=500)


class RestrictionRead(BaseModel):
    subject_id: str
    restricted_at: datetime


class ObjectionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    activity: str = Field(min_length=1, max_length=64)


class ObjectionDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    uphold: StrictBool
    reason: str | None = Field(
        default=None, max_length=2000, description="The overriding interest, when refusing"
    )


class ObjectionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    subject_id: str
    activity: str
    status: str
    reason: str | None
    created_at: datetime
    decided_at: datetime | None


class ErasureResult(BaseModel):
    subject_id: str
    erased: dict[str, int]
    anonymised: dict[str, int]
    # Each kept store: how many rows, why, until when, and `holds`: exactly the fields
    # each of those rows still holds.
    retained: list[dict[str, Any]]
    nothing_left_to_erase: bool
    orders: int
    # Every store of the register, records' and the service's own (issue 18).
    stores: list[dict[str, Any]] = []
    # A repeated erasure answers the first one's facts (stored with the tombstone).
    repeated: bool = False
    # The subject's other requests still open at the erasure: closed by it, their address
    # and details removed with the rest.
    closed_requests: list[str] = []
