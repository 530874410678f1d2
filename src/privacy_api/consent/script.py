"""The consent script and its stylesheet (`GET /v1/consent.js`, `GET /v1/consent.css`).

The script is the readable source in `static/consent.js`, served as it is, with the register's
banner facts written into it at serve time: the purposes a visit is asked about, their titles
and descriptions in both languages, the Consent Mode signals each one governs, and the policy
version in force with the versions whose choices still stand. So the banner, the policy text
and the API's answers come from one register and cannot disagree (issue 21).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from privacy_api.consent.rules import GPC_PURPOSE, SIGNALS
from privacy_api.policy.service import Standing
from privacy_api.register.cookie_policy import PAGE_PATH
from privacy_api.register.live import InForce
from privacy_api.register.spec import RegisterSpec

# Where the source holds the register's facts; replaced once per register and policy version.
PLACEHOLDER = "/*@config*/null"
# A day fresh, then a week served while it revalidates (ETag, 304). The URL never changes, so
# the script itself asks for a fresh copy when the API names a newer policy than it embeds.
CACHE_CONTROL = "public, max-age=86400, stale-while-revalidate=604800"


@dataclass(frozen=True)
class Asset:
    body: bytes
    etag: str
    media_type: str


def _asset(body: bytes, media_type: str) -> Asset:
    return Asset(body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"', media_type)


def _source(name: str) -> str:
    return files("privacy_api.consent").joinpath("static", name).read_text(encoding="utf-8")


def visit_purposes(spec: RegisterSpec) -> list[dict[str, Any]]:
    """The optional purposes a visit itself is processed for (activities fed by `usage`),
    each with its description, the properties its activities run on (where the banner asks
    about it) and the first-party cookies the script deletes when it is withdrawn. Purposes
    whose data a person gives (a newsletter's e-mail) are asked where that data is given,
    not in the banner."""
    listed: list[dict[str, Any]] = []
    for key, purpose in spec.consent_purposes.items():
        if not purpose.optional:
            continue
        uses = [a for a in spec.activities if a.consent_purpose == key and "usage" in a.sources]
        if uses:
            listed.append(
                {
                    "key": key,
                    "title": purpose.title.model_dump(),
                    # The banner describes the purpose as the register does (issue 29).
                    "description": purpose.description.model_dump(),
                    # Where the banner asks about it: where an activity relying on it runs.
                    "properties": sorted({p for a in uses for p in a.properties}),
                    "cookies": first_party_cookies(spec, key),
                }
            )
    return listed


def first_party_cookies(spec: RegisterSpec, purpose: str) -> list[dict[str, Any]]:
    """The cookies of a purpose the script deletes when it is withdrawn: first-party ones only
    (a third party's cookie lives on its own domain, out of the page's reach)."""
    return [
        {"name": c.name, "properties": list(c.properties)}
        for c in spec.cookie_policy.cookies
        if c.purpose == purpose and c.party == "first"
    ]


def standing_versions(standing: Standing) -> list[str] | None:
    """The versions whose choices still stand: published at or after the latest material
    change (None: every version). The same rule as Standing.reconsent_required."""
    if standing.last_material is None:
        return None
    last = standing.last_material
    return sorted(v for v, order in standing.order.items() if order >= last)


def banner_config(in_force: InForce) -> dict[str, Any]:
    spec = in_force.spec
    facts: dict[str, Any] = {
        "policy_version": in_force.policy_version,
        "standing": standing_versions(in_force.standing),
        "controller": spec.controller.name,
        "necessary": spec.consent_purposes["necessary"].title.model_dump(),
        "properties": dict(spec.properties),
        "purposes": visit_purposes(spec),
        "signals": SIGNALS,
        "gpc_purpose": GPC_PURPOSE,
        # How long a choice stands: the cookies' Max-Age, and when the banner asks again.
        "consent_lifetime_days": spec.cookie_policy.consent_lifetime_days,
        "cookie_policy_path": PAGE_PATH,
    }
    # Names the banner's facts in the proof of every choice made with it.
    digest = hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()[:12]
    return {**facts, "banner_version": f"js.{in_force.register_version}.{digest}"}


@cache
def _source_script() -> str:
    source = _source("consent.js")
    assert PLACEHOLDER in source, "static/consent.js lost its config placeholder"
    return source


# The last rendering and what it was rendered from. The live register keeps one spec object
# while its version stands, so `is` tells a change; holding it keeps its id from reuse.
_last: tuple[InForce, Asset] | None = None


def _same_facts(a: InForce, b: InForce) -> bool:
    return a.spec is b.spec and a.policy_version == b.policy_version and a.standing == b.standing


def render_script(in_force: InForce) -> Asset:
    global _last
    if _last is not None and _same_facts(_last[0], in_force):
        return _last[1]
    # `<` escaped: the JSON stays inert even if a page inlines the script.
    config = json.dumps(banner_config(in_force), ensure_ascii=False, separators=(",", ":"))
    body = _source_script().replace(PLACEHOLDER, config.replace("<", "\\u003c"))
    asset = _asset(body.encode("utf-8"), "text/javascript; charset=utf-8")
    _last = (in_force, asset)
    return asset


@cache
def stylesheet() -> Asset:
    return _asset(_source("consent.css").encode("utf-8"), "text/css; charset=utf-8")
