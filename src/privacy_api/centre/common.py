"""What the privacy centre's pages share: the form reader, the token links, the
refusals and the code page every step can lead to."""

from __future__ import annotations

import math
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from privacy_api.centre import request_extras
from privacy_api.centre.views import href, message, page
from privacy_api.centre.words import WORDS
from privacy_api.core.html import pages
from privacy_api.core.html.pages import Lang
from privacy_api.core.http.errors import ProblemError
from privacy_api.core.http.ratelimit import client_key
from privacy_api.core.security import tokens
from privacy_api.core.security.secrets import keyed_hash
from privacy_api.dsar import limits
from privacy_api.dsar import service as dsar

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
