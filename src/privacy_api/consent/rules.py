"""The rules of consent as plain functions: defaults, applying choices, merging, Consent Mode."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from privacy_api.core.http.errors import Unprocessable
from privacy_api.register.spec import RegisterSpec

GRANTED, DENIED = "granted", "denied"
# Global Privacy Control opts out of sale/sharing: the purpose it denies.
GPC_PURPOSE = "advertising"
# Google Consent Mode v2: the purpose each signal follows (None: always granted, as strictly
# necessary). The one table the API and the consent script both read.
SIGNALS: dict[str, str | None] = {
    "analytics_storage": "analytics",
    "ad_storage": GPC_PURPOSE,
    "ad_user_data": GPC_PURPOSE,
    "ad_personalization": GPC_PURPOSE,
    "functionality_storage": None,
    "security_storage": None,
}


class NecessaryRefused(Unprocessable):
    slug, title = "necessary-cannot-be-refused", "Strictly necessary processing cannot be refused"


class UnknownPurpose(Unprocessable):
    slug, title = "unknown-purpose", "Unknown consent purpose"


@dataclass(frozen=True)
class Choice:
    """The state after applying choices, and what changed (for the report)."""

    purposes: dict[str, bool]
    decided_at: dict[str, str]
    changes: dict[str, str]


def default_purposes(spec: RegisterSpec) -> dict[str, bool]:
    """A new holder: what cannot be refused is granted, every optional purpose denied."""
    return {key: not purpose.optional for key, purpose in spec.consent_purposes.items()}


def apply_choices(
    spec: RegisterSpec,
    current: Mapping[str, bool],
    decided_at: Mapping[str, str],
    choices: Mapping[str, bool],
    *,
    at: datetime,
    gpc: bool,
) -> Choice:
    unknown = sorted(set(choices) - set(spec.consent_purposes))
    if unknown:
        raise UnknownPurpose(
            f"Unknown purpose(s) {unknown}; known: {sorted(spec.consent_purposes)}."
        )
    refused = [k for k, v in choices.items() if not v and not spec.consent_purposes[k].optional]
    if refused:
        raise NecessaryRefused(f"{refused} cannot be refused: the Site cannot work without it.")
    wanted = dict(choices)
    if gpc and GPC_PURPOSE in spec.consent_purposes:
        # Global Privacy Control is an opt-out of sale/sharing: advertising is denied whatever
        # the banner sent.
        wanted[GPC_PURPOSE] = False
    purposes = {**default_purposes(spec), **current}
    stamps = dict(decided_at)
    changes: dict[str, str] = {}
    moment = at.isoformat()
    for key, value in wanted.items():
        before = purposes.get(key, False)
        if value and not before:
            changes[key] = "grant"
        elif not value and before:
            changes[key] = "withdrawal"
        elif not value and key not in stamps:
            changes[key] = "denial"
        purposes[key] = value
        stamps[key] = moment
    return Choice(purposes, stamps, changes)


def merge_by_time(
    ours: Mapping[str, bool],
    our_times: Mapping[str, str],
    theirs: Mapping[str, bool],
    their_times: Mapping[str, str],
) -> tuple[dict[str, bool], dict[str, str]]:
    """Purpose by purpose, the later decision wins (ISO-8601 UTC stamps sort by time)."""
    purposes, stamps = dict(ours), dict(our_times)
    for key, value in theirs.items():
        theirs_at = their_times.get(key, "")
        if theirs_at > stamps.get(key, ""):
            purposes[key], stamps[key] = value, theirs_at
    return purposes, stamps


def consent_mode(purposes: Mapping[str, bool]) -> dict[str, str]:
    """Google Consent Mode v2 signals for the tagging servers."""
    return {
        signal: GRANTED if purpose is None or purposes.get(purpose, False) else DENIED
        for signal, purpose in SIGNALS.items()
    }


def properties_concerned(
    spec: RegisterSpec, before: Mapping[str, bool], after: Mapping[str, bool]
) -> frozenset[str]:
    """The properties a change of purposes concerns: where the register carries out an
    activity based on a purpose that changed. Their systems are the ones to tell."""
    changed = {p for p in {*before, *after} if before.get(p, False) != after.get(p, False)}
    return frozenset(
        prop
        for activity in spec.activities
        if activity.consent_purpose in changed
        for prop in activity.properties
    )
