"""The privacy centre's pages at /privacy/ (issue 22). Thin: each route reads its form,
checks the CSRF token, calls the service function the API calls, and renders the answer.

Nothing here tells whether an e-mail address is known: the intake takes every request
the same way and the code page says the same thing whatever happened (issue 16).
"""

from __future__ import annotations

import math
import re
import uuid
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from privacy_api.centre import request_extras, views
from privacy_api.centre.views import href, message, page
from privacy_api.centre.words import WORDS
from privacy_api.consent import script, store
from privacy_api.consent import service as consent_service
from privacy_api.consent.rules import GPC_PURPOSE
from privacy_api.core import clock, csrf, pages, tokens
from privacy_api.core.errors import ProblemError, TooManyRequests
from privacy_api.core.fastlane import Lane
from privacy_api.core.pages import Lang
from privacy_api.core.ratelimit import client_key
from privacy_api.core.request import Context
from privacy_api.core.secrets import keyed_hash
from privacy_api.core.session import DbSession
from privacy_api.dsar import codes, intake, limits
from privacy_api.dsar import service as dsar
from privacy_api.dsar.limits import IntakeLimits
from privacy_api.dsar.schemas import DsarCreate
from privacy_api.register.service import current_register
from privacy_api.rights import addresses, binding
from privacy_api.rights import service as rights

router = APIRouter(prefix="/privacy", include_in_schema=False)

# Who the centre's requests are from (the ticket's `created_by`): every visitor alike, so a
# code can be entered from any browser the person opens the mail in.
ACTOR = "public:privacy-centre"
VISITOR_COOKIE = "ot_vid"
# Not `max_length`: a link a mail client cut short or padded gets the centre's "not valid"
# page, not the API's problem+json (see `_token`).
TokenQuery = Annotated[str, Query()]
_MAX_TOKEN = 2000
_PROPERTIES = ("site", "app", "help")
_MAX_DETAILS = 4000


def _lang(request: Request, form: dict[str, str] | None = None) -> Lang:
    asked = (form or {}).get("lang")
    if asked in ("pl", "en"):
        return "en" if asked == "en" else "pl"
    return pages.language(request)


async def _form(request: Request) -> dict[str, str]:
    """The posted form's text fields (a field sent twice: its first value)."""
    form = await request.form()
    fields: dict[str, str] = {}
    for key, value in form.multi_items():
        if isinstance(value, str) and key not in fields:
            fields[key] = value
    return fields


# The fields a person sees on the request form, in the order the page lists them.
_VISIBLE = ("type", "email", "property", "activity", "details", *request_extras.FIELDS)


def _with_nul(form: dict[str, str]) -> list[str]:
    """The fields holding U+0000, which the API refuses at the door (core.middleware): no
    field has a use for it and PostgreSQL text cannot hold it. A form body is not searched
    there, so each form is checked here, before anything is stored."""
    return [key for key, value in form.items() if "\x00" in key or "\x00" in value]


def _without_nul(form: dict[str, str]) -> dict[str, str]:
    """The values to show again on a refused form."""
    return {key: value.replace("\x00", "") for key, value in form.items()}


def _forbidden(request: Request, lang: Lang, again: str) -> HTMLResponse:
    words = WORDS[lang]
    return message(
        request,
        lang=lang,
        status=403,
        title=words["forbidden_title"],
        paragraphs=[words["forbidden_text"]],
        link=(words["forbidden_again"], href(again, lang)),
    )


def _limited(request: Request, lang: Lang, exc: ProblemError, contact: str) -> HTMLResponse:
    words = WORDS[lang]
    retry = exc.headers.get("Retry-After", "60")
    minutes = max(1, math.ceil(int(retry) / 60)) if retry.isdigit() else 60
    if isinstance(exc, limits.CentreMailLimited):
        window = max(1, exc.window_seconds // 60)
        text = words["mail_limited_text"].format(limit=exc.limit, window=window, minutes=minutes)
    else:
        text = words["limited_text"].format(minutes=minutes)
    return message(
        request,
        lang=lang,
        status=429,
        title=words["limited_title"],
        paragraphs=[text],
        contact=contact,
        headers={"Retry-After": retry},
    )


def _client(request: Request, context: Any) -> str:
    """The connection an intake is counted for (the API counts its key): a keyed hash of
    the address, as consent proofs keep it."""
    host = request.client.host if request.client else "unknown"
    # By its IPv6 /64, as the consent limit counts: one subscriber holds a whole /64.
    return f"centre:{keyed_hash(context.keys.ip_hash, client_key(host))[:32]}"


# --- home and the stylesheet -------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: DbSession) -> HTMLResponse:
    lang = pages.language(request)
    return page(
        request,
        "home.html.j2",
        lang=lang,
        current="home",
        **views.home_context(session, lang),
    )


@router.get("/policy", response_class=HTMLResponse)
def policy(request: Request, session: DbSession) -> HTMLResponse:
    lang = pages.language(request)
    return page(
        request,
        "policy.html.j2",
        lang=lang,
        current="policy",
        **views.policy_context(session, lang),
    )


@router.get("/centre.css")
def stylesheet() -> Response:
    return Response(
        pages.stylesheet(), media_type="text/css", headers={"Cache-Control": "public, max-age=3600"}
    )


# --- a request -----------------------------------------------------------------------------


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
# instead of FastAPI's walk through every /v1 route before this router (core/fastlane.py).
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


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303, headers={"Cache-Control": "no-store"})


def _status_token(context: Any, ticket_id: str) -> str:
    links = dsar.StatusLinks(context.keys.tokens, "")
    return links.url(ticket_id).split("token=", 1)[1]


def _code_url(context: Any, ticket_id: str, lang: Lang) -> str:
    return href(f"/privacy/code?token={_status_token(context, ticket_id)}", lang)


def _token(raw: str) -> str:
    """A link's token as verified: one longer than any we sign is no token of ours."""
    return raw if len(raw) <= _MAX_TOKEN else ""


def _ticket_of(context: Any, token: str) -> str:
    """The ticket a status link names (raises TokenInvalid / TokenExpired)."""
    claims = tokens.verify(context.keys.tokens, _token(token), purpose=dsar.STATUS)
    return str(claims["ticket"])


def _link_refused(
    request: Request, lang: Lang, exc: Exception, contact: str, *, package: bool = False
) -> HTMLResponse:
    words = WORDS[lang]
    expired = isinstance(exc, tokens.TokenExpired)
    again = words["ask_again"] if package else words["ask_again_status"]
    return message(
        request,
        lang=lang,
        status=410 if expired else 400,
        title=words["link_expired_title" if expired else "link_invalid_title"],
        paragraphs=[words["link_expired_text" if expired else "link_invalid_text"], again],
        link=(words["make_request"], href("/privacy/request", lang)) if package else None,
        contact=contact,
    )


def _not_found(request: Request, lang: Lang, contact: str) -> HTMLResponse:
    words = WORDS[lang]
    return message(
        request,
        lang=lang,
        status=404,
        title=words["not_found_title"],
        paragraphs=[words["not_found_text"]],
        contact=contact,
    )


def _code_page(
    request: Request,
    context: Any,
    lang: Lang,
    token: str,
    *,
    notice: tuple[str, str] | None = None,
    status: int = 200,
    may_resend: bool = True,
    may_enter: bool = True,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    return page(
        request,
        "code.html.j2",
        lang=lang,
        status=status,
        headers=headers,
        token=token,
        hours=context.settings.dsar_code_hours,
        notice=notice,
        may_resend=may_resend,
        may_enter=may_enter,
        status_href=href(f"/privacy/status?token={quote(token)}", lang),
    )


@router.get("/code", response_class=HTMLResponse)
def code_form(
    request: Request, session: DbSession, context: Context, token: TokenQuery = ""
) -> Response:
    lang = pages.language(request)
    contact = current_register(session).spec.controller.email
    try:
        ticket = dsar.get_ticket(session, _ticket_of(context, token))
    except (tokens.TokenInvalid, tokens.TokenExpired) as exc:
        return _link_refused(request, lang, exc, contact)
    except dsar.TicketNotFound:
        return _not_found(request, lang, contact)
    if ticket.status != "pending_verification":
        # A code entered already (or a request closed): its course, not a form that
        # could only send the person on there.
        return _see(href(f"/privacy/status?token={quote(token)}", lang))
    return _code_page(request, context, lang, token)


_OUTCOME_WORDS = {
    codes.CodeCheck.EXPIRED: "code_expired",
    codes.CodeCheck.EXHAUSTED: "code_exhausted",
    codes.CodeCheck.LOCKED: "code_locked",
}


@router.post("/code", response_class=HTMLResponse)
async def enter_code(request: Request, session: DbSession, context: Context) -> Response:
    """The API's verify (POST /v1/dsar/{id}/verify): the same limits, counted the same."""
    form = await _form(request)
    lang = _lang(request, form)
    token = form.get("token", "")[:2000]
    if not csrf.is_valid(request, form.get(csrf.FIELD)):
        return _forbidden(request, lang, f"/privacy/code?token={quote(token)}")
    spec = current_register(session).spec
    contact = spec.controller.email
    try:
        ticket_id = _ticket_of(context, token)
    except (tokens.TokenInvalid, tokens.TokenExpired) as exc:
        return _link_refused(request, lang, exc, contact)
    words = WORDS[lang]
    code = form.get("code", "").strip().replace(" ", "")
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        return _code_page(
            request, context, lang, token, notice=("bad", words["code_format"]), status=422
        )
    mailing = codes.mailing(context.settings, context.keys, spec)
    try:
        ticket, outcome = codes.check_code(
            session, ticket_id=ticket_id, code=code, actor=ACTOR, staff=False, mailing=mailing
        )
    except dsar.TicketNotFound:
        return _not_found(request, lang, contact)
    except dsar.IllegalTransition:
        return _see(href(f"/privacy/status?token={quote(token)}", lang))
    except TooManyRequests as exc:
        session.rollback()
        return _limited(request, lang, exc, contact)
    if outcome is codes.CodeCheck.OK:
        return _see(href(f"/privacy/status?token={quote(token)}", lang))
    # Returned, not raised: the failed attempt is committed with the answer, as the API's.
    refused = codes.refusal(outcome, ticket, mailing)
    assert refused is not None
    if outcome is codes.CodeCheck.WRONG:
        left = refused.detail.split(" ", 1)[0]
        notice = ("bad", words["code_wrong"].format(left=left))
    else:
        notice = ("bad", words[_OUTCOME_WORDS[outcome]])
    return _code_page(
        request,
        context,
        lang,
        token,
        notice=notice,
        status=refused.status,
        may_resend=outcome is not codes.CodeCheck.LOCKED,
        may_enter=outcome is codes.CodeCheck.WRONG,
    )


@router.post("/code/resend", response_class=HTMLResponse)
async def resend_code(request: Request, session: DbSession, context: Context) -> Response:
    """The API's resend: counted and spaced the same."""
    form = await _form(request)
    lang = _lang(request, form)
    token = form.get("token", "")[:2000]
    if not csrf.is_valid(request, form.get(csrf.FIELD)):
        return _forbidden(request, lang, f"/privacy/code?token={quote(token)}")
    spec = current_register(session).spec
    try:
        ticket_id = _ticket_of(context, token)
    except (tokens.TokenInvalid, tokens.TokenExpired) as exc:
        return _link_refused(request, lang, exc, spec.controller.email)
    words = WORDS[lang]
    try:
        limits.count_centre_mail_in(
            session,
            client=_client(request, context),
            limit=context.settings.centre_mail_per_client,
            window_seconds=context.settings.dsar_intake_window_seconds,
        )
        codes.resend_code(
            session,
            ticket_id=ticket_id,
            actor=ACTOR,
            staff=False,
            mailing=codes.mailing(context.settings, context.keys, spec),
        )
    except dsar.TicketNotFound:
        return _not_found(request, lang, spec.controller.email)
    except dsar.IllegalTransition:
        return _see(href(f"/privacy/status?token={quote(token)}", lang))
    except (codes.CodeLocked, codes.ResendsExhausted) as exc:
        session.rollback()
        key = "code_locked" if isinstance(exc, codes.CodeLocked) else "resend_limit"
        return _code_page(
            request, context, lang, token, notice=("bad", words[key]), status=409, may_resend=False
        )
    except limits.CentreMailLimited as exc:
        session.rollback()  # the window is full already: its earlier counts stay
        return _limited(request, lang, exc, spec.controller.email)
    except codes.ResendTooSoon as exc:
        session.rollback()
        return _code_page(
            request,
            context,
            lang,
            token,
            notice=("warn", words["resend_soon"]),
            status=429,
            headers=exc.headers,
        )
    return _code_page(request, context, lang, token, notice=("ok", words["code_resent"]))


# --- the status and the package --------------------------------------------------------------


@router.get("/status", response_class=HTMLResponse)
def request_status(
    request: Request, session: DbSession, context: Context, token: TokenQuery = ""
) -> HTMLResponse:
    """The page every mail about a request links to: its course, never its data."""
    lang = pages.language(request)
    spec = current_register(session).spec
    try:
        ticket = dsar.get_ticket(session, _ticket_of(context, token))
    except (tokens.TokenInvalid, tokens.TokenExpired) as exc:
        return _link_refused(request, lang, exc, spec.controller.email)
    except dsar.TicketNotFound:
        return _not_found(request, lang, spec.controller.email)
    return page(
        request,
        "status.html.j2",
        lang=lang,
        code_href=href(f"/privacy/code?token={quote(token)}", lang),
        **views.status_context(ticket, spec, lang),
    )


@router.get("/package", response_class=HTMLResponse)
def package_page(
    request: Request, session: DbSession, context: Context, token: TokenQuery = ""
) -> HTMLResponse:
    """The mailed download link: what is inside and until when, then the download."""
    lang = pages.language(request)
    spec = current_register(session).spec
    words = WORDS[lang]
    try:
        claims = tokens.verify(context.keys.tokens, _token(token), purpose=rights.PACKAGE)
        ticket = binding.package_ticket(session, str(claims["ticket"]), staff=False)
        lookup = context.keys.email_lookup
        addresses.check_download(session, ticket, claims.get("to"), lookup_key=lookup)
    except (tokens.TokenInvalid, tokens.TokenExpired) as exc:
        return _link_refused(request, lang, exc, spec.controller.email, package=True)
    except (
        binding.PackageUnavailable,
        binding.BindingBroken,
        addresses.LinkNotForThisAddress,
        dsar.TicketNotFound,
    ):
        return message(
            request,
            lang=lang,
            status=409,
            title=words["package_gone_title"],
            paragraphs=[words["package_gone_text"]],
            contact=spec.controller.email,
        )
    return page(
        request,
        "package.html.j2",
        lang=lang,
        portability=ticket.type == "portability",
        until=_until(int(claims["exp"])),
        download=f"/v1/dsar/package?token={quote(token)}",
        ticket_id=ticket.id,
    )


def _until(expires: int) -> str:
    return datetime.fromtimestamp(expires, UTC).strftime("%Y-%m-%d %H:%M UTC")


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
