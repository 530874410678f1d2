"""The cookie policy's rules (issue 29): the inventory in the register ties to its purposes,
its activities and the consent script, so the published list cannot drift from what runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from privacy_api.register.spec import Cookie, RegisterSpec

# The consent script's own cookies (consent/static/consent.js): the inventory must list them,
# living as long as a choice stands, or the script would set cookies the policy never names.
SCRIPT_COOKIES = ("ot_vid", "ot_consent")


def lifetime_days(cookie: Cookie, consent_lifetime_days: int) -> int | None:
    """The cookie's lifetime in days (None: until the browser is closed)."""
    if cookie.lifetime == "session":
        return None
    if cookie.lifetime == "consent":
        return consent_lifetime_days
    return cookie.lifetime


def cookie_errors(spec: RegisterSpec) -> list[str]:
    policy = spec.cookie_policy
    errors: list[str] = []
    seen: set[tuple[str, str]] = set()
    for cookie in policy.cookies:
        where = f"cookie_policy.cookies.{cookie.name}"
        purpose = spec.consent_purposes.get(cookie.purpose)
        if purpose is None:
            errors.append(f"{where}.purpose: unknown consent purpose {cookie.purpose!r}")
        elif purpose.optional and not _relied_on(spec, cookie):
            errors.append(
                f"{where}: no activity on consent purpose {cookie.purpose!r} runs on "
                f"{sorted(cookie.properties)}"
            )
        if cookie.party == "third" and cookie.domain is None:
            errors.append(f"{where}.domain: a third-party cookie names the domain it is set on")
        if cookie.party == "first" and cookie.domain is not None:
            errors.append(f"{where}.domain: a first-party cookie lives on the property's domain")
        missing = sorted(set(cookie.properties) - set(spec.properties))
        if missing:
            errors.append(f"{where}.properties: undeclared properties {missing}")
        for prop in cookie.properties:
            if (cookie.name, prop) in seen:
                errors.append(f"{where}: listed twice for {prop!r}")
            seen.add((cookie.name, prop))
    errors.extend(_outliving(spec))
    for name in SCRIPT_COOKIES:
        own = [c for c in policy.cookies if c.name == name]
        if not own or any(c.lifetime != "consent" or c.party != "first" for c in own):
            errors.append(
                f"cookie_policy.cookies: the consent script's {name!r} must be listed as a "
                "first-party cookie living as long as consent (lifetime: consent)"
            )
    return errors


def _relied_on(spec: RegisterSpec, cookie: Cookie) -> bool:
    """Some activity that rests on the cookie's purpose runs where the cookie is set."""
    return any(
        a.consent_purpose == cookie.purpose and set(a.properties) & set(cookie.properties)
        for a in spec.activities
    )


def _outliving(spec: RegisterSpec) -> list[str]:
    """A cookie activity's published retention covers its cookies: none of them lives longer
    on a device than the activity says the data is kept."""
    errors: list[str] = []
    for activity in spec.activities:
        period = spec.retention_periods.get(activity.retention.period)
        if "cookie_identifier" not in activity.data_categories or period is None:
            continue
        for cookie in spec.cookie_policy.cookies:
            days = lifetime_days(cookie, spec.cookie_policy.consent_lifetime_days)
            if (
                cookie.purpose == activity.consent_purpose
                and (days or 0) > period.period_months * 31
            ):
                errors.append(
                    f"cookie_policy.cookies.{cookie.name}: lives {days} days, longer than "
                    f"activity {activity.key!r} keeps its data ({period.period_months} months)"
                )
    return errors
