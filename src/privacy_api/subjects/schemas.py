"""Subjects as callers write and read them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import (
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StrictBool,
    StringConstraints,
    field_validator,
    model_validator,
)

from privacy_api.core.types import Timestamp

SUBJECT_ID_PATTERN = r"^[A-Za-z0-9._:@-]{1,128}$"
SubjectIdPath = Annotated[
    str, Path(pattern=SUBJECT_ID_PATTERN, max_length=128, description="The caller's account id")
]
SubjectIdField = Annotated[str, Field(pattern=SUBJECT_ID_PATTERN, max_length=128)]
PropertyKey = Literal["site", "app", "help"]
AttributeValue = str | int | float | bool | None
MAX_ATTRIBUTES = 50


class SubjectUpsert(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: EmailStr | None = None
    name: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
        | None
    ) = None
    status: Literal["active", "closed"] = "active"
    demo: StrictBool = False
    attributes: dict[str, AttributeValue] = Field(
        default_factory=dict,
        description="Voluntary data (billing address, company name, ...): at most 50 keys",
    )

    @field_validator("attributes")
    @classmethod
    def _bounded(cls, value: dict[str, AttributeValue]) -> dict[str, AttributeValue]:
        if len(value) > MAX_ATTRIBUTES:
            raise ValueError(f"at most {MAX_ATTRIBUTES} attributes")
        for key, item in value.items():
            if not 1 <= len(key) <= 64:
                raise ValueError("attribute names are 1-64 characters")
            if isinstance(item, str) and len(item) > 1000:
                raise ValueError(f"attribute {key!r} is longer than 1000 characters")
        return value


class SubjectRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    subject_id: str
    email: str | None
    name: str | None
    status: str = Field(description="active, closed, or erased (a tombstone: nothing personal)")
    demo: bool
    attributes: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    last_session_at: datetime | None
    last_visit_at: datetime | None
    last_marketing_contact_at: datetime | None
    restricted_at: datetime | None
    erased_at: datetime | None

    @model_validator(mode="after")
    def _tombstone(self) -> SubjectRead:
        """An erased subject reads as a tombstone: its id, `status: erased`, when, and
        nothing personal (the clocks said when the person was active)."""
        if self.erased_at is not None:
            self.status, self.email, self.name, self.attributes = "erased", None, None, {}
            self.closed_at = self.restricted_at = None
            self.last_session_at = self.last_visit_at = self.last_marketing_contact_at = None
        return self


class ActivityPing(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["session", "visit", "marketing_contact"]
    property: PropertyKey
    at: Timestamp | None = Field(default=None, description="Default: now. Back-fill allowed")
