"""The cookie choices page: what a visitor allowed, changed without JS."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from privacy_api.centre.common import (
    _PROPERTIES,
    VISITOR_COOKIE,
    _forbidden,
    _form,
    _lang,
    _limited,
    _with_nul,
)
from privacy_api.centre.views import page
from privacy_api.centre.words import WORDS
from privacy_api.consent import script, store
from privacy_api.consent import service as consent_service
from privacy_api.consent.rules import GPC_PURPOSE
from privacy_api.core.html import pages
from privacy_api.core.html.pages import Lang
from privacy_api.core.http.errors import TooManyRequests
from privacy_api.core.http.request import Context
from privacy_api.core.security import csrf
from privacy_api.core.security.secrets import keyed_hash
from privacy_api.core.time import clock

router = APIRouter(include_in_schema=False)  # pages, not API operations


# --- cookie choices ------------------------------------------------------------------------


def _visitor(request: Request) -> str | None:
    raw = request.cookies.get(VISITOR_COOKIE, "")
    try:
        return str(uuid.UUID(raw)) if raw else None
    except ValueError:
        return None


def _property(value: str | None) -> str:
    return value if value in _PROPERTIES else "site"


def _asked(spec: Any) -> list[str]:
    """The optional purposes a visitor may choose: what a visit is asked about, as the
    public visitor write allows (consent router `_require_visit_purposes`). Consent to use
    data a person gives (marketing e-mail) is asked where it is given, not here."""
    return [purpose["key"] for purpose in script.visit_purposes(spec)]


def _gpc(request: Request) -> bool:
    return request.headers.get("sec-gpc", "").strip() == "1"


async def _cookie_page(
    request: Request,
    context: Any,
    lang: Lang,
    prop: str,
    *,
    saved: bool = False,
    chosen: dict[str, bool] | None = None,
    errors: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> HTMLResponse:
    in_force = await request.app.state.live_register.get(context.hot)
    spec = in_force.spec
    if chosen is None:
        visitor = _visitor(request)
        chosen = {}
        if visitor is not None:
            async with context.hot.single() as conn:
                view = await store.read_state(
                    conn,
                    consent_service.visitor_holder(visitor),
                    spec=spec,
                    policy_version=in_force.policy_version,
                )
            chosen = dict(view.purposes)
    # Global Privacy Control denies advertising whatever is ticked (consent.rules).
    gpc = _gpc(request) and GPC_PURPOSE in spec.consent_purposes
    optional = [
        (
            key,
            spec.consent_purposes[key].title.of(lang),
            bool(chosen.get(key, False)) and not (gpc and key == GPC_PURPOSE),
            gpc and key == GPC_PURPOSE,
        )
        for key in _asked(spec)
    ]
    necessary = [p.title.of(lang) for p in spec.consent_purposes.values() if not p.optional]
    return page(
        request,
        "cookies.html.j2",
        lang=lang,
        status=status,
        current="cookies",
        optional=optional,
        necessary=necessary,
        prop=prop,
        properties=list(spec.properties.items()),
        saved=saved,
        gpc=gpc,
        errors=errors or [],
    )


@router.get("/cookies", response_class=HTMLResponse)
async def cookie_choices(
    request: Request, context: Context, property: str | None = None
) -> HTMLResponse:
    return await _cookie_page(request, context, pages.language(request), _property(property))


@router.post("/cookies", response_class=HTMLResponse)
async def save_cookie_choices(request: Request, context: Context) -> Response:
    """The consent API's visitor write (PUT /v1/consent/visitors/{id}): its limit, its
    proof, its rules; the visitor id is the browser's `ot_vid` cookie, made here if none."""
    form = await _form(request)
    lang = _lang(request, form)
    prop = form.get("property", "")
    if not csrf.is_valid(request, form.get(csrf.FIELD)):
        return _forbidden(request, lang, "/privacy/cookies")
    in_force = await request.app.state.live_register.get(context.hot)
    spec = in_force.spec
    words = WORDS[lang]
    if _with_nul(form):
        errors = [("property", words["bad_character"])]
        return await _cookie_page(request, context, lang, "site", errors=errors, status=422)
    if prop not in _PROPERTIES:
        errors = [("property", words["bad_property"])]
        return await _cookie_page(request, context, lang, "site", errors=errors, status=422)
    choices = {key: form.get(f"purpose.{key}") == "on" for key in _asked(spec)}
    host = request.client.host if request.client else "unknown"
    try:
        await request.app.state.consent_limiter.check(context.hot, host)
    except TooManyRequests as exc:
        return _limited(request, lang, exc, spec.controller.email)
    visitor = _visitor(request) or str(uuid.uuid4())
    proof = store.Proof(
        source=prop,
        policy_version=in_force.policy_version,
        banner_version="privacy-centre",
        ip_hash=keyed_hash(context.keys.ip_hash, host) if request.client else None,
        user_agent=consent_service.stored_user_agent(request.headers.get("user-agent")),
        gpc=_gpc(request),
        actor="public:privacy-centre",
        at=clock.now(),
    )
    async with context.hot.begin() as conn:
        view = await store.record_choices(
            conn,
            holder=consent_service.visitor_holder(visitor),
            choices=choices,
            spec=spec,
            proof=proof,
        )
    response = await _cookie_page(
        request, context, lang, prop, saved=True, chosen=dict(view.purposes)
    )
    response.set_cookie(
        VISITOR_COOKIE,
        visitor,
        max_age=spec.cookie_policy.consent_lifetime_days * 24 * 3600,
        httponly=False,  # the consent script reads it too
        secure=csrf.secure_cookie(request),
        samesite="lax",
        path="/",
    )
    return response
