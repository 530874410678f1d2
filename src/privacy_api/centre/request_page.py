"""The request page: the form, and filing what it sends (the code page follows)."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from privacy_api.centre import request_extras, views
from privacy_api.centre.common import (
    _MAX_DETAILS,
    _VISIBLE,
    ACTOR,
    _client,
    _code_url,
    _forbidden,
    _form,
    _lang,
    _limited,
    _see,
    _with_nul,
    _without_nul,
)
from privacy_api.centre.views import page
from privacy_api.centre.words import WORDS
from privacy_api.core.html import pages
from privacy_api.core.html.pages import Lang
from privacy_api.core.http.errors import ProblemError, TooManyRequests
from privacy_api.core.http.fastlane import Lane
from privacy_api.core.http.request import Context
from privacy_api.core.security import csrf
from privacy_api.dsar import codes, intake, limits
from privacy_api.dsar.limits import IntakeLimits
from privacy_api.dsar.schemas import DsarCreate

router = APIRouter(include_in_schema=False)  # pages, not API operations


def _render_request_form(
    request: Request,
    spec: Any,
    lang: Lang,
    *,
    values: dict[str, str] | None = None,
    errors: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> HTMLResponse:
    return page(
        request,
        "request.html.j2",
        lang=lang,
        status=status,
        **_form_context(spec, lang, values=values, errors=errors),
    )


def _form_context(
    spec: Any,
    lang: Lang,
    *,
    values: dict[str, str] | None = None,
    errors: list[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    return {
        "current": "request",
        "types": views.FORM_TYPES,
        "properties": list(spec.properties.items()),
        "activities": [(a.key, a.title.of(lang)) for a in spec.activities if a.objection_applies],
        "correctable": request_extras.CORRECTABLE,
        "values": values or {},
        "errors": errors or [],
        "action": "/privacy/request",
    }


@router.get("/request", response_class=HTMLResponse)
async def request_form(request: Request, context: Context) -> HTMLResponse:
    in_force = await request.app.state.live_register.get(context.hot)
    spec, lang = in_force.spec, pages.language(request)
    return views.kept_page(
        request, "request.html.j2", lang=lang, source=spec, **_form_context(spec, lang)
    )


async def _lane_request_form(request: Request, _match: re.Match[str]) -> Response:
    return await request_form(request, request.app.state.context)


# The page people land on from the policy and the mails: matched by one regular expression
# instead of FastAPI's walk through every /v1 route before this router (core/http/fastlane.py).
FAST_LANES = (Lane("GET", re.compile(r"/privacy/request"), request_form, _lane_request_form),)


def _checked_request(
    form: dict[str, str], lang: Lang, spec: Any
) -> tuple[DsarCreate | None, list[tuple[str, str]]]:
    """The form as the API's own request body, or what to fix (field, message)."""
    words = WORDS[lang]
    errors: list[tuple[str, str]] = []
    kind, prop = form.get("type", ""), form.get("property", "")
    activity, text = form.get("activity", ""), form.get("details", "").strip()
    if kind not in views.FORM_TYPES:
        errors.append(("type", words["bad_type"]))
    if prop not in spec.properties:  # the register's, as the API checks it
        errors.append(("property", words["bad_property"]))
    if kind == "objection" and not any(
        a.key == activity and a.objection_applies for a in spec.activities
    ):
        errors.append(("activity", words["bad_activity"]))
    if len(text) > _MAX_DETAILS:
        errors.append(("details", words["bad_details"]))
    extra, extra_errors = request_extras.extra_details(kind, form, lang)
    errors.extend(extra_errors)
    details: dict[str, Any] = {"property": prop, **extra}
    if text:
        details["message"] = text
    if kind == "objection":
        details["activity"] = activity
    try:
        new = DsarCreate(
            type=kind if kind in views.FORM_TYPES else "access",
            email=form.get("email", "").strip(),
            channel="privacy_centre",
            property=prop if prop in spec.properties else None,
            details=details,
            lang=lang,
        )
    except ValidationError as exc:
        if any(e["loc"][:1] == ("email",) for e in exc.errors()):
            errors.insert(0, ("email", words["bad_email"]))
        elif not errors:
            errors.append(("details", words["bad_details"]))
        return None, errors
    return (None, errors) if errors else (new, [])


@router.post("/request", response_class=HTMLResponse)
async def file_request(request: Request, context: Context) -> Response:
    """The API's intake (POST /v1/dsar), with its limits, for a person at a browser."""
    form = await _form(request)
    lang = _lang(request, form)
    if not csrf.is_valid(request, form.get(csrf.FIELD)):
        return _forbidden(request, lang, "/privacy/request")
    in_force = await request.app.state.live_register.get(context.hot)
    spec = in_force.spec
    nul = _with_nul(form)
    if nul:
        field = next((key for key in _VISIBLE if key in nul), _VISIBLE[0])
        errors = [(field, WORDS[lang]["bad_character"])]
        values = _without_nul(form)
        return _render_request_form(request, spec, lang, values=values, errors=errors, status=422)
    new, errors = _checked_request(form, lang, spec)
    if new is None:
        return _render_request_form(request, spec, lang, values=form, errors=errors, status=422)
    mailing = codes.mailing(context.settings, context.keys, spec)
    try:
        async with context.hot.single() as counter:
            await limits.count_centre_mail(
                counter,
                client=_client(request, context),
                limit=context.settings.centre_mail_per_client,
                window_seconds=context.settings.dsar_intake_window_seconds,
            )
        async with context.hot.single() as counter:
            await intake.count_attempt(
                counter,
                new=new,
                actor=_client(request, context),
                mailing=mailing,
                limits=IntakeLimits.of(context.settings),
            )
        async with context.hot.begin() as conn:
            opened = await intake.open_request(
                conn, new=new, actor=ACTOR, may_verify=False, mailing=mailing
            )
    except TooManyRequests as exc:
        return _limited(request, lang, exc, spec.controller.email)
    except ProblemError as exc:  # e.g. an objection to an activity that allows none
        return _render_request_form(
            request, spec, lang, values=form, errors=[("details", exc.detail)], status=422
        )
    return _see(_code_url(context, opened.id, lang))
