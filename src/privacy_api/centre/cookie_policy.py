"""The cookie policy page, /privacy/cookie-policy (policy §1.6, issue 29): the register's
cookie inventory as GET /v1/cookies serves it, for a person to read, in Polish and English."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from privacy_api.centre.more_words import MORE_WORDS
from privacy_api.centre.views import href, page
from privacy_api.core.data.session import DbSession
from privacy_api.core.html import pages
from privacy_api.core.html.pages import Lang
from privacy_api.policy import render as policy_render
from privacy_api.register.cookie_policy import PAGE_PATH, CookieRead, cookie_policy
from privacy_api.register.service import current_register
from privacy_api.register.spec import RegisterSpec

router = APIRouter(prefix="/privacy", include_in_schema=False)


@dataclass(frozen=True)
class Row:
    name: str
    note: str
    provider: str
    party: str
    where: str
    lifetime: str
    what: str


@dataclass(frozen=True)
class Use:
    title: str
    how_long: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    description: str
    basis: str
    uses: list[Use]
    rows: list[Row]


def _about(days: int, lang: Lang) -> str:
    return policy_render.months(round(days / 30.44), lang)


def _lifetime(days: int | None, lang: Lang) -> str:
    words = MORE_WORDS[lang]
    if days is None:
        return words["cp_session"]
    if days >= 60:
        return words["cp_about_months"].format(days=days, months=_about(days, lang))
    return words["cp_days"].format(days=days)


def _row(cookie: CookieRead, spec: RegisterSpec, lang: Lang) -> Row:
    words = MORE_WORDS[lang]
    party = (
        words["cp_first"]
        if cookie.party == "first"
        else words["cp_third"].format(domain=cookie.domain)
    )
    prefix = cookie.name.endswith("*")
    return Row(
        name=cookie.name,
        note=words["cp_prefix"].format(prefix=cookie.name[:-1]) if prefix else "",
        provider=cookie.provider,
        party=party,
        where=", ".join(spec.properties[p] for p in cookie.properties),  # type: ignore[index]
        lifetime=_lifetime(cookie.lifetime_days, lang),
        what=cookie.description.of(lang),
    )


def sections(spec: RegisterSpec, version: int, lang: Lang) -> list[Section]:
    words = MORE_WORDS[lang]
    listed = cookie_policy(spec, version=version)
    result = []
    for purpose in listed.purposes:
        uses = []
        for ref in purpose.activities:
            activity = spec.activity(ref.key)
            assert activity is not None
            uses.append(
                Use(
                    title=activity.title.of(lang),
                    # As every published text says it: a platform that receives the
                    # data directly keeps it by its own rules (policy §1.7).
                    how_long=policy_render.activity_retention(spec, activity, lang),
                )
            )
        result.append(
            Section(
                key=purpose.key,
                title=purpose.title.of(lang),
                description=purpose.description.of(lang),
                basis=words["cp_consent_basis" if purpose.optional else "cp_necessary_basis"],
                uses=uses,
                rows=[_row(c, spec, lang) for c in purpose.cookies],
            )
        )
    return result


@router.get("/cookie-policy", response_class=HTMLResponse)
def cookie_policy_page(request: Request, session: DbSession) -> HTMLResponse:
    """The cookie policy the privacy policy (§1.6), the banner and the centre link to."""
    lang = pages.language(request)
    register = current_register(session)
    spec = register.spec
    words = MORE_WORDS[lang]
    days = spec.cookie_policy.consent_lifetime_days
    return page(
        request,
        "cookie_policy.html.j2",
        lang=lang,
        current="cookie_policy",
        lead=words["cp_lead"].format(sites=", ".join(spec.properties.values())),
        sections=sections(spec, register.version, lang),
        lifetime_text=words["cp_lifetime_text"].format(days=days, months=_about(days, lang)),
        choices_href=href("/privacy/cookies", lang),
        policy_href=href("/privacy/policy", lang),
        json_href="/v1/cookies",
    )


__all__ = ["PAGE_PATH", "router"]
