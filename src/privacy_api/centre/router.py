"""The privacy centre's pages at /privacy/ (issue 22). Thin: each route reads its form,
checks the CSRF token, calls the service function the API calls, and renders the answer.

Nothing here tells whether an e-mail address is known: the intake takes every request
the same way and the code page says the same thing whatever happened (issue 16).
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from privacy_api.centre import code_page, cookie_page, request_page, views
from privacy_api.centre.common import ACTOR as ACTOR
from privacy_api.centre.common import TokenQuery, _link_refused, _not_found, _ticket_of, _token
from privacy_api.centre.request_page import FAST_LANES as FAST_LANES
from privacy_api.centre.views import href, message, page
from privacy_api.centre.words import WORDS
from privacy_api.core.data.session import DbSession
from privacy_api.core.html import pages
from privacy_api.core.http.request import Context
from privacy_api.core.security import tokens
from privacy_api.dsar import service as dsar
from privacy_api.register.service import current_register
from privacy_api.rights import addresses, binding
from privacy_api.rights import service as rights

router = APIRouter(prefix="/privacy", include_in_schema=False)

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


# The pages with their own modules, one per page.
for _page in (request_page, code_page, cookie_page):
    router.include_router(_page.router)
