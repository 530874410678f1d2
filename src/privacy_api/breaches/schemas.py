"""Breaches as staff enter them and read them back."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic import Strict as Exact

from privacy_api.core.http.types import Timestamp
from privacy_api.register.spec import KEY_PATTERN, Property

Status = Literal["open", "assessed", "authority_notified", "subjects_notified", "closed"]
Risk = Literal["no_risk", "risk", "high_risk"]
Key = Annotated[str, Field(pattern=KEY_PATTERN, max_length=64)]
Keys = Annotated[list[Key], Field(max_length=64)]
# Bounded: a breach is read by people under a deadline, and stored whole.
LongText = Annotated[str, Field(min_length=3, max_length=10_000)]
# Strict: `true` is not one person, nor `"7"` seven (JSON numbers only).
Count = Annotated[int, Exact(), Field(ge=0, le=10_000_000_000)]


def _distinct(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


DistinctKeys = Annotated[Keys, AfterValidator(_distinct)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AffectedFilter(Strict):
    """Which records the breach reached: of these activities (required), optionally only
    these categories and properties, that occurred in [occurred_from, occurred_until)."""

    activities: Annotated[DistinctKeys, Field(min_length=1)]
    categories: DistinctKeys = []
    properties: Annotated[list[Property], Field(max_length=3)] = []
    occurred_from: Timestamp | None = None
    occurred_until: Timestamp | None = None

    @model_validator(mode="after")
    def _window_in_order(self) -> AffectedFilter:
        if (
            self.occurred_from is not None
            and self.occurred_until is not None
            and self.occurred_from >= self.occurred_until
        ):
            raise ValueError("occurred_from must be before occurred_until")
        return self


class Facts(Strict):
    """Art. 33(3)(a), (c), (d); the contact point (b) is the register's."""

    data_subject_categories: DistinctKeys | None = None
    data_categories: DistinctKeys | None = None
    approximate_subjects: Count | None = None
    approximate_records: Count | None = None
    likely_consequences: LongText | None = None
    measures: LongText | None = Field(default=None, description="Measures taken or proposed")


class BreachCreate(Facts):
    nature: LongText
    became_aware_at: Timestamp = Field(
        description="When the controller became aware (with its offset); the 72 hours of "
        "Art. 33(1) run from it"
    )
    affected: AffectedFilter | None = None


class Assessment(Strict):
    risk: Risk
    reasoning: LongText


class BreachUpdate(Facts):
    """New facts (Art. 33(4): in phases), an assessment, or `status: closed`."""

    nature: LongText | None = None
    affected: AffectedFilter | None = None
    assessment: Assessment | None = None
    status: Literal["closed"] | None = Field(
        default=None, description="Only closing is set here; notifications have their routes"
    )


class AuthorityNotification(Strict):
    """Recorded at the time of the call; an earlier `notified_at` only with its `reason`."""

    reference: Annotated[str, Field(min_length=1, max_length=200)]
    notified_at: Timestamp | None = Field(
        default=None,
        description="Only if the authority was told earlier than this call (by phone, "
        "recorded later), with `reason`; otherwise the time of the call is the one kept",
    )
    reason: LongText | None = Field(
        default=None, description="Why notified_at is earlier than this call (required then)"
    )
    delay_reasons: LongText | None = Field(
        default=None, description="Required when notified after authority_due_at (Art. 33(1))"
    )


class NoticeText(Strict):
    """What the person reads, in plain words (Art. 34(2)); the contact comes from the register."""

    what_happened: LongText
    what_it_means: LongText
    what_we_did: LongText


class SubjectNotification(Strict):
    message: dict[Literal["pl", "en"], NoticeText] = Field(
        description="The notice in Polish and in English: each person reads it in theirs"
    )

    @model_validator(mode="after")
    def _both_languages(self) -> SubjectNotification:
        if set(self.message) != {"pl", "en"}:
            raise ValueError("message needs both 'pl' and 'en'")
        return self


NoticeId = Annotated[str, Field(pattern=r"^bsn_[0-9a-f]{24}$", max_length=28)]


class NoticeDecision(Strict):
    """The notice decided on, by the id its text was shown under: a newer draft of the
    same breach is not approved by a decision about the one read."""

    notice_id: NoticeId


class NoticeRefusal(NoticeDecision):
    reason: LongText


class MailPreview(BaseModel):
    subject: str
    body: str


class SubjectNoticeRead(BaseModel):
    """A drafted Art. 34 notice and its decision; `preview` is the mail exactly as sent."""

    id: str
    breach_id: str
    status: Literal["pending", "approved", "refused", "replaced"]
    message: dict[str, NoticeText]
    preview: dict[str, MailPreview] = Field(
        description="Per language, the mail's subject and body as every reader gets it"
    )
    untold: int | None = Field(
        description="While pending: the people it would be mailed to if approved now"
    )
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    refusal_reason: str | None
    mailed: int | None


class AssessmentRead(BaseModel):
    risk: str
    reasoning: str
    assessed_at: datetime


class AuthorityNotificationRead(BaseModel):
    notified_at: datetime = Field(
        description="When the authority was notified: recorded_at, or an earlier time given "
        "with earlier_reason; `late` is judged from it"
    )
    recorded_at: datetime | None = Field(
        description="The server's time of the call that recorded it (null: before it was kept)"
    )
    earlier_reason: str | None = Field(description="Why notified_at is before recorded_at")
    reference: str
    delay_reasons: str | None
    late: bool


class AffectedRead(BaseModel):
    filter: dict[str, Any]
    subjects: int
    records: int
    computed_at: datetime


class BreachRead(BaseModel):
    id: str
    status: str
    nature: str
    data_subject_categories: list[str]
    data_categories: list[str]
    approximate_subjects: int | None
    approximate_records: int | None
    likely_consequences: str | None
    measures: str | None
    contact_email: str
    became_aware_at: datetime
    authority_due_at: datetime
    authority_overdue: bool
    assessment: AssessmentRead | None
    authority_notification: AuthorityNotificationRead | None
    subjects_notified_at: datetime | None
    affected: AffectedRead | None
    missing_facts: list[str] = Field(description="Art. 33(3) facts not yet given")
    created_at: datetime
    created_by: str
    updated_at: datetime
    closed_at: datetime | None


class SubjectNoticeReport(BaseModel):
    """What one approved notice did; a later one reports only what it added."""

    breach: BreachRead
    notice: SubjectNoticeRead
    mailed: int
    already_told: int
    without_address: int
    erased: int
    systems_notified: int
