"""Policy versions and the rendered policy as callers see them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from privacy_api.core.http.types import Day, Timestamp
from privacy_api.register.spec import Text

# The publication date, and ".2", ".3"... for a later publication on the same day.
VERSION_PATTERN = r"^\d{4}-\d{2}-\d{2}(\.[1-9][0-9]{0,3})?$"
PolicyVersionId = Annotated[
    str,
    Field(
        pattern=VERSION_PATTERN,
        max_length=16,
        description="A published version: its date, e.g. 2026-12-01, or 2026-12-01.2",
    ),
]


class PolicyVersionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Day = Field(description="The version's date, e.g. 2026-12-01")
    material: StrictBool = Field(
        description="A material change: users who accepted an earlier version must be told"
    )
    changelog: Text


class PolicyVersionRead(BaseModel):
    version: str
    published_at: datetime
    material: bool = Field(description="A material change: people are asked again and told")
    changelog: Text = Field(description="What changed from the previous version, pl and en")
    register_version: int = Field(description="The register version it was rendered from")


class PolicyDocument(BaseModel):
    version: str
    published_at: datetime
    material: bool
    lang: Literal["pl", "en"]
    register_version: int
    text: str


class AcceptanceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: PolicyVersionId
    kind: Literal["seen", "accepted"] = "accepted"
    property: Literal["site", "app", "help"]
    at: Timestamp | None = None


class AcceptanceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    subject_id: str
    version: str
    kind: str
    property: str
    at: datetime


class PendingNotification(BaseModel):
    subject_id: str
    last_accepted_version: str


class NotificationsMarked(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: PolicyVersionId
    subject_ids: list[
        Annotated[str, Field(pattern=r"^[A-Za-z0-9._:@-]{1,128}$", max_length=128)]
    ] = Field(min_length=1, max_length=500)


class NotificationsRecorded(BaseModel):
    version: str
    recorded: int


class PendingNotifications(BaseModel):
    version: str
    items: list[PendingNotification]
    next_cursor: str | None = None
