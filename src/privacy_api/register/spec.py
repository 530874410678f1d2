"""The register file's shape, and the rules that tie its parts together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Basis = Literal["consent", "contract", "legal_obligation", "legitimate_interest"]
Clock = Literal[
    "record_time",
    "last_session",
    "last_visit",
    "last_marketing_contact",
    "account_closed",
    # The clocks of the service's own stores (issue 18): a rights request's answer, a
    # message's delivery (or giving up on it), a downstream system's answer to an order.
    "request_closed",
    "message_sent",
    "order_answered",
]
# The stores of personal data the service keeps itself; an activity naming one describes
# it (purpose, basis, retention) and the sweep and the erasure enforce its rule there.
Store = Literal[
    "dsar_tickets",
    "outbox_messages",
    "downstream_orders",
    "consent_events",
    "dsar_intake_counts",
    "idempotency_responses",
]
SUBJECT_CLOCKS = frozenset(
    {"last_session", "last_visit", "last_marketing_contact", "account_closed", "record_time"}
)
STORE_CLOCKS: dict[str, frozenset[str]] = {
    "dsar_tickets": frozenset({"request_closed"}),
    "outbox_messages": frozenset({"message_sent"}),
    "downstream_orders": frozenset({"order_answered"}),
    "consent_events": frozenset({"record_time"}),
    "dsar_intake_counts": frozenset({"record_time"}),
    "idempotency_responses": frozenset({"record_time"}),
}
Action = Literal["erase", "anonymise"]
Property = Literal["site", "app", "help"]
Lang = Literal["pl", "en"]
# Art. 14(2)(f), 15(1)(g): where the data comes from.
Source = Literal["subject", "usage", "payment_provider"]
KEY_PATTERN = r"^[a-z][a-z0-9_]{1,63}$"
Key = Field(pattern=KEY_PATTERN)
# Categories are keys too: they are named in URLs and filters, and a batch of records
# sends them joined by a control character (core.data.hot.column_texts).
CategoryKey = Annotated[str, Field(pattern=KEY_PATTERN)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    # Bounded: a policy version's changelog comes through the API in this shape.
    en: str = Field(min_length=1, max_length=5000)
    pl: str = Field(min_length=1, max_length=5000)

    def of(self, lang: str) -> str:
        return self.pl if lang == "pl" else self.en


class RetentionPeriod(Strict):
    period_months: int = Field(gt=0, le=600)
    clock: Clock
    # A second clock, "whichever is sooner": the data goes when this event happens, if
    # that comes before the period ends (§1.1: "as long as you have an account").
    or_at: Clock | None = None


class StatutoryHold(Strict):
    years: int = Field(gt=0, le=100)
    clock: Clock
    reason: Text


class HoldReference(Strict):
    hold: str
    categories: tuple[str, ...] = Field(min_length=1)


class RetentionReference(Strict):
    period: str
    action: Action
    statutory_hold: HoldReference | None = None


class ConsentPurpose(Strict):
    optional: bool
    title: Text
    # What the purpose is for, as the banner and the cookie policy describe it (issue 29).
    description: Text


class Cookie(Strict):
    """One cookie of the cookie policy (policy §1.6): what sets it, why, for how long."""

    # A name, or a prefix ending in `*` (Google's `_ga_<container>`).
    name: str = Field(pattern=r"^[A-Za-z0-9_.\-]{1,64}\*?$")
    provider: str = Field(min_length=1, max_length=200)
    # The domain a third-party cookie is set on (a first-party one lives on the property's).
    domain: str | None = Field(default=None, pattern=r"^[a-z0-9.\-]{3,100}$")
    party: Literal["first", "third"]
    purpose: str
    # Days, "session" (until the browser closes) or "consent" (`consent_lifetime_days`).
    lifetime: Annotated[int, Field(gt=0, le=800)] | Literal["session", "consent"]
    properties: tuple[Property, ...] = Field(min_length=1)
    description: Text


class CookiePolicy(Strict):
    # How long a consent choice stands: the script's own cookies live this long and the
    # banner asks again after it (the one home of this number).
    consent_lifetime_days: int = Field(gt=0, le=400)
    cookies: tuple[Cookie, ...] = Field(min_length=1)


class Activity(Strict):
    key: str = Key
    section: str
    title: Text
    purposes: tuple[str, ...] = Field(min_length=1)
    legal_basis: tuple[Basis, ...] = Field(min_length=1)
    data_categories: tuple[CategoryKey, ...] = Field(min_length=1)
    # Art. 30(1)(c) and (d): whose data it is, and which sub-processors (by key) receive it.
    data_subjects: tuple[CategoryKey, ...] = Field(min_length=1)
    recipients: tuple[CategoryKey, ...]
    sources: tuple[Source, ...] = Field(min_length=1)
    properties: tuple[Property, ...] = Field(min_length=1)
    consent_purpose: str | None = None
    objection_applies: bool = False
    portability_applies: bool | None = None
    storage_only: bool = False
    erases_subject: bool = False
    # Set when the activity is a store the service keeps itself, not one records are
    # filed under: the sweep's store rules and the erasure act on that store's table.
    store: Store | None = None
    # Why a subject's erasure keeps part of this store (what is kept, and why), if it does.
    kept_on_erasure: Text | None = None
    retention: RetentionReference
    # Which law, which interest: each basis as it is true for this activity (a legal
    # obligation always names its law, so no label speaks of another activity's law).
    basis_detail: dict[Basis, Text] = {}
    # What the policy says of this activity beyond the fields above, published with it.
    notes: tuple[Text, ...] = ()
    # Recipients that are not our processors (independent controllers, by key).
    disclosed_to: tuple[CategoryKey, ...] = ()

    @property
    def portable(self) -> bool:
        """Art. 20 covers data processed on consent or contract, unless the register narrows it."""
        if self.portability_applies is not None:
            return self.portability_applies
        return bool({"consent", "contract"} & set(self.legal_basis))


class SupervisoryAuthority(Strict):
    """The lead authority (Art. 56): the one of the controller's main establishment."""

    country: str = Field(pattern=r"^[A-Z]{2}$")
    name: Text
    address: str
    postal_address: Text
    email: str
    url: str


class Translated(Strict):
    """A text in English and, where the register knows it, in Polish (read in English
    otherwise): an authority's name and address."""

    en: str = Field(min_length=1, max_length=500)
    pl: str | None = Field(default=None, min_length=1, max_length=500)

    def of(self, lang: str) -> str:
        return self.pl if lang == "pl" and self.pl is not None else self.en


class ComplaintAuthority(Strict):
    """A data protection authority a person may complain to (Art. 77: the one of their
    choice, in particular where they live, work or the infringement took place)."""

    country: str = Field(pattern=r"^[A-Z]{2}$")
    name: Translated
    address: Translated
    url: str = Field(pattern=r"^https://[^\s]+$")
    # Says what a person should know before writing (e.g. a federal state's authority).
    note: Translated | None = None


# Art. 77 applies in every EU Member State and, through the EEA Agreement, in Iceland,
# Liechtenstein and Norway: the register names an authority for each.
EEA_COUNTRIES = frozenset(
    {
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IS",
        "IT",
        "LI",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "NO",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    }
)


class Controller(Strict):
    name: str
    company_number: str
    address: str
    email: str
    # `address` as a person reads it in their language (the country's name translated).
    postal_address: Text
    supervisory_authority: SupervisoryAuthority


class ContactPoint(Strict):
    email: str
    title: Text


class Subprocessor(Strict):
    category: str
    name: str | None
    # Where it processes: only a fact the register knows (null: not recorded; the policy
    # says only that some providers are outside the EU, under the SCC).
    region: str | None = None
    safeguard: str
    dpa_signed_on: date | None
    # What a person reads; `category`, `region`, `safeguard` stay as the public API shows them.
    key: CategoryKey
    title: Text
    region_title: Text | None = None
    safeguard_title: Text
    # null: may be outside the EEA (the policy's own words); true/false only when known.
    outside_eea: bool | None = None


class IndependentRecipient(Strict):
    """A recipient that is not our processor: it decides itself what it keeps (e.g. a
    social platform whose button the Site shows)."""

    key: CategoryKey
    name: str = Field(min_length=1, max_length=200)
    title: Text
    privacy_policy: str = Field(pattern=r"^https://[^\s]+$")


@dataclass(frozen=True)
class Hold:
    years: int
    clock: Clock
    categories: tuple[str, ...]
    reason: Text


@dataclass(frozen=True)
class RetentionRule:
    """An activity's retention with its references resolved: what the engine enforces.
    With `or_at`, the data goes at that event or when the period ends, whichever is sooner."""

    period_months: int
    clock: Clock
    action: Action
    hold: Hold | None
    or_at: Clock | None = None


class ConsentProofs(Strict):
    keep_on_erasure: bool
    reason: Text


class RegisterSpec(Strict):
    schema_: Literal[1] = Field(alias="schema")
    policy_version: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    controller: Controller
    properties: dict[Property, str]
    retention_periods: dict[str, RetentionPeriod] = Field(min_length=1)
    # How long an order to a downstream system keeps what it carried (a rectification's
    # values) while no system has acknowledged it; then the payload goes and the order is
    # marked expired (issue 28). Required where an activity describes downstream_orders;
    # optional in the model so register versions stored before it still read.
    order_payload_days: int | None = Field(default=None, gt=0, le=3650, strict=True)
    statutory_holds: dict[str, StatutoryHold] = {}
    consent_proofs: ConsentProofs
    consent_purposes: dict[str, ConsentPurpose]
    cookie_policy: CookiePolicy
    activities: tuple[Activity, ...] = Field(min_length=1)
    subprocessors: tuple[Subprocessor, ...]
    # Every text a person reads, in both languages: a key without its title is an error.
    data_subject_categories: dict[str, Text] = Field(min_length=1)
    category_titles: dict[str, Text]
    purpose_titles: dict[str, Text]
    security_measures: tuple[Text, ...] = Field(min_length=1)
    contact_point: ContactPoint
    # Art. 77: the authorities other than the lead one a person may turn to.
    complaint_authorities: tuple[ComplaintAuthority, ...] = Field(min_length=1)
    independent_recipients: tuple[IndependentRecipient, ...] = ()

    # Looked up once per record on bulk ingestion: an index, not a scan. A cached property
    # lives in the instance's __dict__, so reading it is a plain attribute access (a
    # private attribute goes through pydantic's __getattr__, which a batch profile showed).
    @cached_property
    def activities_by_key(self) -> dict[str, Activity]:
        return {a.key: a for a in self.activities}

    def activity(self, key: str) -> Activity | None:
        return self.activities_by_key.get(key)

    @cached_property
    def subprocessors_by_key(self) -> dict[str, Subprocessor]:
        return {s.key: s for s in self.subprocessors}

    def category_title(self, key: str, lang: str) -> str:
        """A data category as a person reads it (stores outside the register show their key)."""
        title = self.category_titles.get(key)
        return title.of(lang) if title is not None else key

    def purpose_title(self, purpose: str, lang: str) -> str:
        return self.purpose_titles[purpose].of(lang)

    def recipients_of(self, activity: Activity) -> list[Subprocessor]:
        return [self.subprocessors_by_key[k] for k in activity.recipients]

    @cached_property
    def independent_by_key(self) -> dict[str, IndependentRecipient]:
        return {r.key: r for r in self.independent_recipients}

    def disclosed_to(self, activity: Activity) -> list[IndependentRecipient]:
        return [self.independent_by_key[k] for k in activity.disclosed_to]

    def retention_of(self, activity: Activity) -> RetentionRule:
        ref = activity.retention
        period = self.retention_periods[ref.period]
        hold = None
        if ref.statutory_hold is not None:
            statutory = self.statutory_holds[ref.statutory_hold.hold]
            hold = Hold(
                statutory.years, statutory.clock, ref.statutory_hold.categories, statutory.reason
            )
        return RetentionRule(period.period_months, period.clock, ref.action, hold, period.or_at)

    def lead_authority(self) -> ComplaintAuthority:
        """The lead authority in the shape of the others."""
        lead = self.controller.supervisory_authority
        return ComplaintAuthority(
            country=lead.country,
            name=Translated(en=lead.name.en, pl=lead.name.pl),
            address=Translated(en=lead.postal_address.en, pl=lead.postal_address.pl),
            url=lead.url,
        )

    def authorities(self) -> list[ComplaintAuthority]:
        """Every authority a person may complain to: the lead one first, then by country."""
        others = sorted(self.complaint_authorities, key=lambda a: a.country)
        return [self.lead_authority(), *others]

    def authority_of(self, country: str) -> ComplaintAuthority | None:
        return next((a for a in self.authorities() if a.country == country), None)
