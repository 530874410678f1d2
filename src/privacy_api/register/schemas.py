"""The register as the public reads it (API.md "Shapes that callers rely on")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import Path
from pydantic import BaseModel, Field

from privacy_api.register.spec import Activity, RegisterSpec, Subprocessor, Text

# An activity key in a path, as the register spells its keys.
ActivityKeyPath = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]{1,63}$", max_length=64)]


class RetentionRead(BaseModel):
    period_months: int
    clock: str
    or_at: str | None = Field(
        default=None,
        description="A second clock: the data goes at this event if it comes before the "
        "period ends (whichever is sooner), e.g. account_closed",
    )
    action: str
    statutory_hold_years: int | None
    statutory_hold_categories: list[str] | None


class ActivityRead(BaseModel):
    key: str
    section: str
    title: Text
    purposes: list[str]
    legal_basis: list[str]
    data_categories: list[str]
    properties: list[str]
    consent_purpose: str | None
    objection_applies: bool
    portability_applies: bool
    storage_only: bool
    retention: RetentionRead
    register_version: int

    @classmethod
    def of(cls, spec: RegisterSpec, activity: Activity, version: int) -> ActivityRead:
        rule = spec.retention_of(activity)
        return cls(
            key=activity.key,
            section=activity.section,
            title=activity.title,
            purposes=list(activity.purposes),
            legal_basis=list(activity.legal_basis),
            data_categories=list(activity.data_categories),
            properties=list(activity.properties),
            consent_purpose=activity.consent_purpose,
            objection_applies=activity.objection_applies,
            portability_applies=activity.portable,
            storage_only=activity.storage_only,
            retention=RetentionRead(
                period_months=rule.period_months,
                clock=rule.clock,
                or_at=rule.or_at,
                action=rule.action,
                statutory_hold_years=rule.hold.years if rule.hold else None,
                statutory_hold_categories=list(rule.hold.categories) if rule.hold else None,
            ),
            register_version=version,
        )


class SubprocessorRead(BaseModel):
    category: str
    name: str | None
    region: str | None
    safeguard: str
    dpa_signed_on: date | None

    @classmethod
    def of(cls, sub: Subprocessor) -> SubprocessorRead:
        return cls.model_validate(sub.model_dump())


class RegisterVersionRead(BaseModel):
    version: int
    content_hash: str
    source: str
    loaded_at: datetime
