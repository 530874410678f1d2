"""Subjects as callers write and read them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Path
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    ValidationError,
    model_validator,
)

from privacy_api.core.http.types import Email, Timestamp, without_controls

SUBJECT_ID_PATTERN = r"^[A-Za-z0-9._:@-]{1,128}$"
SubjectIdPath = Annotated[
    str, Path(pattern=SUBJECT_ID_PATTERN, max_length=128, description="The caller's account id")
]
SubjectIdField = Annotated[str, Field(pattern=SUBJECT_ID_PATTERN, max_length=128)]
PropertyKey = Literal["site", "app", "help"]
AttributeKey = Annotated[str, Field(min_length=1, max_length=64)]
AttributeValue = Annotated[str, Field(max_length=1000)] | int | float | bool | None
MAX_ATTRIBUTES = 50
ProfileName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(without_controls),
]


class SubjectUpsert(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email | None = None
    name: ProfileName | None = None
    status: Literal["active", "closed"] = "active"
    demo: StrictBool = False
    attributes: dict[AttributeKey, AttributeValue] = Field(
        default_factory=dict,
        max_length=MAX_ATTRIBUTES,
        description="Voluntary data (billing address, company name, ...): at most 50 keys",
    )


class SubjectPatch(BaseModel):
    """A JSON Merge Patch (RFC 7396) of a profile: what is absent stays, `null` removes
    (`email`, `name`, an attribute), `attributes` merges key by key."""

    model_config = ConfigDict(extra="forbid")

    email: Email | None = None
    name: ProfileName | None = None
    status: Literal["active", "closed"] | None = None
    demo: StrictBool | None = None
    attributes: dict[AttributeKey, AttributeValue] | None = Field(
        default=None,
        max_length=MAX_ATTRIBUTES,
        description="Merged into the stored attributes: a key set to null is removed; "
        "`attributes: null` removes them all",
    )

    @model_validator(mode="after")
    def _required_stay(self) -> SubjectPatch:
        # A profile always has a status and a demo flag: null cannot remove them.
        for field in ("status", "demo"):
            if field in self.model_fields_set and getattr(self, field) is None:
                raise ValueError(f"'{field}' cannot be removed; give a value or leave it out")
        return self

    def merged_into(self, current: dict[str, Any]) -> dict[str, Any]:
        """`current` (a profile as `SubjectUpsert` takes it) with this patch applied."""
        merged = dict(current)
        for field in self.model_fields_set:
            value = getattr(self, field)
            if field == "attributes" and value is not None:
                attributes = dict(current.get("attributes") or {})
                for key, item in value.items():
                    if item is None:
                        attributes.pop(key, None)
                    else:
                        attributes[key] = item
                merged["attributes"] = attributes
            elif field == "attributes":
                merged["attributes"] = {}
            else:
                merged[field] = value
        return merged


class _Corrections(BaseModel):
    """What a rectification (Art. 16) may set: the fields an upsert takes, as bounded."""

    model_config = ConfigDict(extra="forbid")

    email: Email | None = None
    name: ProfileName | None = None
    attributes: dict[AttributeKey, AttributeValue] = Field(default_factory=dict)


def checked_corrections(corrections: dict[str, Any]) -> dict[str, Any]:
    """`corrections` ({"email" | "name" | "attributes.<name>": value}) as they will be
    stored, normalised; ValueError names the first field refused. Checked at intake, so a
    ticket never holds a value the profile would refuse, and again when it is applied."""
    fields: dict[str, Any] = {}
    attributes: dict[str, Any] = {}
    for field, value in corrections.items():
        if field.startswith("attributes."):
            attributes[field.removeprefix("attributes.")] = value
        elif field == "email" and value is None:
            # Fulfilling it would mail the new address's code to "None"; an address goes
            # away by erasure, not by rectification.
            raise ValueError("correction of 'email': the new address is missing")
        elif field in ("email", "name"):
            fields[field] = value
        else:
            raise ValueError(
                f"'{field[:64]}' cannot be corrected; correctable: email, name, attributes.<name>"
            )
    if "email" in fields and fields["email"] is None:
        # A person rectifies an address to another one; none at all would leave the account
        # unreachable for the answers the law owes them.
        raise ValueError("correction of 'email': give the new address")
    try:
        checked = _Corrections(**fields, attributes=attributes)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise ValueError(f"correction of '{where}': {error['msg']}") from None
    out: dict[str, Any] = {field: getattr(checked, field) for field in fields}
    out.update({f"attributes.{key}": value for key, value in checked.attributes.items()})
    return out


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

    kind: Literal["session", "visit", "marketing_contact", "account_closed"] = Field(
        description="account_closed: the person closed their account (also the app's "
        "sign-out of a deleted account); starts the clock their account data runs out by"
    )
    property: PropertyKey
    at: Timestamp | None = Field(default=None, description="Default: now. Back-fill allowed")
