"""Rights request tickets as callers submit them and operators read them."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from privacy_api.core.http.types import Email
from privacy_api.dsar.recipient import checked_recipient
from privacy_api.register.complaint import complaint_json
from privacy_api.register.spec import Lang, Property, RegisterSpec
from privacy_api.subjects.schemas import SubjectIdField, checked_corrections

DsarType = Literal["access", "rectification", "erasure", "restriction", "portability", "objection"]
# "privacy_centre": the service's own pages at /privacy/.
Channel = Literal["help_desk", "live_chat", "email", "app", "api", "privacy_centre"]
Status = Literal["pending_verification", "open", "in_progress", "completed", "rejected"]
ACTIVE_STATUSES = ("pending_verification", "open", "in_progress")
MAX_DETAILS_BYTES = 8192
Reason = Annotated[str, Field(min_length=3, max_length=2000)]


class DsarCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: DsarType
    email: Email
    subject_id: SubjectIdField | None = None
    channel: Channel
    # Which of the register's properties (site, app, help) the request is about, so the
    # queue can be filtered by it; checked against the register in force at intake.
    property: Property | None = None
    details: dict[str, Any] = Field(
        default_factory=dict,
        description="rectification: {corrections: {field: value}}; objection: {activity}; "
        "portability: optionally {recipient: {name, email}}, the organisation to send it to",
    )
    lang: Literal["pl", "en"] = Field(default="en", description="Language of our answers")
    verified: StrictBool = Field(
        default=False, description="Identity already verified (dsar:manage)"
    )

    @model_validator(mode="after")
    def _details_fit_the_type(self) -> DsarCreate:
        if len(json.dumps(self.details)) > MAX_DETAILS_BYTES:
            raise ValueError(f"details are larger than {MAX_DETAILS_BYTES} bytes")
        if self.type == "rectification":
            corrections = self.details.get("corrections")
            if not isinstance(corrections, dict) or not corrections:
                raise ValueError("a rectification needs details.corrections: {field: value}")
            # Kept as they will be applied: the confirmation code goes to the address the
            # profile will hold, not to the spelling the caller sent.
            self.details["corrections"] = checked_corrections(corrections)
        if self.type == "objection" and not isinstance(self.details.get("activity"), str):
            raise ValueError("an objection needs details.activity (a register activity key)")
        checked_recipient(self.type, self.details)  # Art. 20(2): an organisation, if named
        return self


class DsarRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    type: str
    email: str
    subject_id: str | None
    channel: str
    property: str | None
    details: dict[str, Any]
    lang: str
    status: str
    received_at: datetime
    due_at: datetime
    extended_at: datetime | None
    extension_reason: str | None
    verified_at: datetime | None
    verified_by: str | None
    assignee: str | None
    closed_at: datetime | None
    rejection_reason: str | None
    result: dict[str, Any] | None
    # Four eyes (issue 28): staff linked the request to a subject whose address on record
    # differs from the request's (or a rectification's new one). Until another key
    # approves, the package goes only to the address on record and no e-mail change starts.
    address_differs: bool = False
    address_decision: Literal["approved", "refused"] | None = None
    address_decided_by: str | None = None
    address_decided_at: datetime | None = None


class SupervisoryAuthorityRead(BaseModel):
    name: str
    address: str
    email: str
    url: str


class AuthorityRead(BaseModel):
    country: str
    name: str
    address: str
    url: str
    note: str | None = None


class ComplaintRoute(BaseModel):
    """Art. 77 (and 12(4)): where the person may complain, in the ticket's language: the
    competent authority of their choice; the lead one; their own where the language tells."""

    right: str
    supervisory_authority: SupervisoryAuthorityRead = Field(
        description="The lead supervisory authority (the controller's)"
    )
    your_authority: AuthorityRead | None = Field(
        default=None, description="The authority of the reader's country (a Polish reader's)"
    )
    authorities: list[AuthorityRead] = Field(
        description="Every EU/EEA data protection authority, the lead one first"
    )


_JUDICIAL_REMEDY = {
    "en": "You may also seek a judicial remedy.",
    "pl": "Przysługuje Ci także prawo do skutecznego środka ochrony prawnej przed sądem.",
}


def complaint_route(spec: RegisterSpec, lang: str) -> ComplaintRoute:
    authority = spec.controller.supervisory_authority
    checked: Lang = "pl" if lang == "pl" else "en"
    route = complaint_json(spec, checked)
    return ComplaintRoute(
        right=f"{route['text']} {_JUDICIAL_REMEDY[checked]}",
        supervisory_authority=SupervisoryAuthorityRead(
            name=authority.name.of(checked),
            address=authority.postal_address.of(checked),
            email=authority.email,
            url=authority.url,
        ),
        your_authority=AuthorityRead(**route["your_authority"])
        if route["your_authority"]
        else None,
        authorities=[AuthorityRead(**a) for a in route["authorities"]],
    )


class DsarRejection(DsarRead):
    """A refusal names the authority in the answer too, not only in the person's mail."""

    complaint: ComplaintRoute


class DsarEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    actor: str
    action: str
    from_status: str | None
    to_status: str
    details: dict[str, Any]


class NoteRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    author: str
    text: str


class DsarDetail(DsarRead):
    history: list[DsarEventRead]
    notes: list[NoteRead]
    # On a flagged request: what a second key approves (the other address in full, the
    # record's masked, the key that linked it, what would be sent).
    address_check: dict[str, Any] | None = None


class VerificationCode(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^\d{6}$", max_length=6)


class ReasonBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason


class AddressApproval(BaseModel):
    """The second key names the address it approves: it must have read it."""

    model_config = ConfigDict(extra="forbid")

    email: Email


class AddressRefusal(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason | None = None


class Assignment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assignee: str = Field(min_length=1, max_length=128)


class NoteCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=5000)


class DsarStats(BaseModel):
    open_by_type: dict[str, int]
    overdue: int
    median_days_to_completion: float | None
