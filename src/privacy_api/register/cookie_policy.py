"""The cookie policy as people and machines read it (GET /v1/cookies, /privacy/cookie-policy):
one shape built from the register, so the JSON, the page and the consent script agree."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from privacy_api.register.cookies import lifetime_days
from privacy_api.register.spec import Cookie, RegisterSpec, Text

# Where the page lives (linked from the policy text, the banner and the centre).
PAGE_PATH = "/privacy/cookie-policy"


class CookieRead(BaseModel):
    name: str
    provider: str
    party: Literal["first", "third"]
    # A third party's domain; None: the property's own (the first party).
    domain: str | None
    purpose: str
    # Days the cookie lives; None: until the browser is closed.
    lifetime_days: int | None
    properties: list[str]
    description: Text
    # A first-party cookie the consent script deletes when its purpose is withdrawn; a third
    # party's only the browser's settings or the provider can delete.
    deleted_on_withdrawal: bool


class ActivityBasisRead(BaseModel):
    """An activity that rests on the purpose, with the bases the register states for it."""

    key: str
    title: Text
    legal_basis: list[str]


class CookiePurposeRead(BaseModel):
    key: str
    title: Text
    description: Text
    # False: strictly necessary, no consent asked (ePrivacy Directive Art. 5(3)).
    optional: bool
    activities: list[ActivityBasisRead]
    cookies: list[CookieRead]


class CookiePolicyRead(BaseModel):
    register_version: int
    # How long a consent choice stands; then the banner asks again.
    consent_lifetime_days: int
    properties: dict[str, str]
    purposes: list[CookiePurposeRead]
    page_url: str


def _cookie(cookie: Cookie, spec: RegisterSpec) -> CookieRead:
    optional = spec.consent_purposes[cookie.purpose].optional
    return CookieRead(
        name=cookie.name,
        provider=cookie.provider,
        party=cookie.party,
        domain=cookie.domain,
        purpose=cookie.purpose,
        lifetime_days=lifetime_days(cookie, spec.cookie_policy.consent_lifetime_days),
        properties=list(cookie.properties),
        description=cookie.description,
        deleted_on_withdrawal=optional and cookie.party == "first",
    )


def cookie_policy(spec: RegisterSpec, *, version: int, base_url: str = "") -> CookiePolicyRead:
    """Every purpose that has cookies, in the register's order, each with its cookies and
    the activities that rest on it (their legal bases exactly as the register states them)."""
    purposes = []
    for key, purpose in spec.consent_purposes.items():
        cookies = [_cookie(c, spec) for c in spec.cookie_policy.cookies if c.purpose == key]
        if not cookies:
            continue
        activities = [
            ActivityBasisRead(key=a.key, title=a.title, legal_basis=list(a.legal_basis))
            for a in spec.activities
            if key != "necessary" and a.consent_purpose == key
        ]
        purposes.append(
            CookiePurposeRead(
                key=key,
                title=purpose.title,
                description=purpose.description,
                optional=purpose.optional,
                activities=activities,
                cookies=cookies,
            )
        )
    return CookiePolicyRead(
        register_version=version,
        consent_lifetime_days=spec.cookie_policy.consent_lifetime_days,
        properties=dict(spec.properties),
        purposes=purposes,
        page_url=base_url.rstrip("/") + PAGE_PATH,
    )
