"""Unsubscribing from marketing e-mail: the RFC 8058 one-click POST, and the page a person
sees when they click the link in a mail (Art. 7(3): withdrawing as easy as giving)."""

from __future__ import annotations

import functools
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import parse_qs

from fastapi import Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from privacy_api.consent import service
from privacy_api.consent.schemas import Unsubscribed, UnsubscribeLink
from privacy_api.core.data.session import DbSession
from privacy_api.core.html.language import negotiate
from privacy_api.core.http.errors import NotFound
from privacy_api.core.http.request import Context
from privacy_api.core.http.routing import api_router
from privacy_api.core.security import tokens
from privacy_api.core.security.auth import ConsentRead
from privacy_api.policy import service as policy_service
from privacy_api.register.spec import Lang
from privacy_api.subjects import service as subjects
from privacy_api.subjects.schemas import SubjectIdPath

if TYPE_CHECKING:
    from jinja2 import Environment

router = api_router(tags=["consent"])

Token = Annotated[
    str, Query(max_length=2000, description="From the e-mail's List-Unsubscribe link")
]
LangQuery = Annotated[Lang | None, Query(description="The page's language; default: the link's")]


class UnknownUnsubscriber(NotFound):
    slug, title = "unknown-subscriber", "Nobody to unsubscribe"


@functools.cache
def _templates() -> Environment:
    # jinja2 is imported on the first page, not at start-up (PERFORMANCE.md: cold start).
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("privacy_api.consent", "templates"),
        autoescape=select_autoescape(["html", "html.j2"], default_for_string=True),
        undefined=StrictUndefined,
        auto_reload=False,
    )


_STATUS = {"confirm": 200, "done": 200, "invalid": 400, "gone": 404, "expired": 410}


def _page(request: Request, state: str, lang: Lang, session: DbSession) -> HTMLResponse:
    spec, _ = policy_service.in_force(session)
    html = (
        _templates()
        .get_template(f"unsubscribe.{lang}.html.j2")
        .render(
            state=state,
            lang=lang,
            email=spec.controller.email,
            # The form posts to the very URL the person opened (RFC 8058: same URI).
            action=f"{request.url.path}?{request.url.query}",
        )
    )
    return HTMLResponse(html, status_code=_STATUS[state], headers={"Cache-Control": "no-store"})


def _language(request: Request, asked: Lang | None, claims: dict[str, Any] | None) -> Lang:
    """The page's language: asked for, else the mail's (the link carries it), else the
    browser's, else Polish, the policy's own language."""
    if asked is not None:
        return asked
    if claims is not None and claims.get("lang") in ("pl", "en"):
        lang: Lang = claims["lang"]
        return lang
    return (
        "en"
        if negotiate(request.headers.get("accept-language"), ("pl", "en"), "pl") == "en"
        else "pl"
    )


def _accepts_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


async def _from_page(request: Request) -> bool:
    """Was this POST sent by our page's form (answer HTML) or by a mail client (RFC 8058,
    JSON as before)? A mail client posts a form too (List-Unsubscribe=One-Click), so the
    content type alone cannot tell: our form's hidden field or a browser's Accept does."""
    if _accepts_html(request):
        return True
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        fields = parse_qs((await request.body()).decode("utf-8", "replace"))
        return fields.get("page") == ["1"]
    return False


FromPage = Annotated[bool, Depends(_from_page)]


@router.get("/subjects/{subject_id}/unsubscribe-link")
def unsubscribe_link(
    subject_id: SubjectIdPath,
    session: DbSession,
    context: Context,
    _caller: ConsentRead,
    lang: Annotated[Lang | None, Query(description="The language of the mail")] = None,
) -> UnsubscribeLink:
    """An opaque, expiring one-click unsubscribe URL for marketing e-mails (RFC 8058): its
    token is sealed (encrypted and authenticated), so the link shows no account id."""
    subjects.living_subject(session, subject_id)
    claims: dict[str, Any] = {"sub": subject_id}
    if lang is not None:
        claims["lang"] = lang
    token, expires = tokens.seal(
        context.keys.sealed,
        purpose=service.UNSUBSCRIBE,
        claims=claims,
        ttl=timedelta(days=context.settings.unsubscribe_link_days),
    )
    base = context.settings.public_base_url.rstrip("/")
    return UnsubscribeLink(url=f"{base}/v1/unsubscribe?token={token}", expires_at=expires)


@router.get(
    "/unsubscribe",
    response_class=HTMLResponse,
    responses={
        400: {"content": {"text/html": {}}, "description": "A page for browsers, else a problem"},
        410: {"content": {"text/html": {}}, "description": "A page for browsers, else a problem"},
    },
)
def unsubscribe_page(
    request: Request, session: DbSession, context: Context, token: Token, lang: LangQuery = None
) -> HTMLResponse:
    """The link a person clicks: a page with one button. It changes nothing by itself, since
    mail scanners open links before the person does."""
    try:
        claims = tokens.unseal(context.keys.sealed, token, purpose=service.UNSUBSCRIBE)
    except (tokens.TokenExpired, tokens.TokenInvalid) as exc:
        # A browser (a person) gets a page saying so; any other client the problem+json
        # every API error is.
        if not _accepts_html(request):
            raise
        state = "expired" if isinstance(exc, tokens.TokenExpired) else "invalid"
        return _page(request, state, _language(request, lang, None), session)
    return _page(request, "confirm", _language(request, lang, claims), session)


@router.post(
    "/unsubscribe",
    response_model=Unsubscribed,
    responses={200: {"content": {"text/html": {}}}, 400: {}, 404: {}, 410: {}},
)
def unsubscribe(
    request: Request,
    session: DbSession,
    context: Context,
    token: Token,
    from_page: FromPage,
    lang: LangQuery = None,
) -> Unsubscribed | Response:
    """RFC 8058 one-click unsubscribe: marketing e-mail is denied, as easily as it was given.
    Replays change nothing. Sent from the link's page, the answer is a page."""
    try:
        claims = tokens.unseal(context.keys.sealed, token, purpose=service.UNSUBSCRIBE)
        spec, policy_version = policy_service.in_force(session)
        try:
            service.withdraw_marketing(
                session,
                subject_id=str(claims["sub"]),
                spec=spec,
                policy_version=policy_version,
                actor="public:unsubscribe-link",
            )
        except (subjects.SubjectNotFound, subjects.SubjectErased) as exc:
            raise UnknownUnsubscriber("This address is no longer on our lists.") from exc
    except (tokens.TokenExpired, tokens.TokenInvalid, UnknownUnsubscriber) as exc:
        if not from_page:
            raise
        state = {tokens.TokenExpired: "expired", UnknownUnsubscriber: "gone"}.get(
            type(exc), "invalid"
        )
        claims_known = claims if isinstance(exc, UnknownUnsubscriber) else None
        return _page(request, state, _language(request, lang, claims_known), session)
    if from_page:
        return _page(request, "done", _language(request, lang, claims), session)
    return Unsubscribed(status="unsubscribed", purpose="marketing_email")
