"""Consent as front ends and operators see it (API.md "A consent state looks like")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from privacy_api.subjects.schemas import PropertyKey, SubjectIdField

Signal = Literal["granted", "denied"]
PolicyVersionText = Annotated[
    str, Field(pattern=r"^\d{4}-\d{2}-\d{2}(\.[1-9][0-9]{0,3})?$", max_length=16)
]
# Whatever the front ends name their banner texts by; shown in the proof, so plain.
BannerVersion = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:+-]+$")]


class ConsentChoices(BaseModel):
    model_config = ConfigDict(extra="forbid")

    purposes: dict[Annotated[str, Field(min_length=1, max_length=64)], StrictBool] = Field(
        min_length=1,
        max_length=32,
        description="Choices per purpose; purposes left out keep their current value",
    )
    property: PropertyKey = Field(description="Where the choice was made")
    policy_version: PolicyVersionText | None = Field(
        default=None, description="The policy version shown; default the latest published"
    )
    banner_version: BannerVersion | None = Field(
        default=None, description="The banner text shown (1-64 of A-Z a-z 0-9 . _ : + -)"
    )


class ConsentMode(BaseModel):
    analytics_storage: Signal
    ad_storage: Signal
    ad_user_data: Signal
    ad_personalization: Signal
    functionality_storage: Signal
    security_storage: Signal


class ConsentStateRead(BaseModel):
    holder: str
    purposes: dict[str, bool]
    consent_mode: ConsentMode
    gpc: bool
    policy_version: str = Field(description="The policy version the choices were made under")
    current_policy_version: str = Field(description="The latest published policy version")
    reconsent_required: bool = Field(
        description="The choices predate a material change of the policy: ask again (policy §5)"
    )
    updated_at: datetime | None


class ConsentEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    holder: str
    kind: str
    purposes: dict[str, bool]
    changes: dict[str, str]
    at: datetime
    source: str
    policy_version: str
    banner_version: str | None
    ip_hash: str | None
    user_agent: str | None
    gpc: bool
    actor: str
    details: dict[str, Any] | None


class VisitorLink(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subject_id: SubjectIdField


class UnsubscribeLink(BaseModel):
    url: str
    expires_at: datetime


class Unsubscribed(BaseModel):
    status: Literal["unsubscribed"]
    purpose: str


class ReportRow(BaseModel):
    day: date
    purpose: str
    grants: int
    denials: int
    withdrawals: int


class GpcSupport(BaseModel):
    gpc: bool
    lastUpdate: str
