"""The code page: entering the code from the mail, and sending it again."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from privacy_api.centre.common import (
    ACTOR,
    TokenQuery,
    _client,
    _code_page,
    _forbidden,
    _form,
    _lang,
    _limited,
    _link_refused,
    _not_found,
    _see,
    _ticket_of,
)
from privacy_api.centre.views import href
from privacy_api.centre.words import WORDS
from privacy_api.core.data.session import DbSession
from privacy_api.core.html import pages
from privacy_api.core.http.errors import TooManyRequests
from privacy_api.core.http.request import Context
from privacy_api.core.security import csrf, tokens
from privacy_api.dsar import codes, limits
from privacy_api.dsar import service as dsar
from privacy_api.register.service import current_register

router = APIRouter(include_in_schema=False)  # pages, not API operations


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
