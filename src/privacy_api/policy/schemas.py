"""Policy versions and the rendered policy as callers see them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from privacy_api.core.types import Day, Timestamp
from privacy_api.register.spec import Text


class PolicyVersionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Day = Field(description="The version's date, e.g. 2026-12-01")
    material: StrictBool = Field(
        description="A material change: users who accepted an earlier version must be told"
    )
    changelog: Text


class PolicyVersionRead(BaseModel):
    version: date
    published_at: datetime
    material: bool
    changelog: Text
    register_version: int


class PolicyDocument(BaseModel):
    version: date
    published_at: datetime
    material: bool
    lang: Literal["pl", "en"]
    register_version: int
    text: str


class AcceptanceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: date
    kind: Literal["seen", "accepted"] = "accepted"
    property: Literal["site", "app", "help"]
    at: Timestamp | None = None


class AcceptanceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    subject_id: str
    version: date
    kind: str
    property: str
    at: datetime


class PendingNotification(BaseModel):
    subject_id: str
    last_accepted_version: date


class NotificationsMarked(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: date
    subject_ids: list[
        Annotated[str, Field(pattern=r"^[A-Za-z0-9._:@-]{1,128}$", max_length=128)]
    ] = Field(min_length=1, max_length=500)


class NotificationsRecorded(BaseModel):
    version: date
    recorded: int


class PendingNotifications(BaseModel):
    version: date
    items: list[PendingNotification]
    next_cursor: str | None = None
