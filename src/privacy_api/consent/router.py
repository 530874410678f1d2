"""Consent endpoints: public reads and writes for the banners, service calls, proof and reports."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from fastapi import Query, Request, Response
from pydantic_core import to_json

from privacy_api.consent import script, service, store
from privacy_api.consent.rules import UnknownPurpose, consent_mode
from privacy_api.consent.schemas import (
    ConsentChoices,
    ConsentEventRead,
    ConsentMode,
    ConsentStateRead,
    GpcSupport,
    ReportRow,
)
from privacy_api.core.data.session import AuditedSession, DbSession
from privacy_api.core.http.errors import Responses, Unprocessable
from privacy_api.core.http.fastlane import Lane, json_body, validated
from privacy_api.core.http.pagination import Cursor, Limit, Page, decode_int_cursor, encode_cursor
from privacy_api.core.http.request import Context
from privacy_api.core.http.routing import api_router
from privacy_api.core.security.auth import ConsentRead, ConsentWrite
from privacy_api.core.security.secrets import keyed_hash
from privacy_api.core.time import clock
from privacy_api.policy.service import Standing
from privacy_api.register.spec import RegisterSpec
from privacy_api.subjects.schemas import SubjectIdPath
from privacy_api.subjects.service import SubjectErased, SubjectNotFound

router = api_router(tags=["consent"])
wellknown = api_router(tags=["consent"])

_STATE: Responses = {
    200: {"model": ConsentStateRead, "headers": {"ETag": {"schema": {"type": "string"}}}},
    304: {"description": "Unchanged since the ETag sent in If-None-Match"},
}


_MODE_FIELDS = tuple(ConsentMode.model_fields)


def render(
    view: store.StateView, request: Request, *, public: bool, standing: Standing
) -> Response:
    # ConsentStateRead's JSON, serialised by pydantic-core straight from a dict: the values
    # are ours and already valid, so building the models first only cost time.
    modes = consent_mode(view.purposes)
    body = to_json(
        {
            "holder": view.holder,
            "purposes": view.purposes,
            "consent_mode": {name: modes[name] for name in _MODE_FIELDS},
            "gpc": view.gpc,
            "policy_version": view.policy_version,
            "current_policy_version": standing.policy_version,
            "reconsent_required": standing.reconsent_required(
                view.policy_version, decided=view.updated_at is not None
            ),
            "updated_at": view.updated_at,
        }
    )
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {
        "ETag": etag,
        "Cache-Control": "private, no-cache" if public else "no-store",
        # The answer depends on the GPC signal: a cache must not give one to the other.
        "Vary": "Sec-GPC",
    }
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


def _gpc(request: Request) -> bool:
    return request.headers.get("sec-gpc", "").strip() == "1"


def _source(request: Request) -> str:
    # A read has no body naming its property: the browser's Origin (or Referer) tells it.
    origin = request.headers.get("origin") or request.headers.get("referer") or ""
    host = origin.partition("://")[2]
    return "app" if host.startswith("app.") else "help" if host.startswith("help.") else "site"


def _proof(
    request: Request, context: Context, body: ConsentChoices, policy_version: str, actor: str
) -> store.Proof:
    client = request.client.host if request.client else None
    return store.Proof(
        source=body.property,
        policy_version=policy_version,
        banner_version=body.banner_version,
        ip_hash=keyed_hash(context.keys.ip_hash, client) if client else None,
        user_agent=service.stored_user_agent(request.headers.get("user-agent")),
        gpc=_gpc(request),
        actor=actor,
        at=clock.now(),
    )


async def _honour_gpc(
    request: Request, context: Context, view: store.StateView, spec: RegisterSpec, actor: str
) -> store.StateView:
    """Sec-GPC: 1 on a read: see store.gpc_reported. Only requests with the header get here,
    so the plain read keeps its one round trip."""
    reported = store.gpc_reported(view)
    if reported is not None:
        return reported
    client = request.client.host if request.client else None
    proof = store.Proof(
        source=_source(request),
        policy_version=view.policy_version,
        banner_version=None,
        ip_hash=keyed_hash(context.keys.ip_hash, client) if client else None,
        user_agent=service.stored_user_agent(request.headers.get("user-agent")),
        gpc=True,
        actor=actor,
        at=clock.now(),
        kind="gpc",
    )
    try:
        async with context.hot.begin() as conn:
            if view.holder.startswith("subject:"):
                await store.require_subject(conn, view.holder.removeprefix("subject:"))
            return await store.record_gpc(conn, view, spec=spec, proof=proof)
    except (SubjectNotFound, SubjectErased):
        # Erased meanwhile: nothing is recorded for it, and the answer still denies.
        return replace(view, gpc=True, purposes={**view.purposes, "advertising": False})


def _require_visit_purposes(spec: RegisterSpec, purposes: dict[str, bool]) -> None:
    """A visitor id is all a public write needs: it may name only what a visit is asked about
    (the banner's purposes) and what cannot be refused. Consent to use data a person gives
    (an e-mail) is asked where it is given, by a keyed caller, and must not come in through
    a visitor id, nor join an account on login."""
    asked = {p["key"] for p in script.visit_purposes(spec)}
    others = sorted(
        k
        for k in purposes
        if k not in asked and k in spec.consent_purposes and spec.consent_purposes[k].optional
    )
    if others:
        raise UnknownPurpose(
            f"{others} cannot be chosen by a visitor; the banner asks about {sorted(asked)}."
        )


async def _write(
    request: Request,
    context: Context,
    holder: str,
    body: ConsentChoices,
    actor: str,
    *,
    subject_id: str | None = None,
) -> Response:
    live = request.app.state.live_register
    in_force = await live.get(context.hot)
    if subject_id is None:
        _require_visit_purposes(in_force.spec, body.purposes)
    policy_version = in_force.policy_version
    if body.policy_version is not None:
        policy_version = service.require_published(
            body.policy_version, published=await live.is_published(context.hot, body.policy_version)
        )
    proof = _proof(request, context, body, policy_version, actor)
    async with context.hot.begin() as conn:
        if subject_id is not None:
            await store.require_subject(conn, subject_id)
        view = await store.record_choices(
            conn,
            holder=holder,
            choices=body.purposes,
            spec=in_force.spec,
            proof=proof,
        )
    if subject_id is None:
        return render(
            service.public_view(view, holder), request, public=True, standing=in_force.standing
        )
    return render(view, request, public=False, standing=in_force.standing)


async def _read(
    request: Request, context: Context, holder: str, *, public: bool, actor: str
) -> Response:
    in_force = await request.app.state.live_register.get(context.hot)
    async with context.hot.single() as conn:
        view = await store.read_state(
            conn, holder, spec=in_force.spec, policy_version=in_force.policy_version
        )
    if _gpc(request):
        view = await _honour_gpc(request, context, view, in_force.spec, actor)
    if public:
        view = service.public_view(view, holder)
    return render(view, request, public=public, standing=in_force.standing)


def _asset(asset: script.Asset, request: Request) -> Response:
    # Public and the same for everyone: any page may also read it (axe, a refresh by fetch),
    # and one cached copy must serve <script>, <link> and fetch alike.
    headers = {
        "ETag": asset.etag,
        "Cache-Control": script.CACHE_CONTROL,
        "Access-Control-Allow-Origin": "*",
    }
    if asset.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(asset.body, media_type=asset.media_type, headers=headers)


_ASSET: Responses = {304: {"description": "Unchanged since the ETag sent in If-None-Match"}}


@router.get(
    "/consent.js",
    response_class=Response,
    responses={200: {"content": {"text/javascript": {}}}, **_ASSET},
)
async def consent_script(request: Request, context: Context) -> Response:
    """The consent script for the three properties, with the register's banner facts."""
    in_force = await request.app.state.live_register.get(context.hot)
    return _asset(script.render_script(in_force), request)


@router.get(
    "/consent.css",
    response_class=Response,
    responses={200: {"content": {"text/css": {}}}, **_ASSET},
)
def consent_stylesheet(request: Request) -> Response:
    """The consent banner's stylesheet (the script links it: no inline style on the host)."""
    return _asset(script.stylesheet(), request)


@router.get("/consent/visitors/{visitor_id}", response_model=ConsentStateRead, responses=_STATE)
async def get_visitor_consent(visitor_id: UUID, request: Request, context: Context) -> Response:
    """A visitor's consent state, in Consent Mode terms; a new visitor has all optional denied."""
    return await _read(
        request, context, service.visitor_holder(str(visitor_id)), public=True, actor="public"
    )


@router.put(
    "/consent/visitors/{visitor_id}",
    response_model=ConsentStateRead,
    responses={**_STATE, 429: {"description": "Too many writes from this address"}},
)
async def put_visitor_consent(
    visitor_id: UUID, body: ConsentChoices, request: Request, context: Context
) -> Response:
    """Record a visitor's choices with their proof (Art. 7(1)); Sec-GPC: 1 denies advertising."""
    client = request.client.host if request.client else "unknown"
    await request.app.state.consent_limiter.check(context.hot, client)
    return await _write(request, context, service.visitor_holder(str(visitor_id)), body, "public")


_VISITOR_PATH = re.compile(
    r"/v1/consent/visitors/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
)


async def _lane_get_visitor(request: Request, match: re.Match[str]) -> Response:
    return await get_visitor_consent(UUID(match[1]), request, request.app.state.context)


async def _lane_put_visitor(request: Request, match: re.Match[str]) -> Response:
    body = validated(ConsentChoices, await json_body(request))
    return await put_visitor_consent(UUID(match[1]), body, request, request.app.state.context)


# Every page view reads (and a banner writes) a visitor's consent: see core/http/fastlane.py.
FAST_LANES = (
    Lane("GET", _VISITOR_PATH, get_visitor_consent, _lane_get_visitor),
    Lane("PUT", _VISITOR_PATH, put_visitor_consent, _lane_put_visitor),
)


@router.get("/subjects/{subject_id}/consent", response_model=ConsentStateRead, responses=_STATE)
async def get_subject_consent(
    subject_id: SubjectIdPath, request: Request, context: Context, caller: ConsentRead
) -> Response:
    """A known subject's consent state; Sec-GPC: 1 reports and records advertising denied."""
    return await _read(
        request, context, service.subject_holder(subject_id), public=False, actor=caller.name
    )


@router.put("/subjects/{subject_id}/consent", response_model=ConsentStateRead, responses=_STATE)
async def put_subject_consent(
    subject_id: SubjectIdPath,
    body: ConsentChoices,
    request: Request,
    context: Context,
    caller: ConsentWrite,
) -> Response:
    """Record a known subject's choices with their proof (Art. 7(1))."""
    return await _write(
        request,
        context,
        service.subject_holder(subject_id),
        body,
        caller.name,
        subject_id=subject_id,
    )


@router.get("/subjects/{subject_id}/consent/history")
def consent_history(
    subject_id: SubjectIdPath,
    session: AuditedSession,
    caller: ConsentRead,
    response: Response,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[ConsentEventRead]:
    """Every consent event of the subject and its linked visitors, oldest first: the proof."""
    rows = service.history(
        session,
        subject_id=subject_id,
        after_id=decode_int_cursor(cursor),
        limit=limit + 1,
        actor=caller.name,
    )
    page = rows[:limit]
    response.headers["Cache-Control"] = "no-store"
    return Page(
        items=[ConsentEventRead.model_validate(r) for r in page],
        next_cursor=encode_cursor([page[-1].id]) if len(rows) > limit else None,
    )


@router.get(
    "/consent/report",
    response_model=Page[ReportRow],
    responses={200: {"content": {"text/csv": {}}}},
)
def consent_report(
    request: Request,
    session: DbSession,
    _caller: ConsentRead,
    since: date = Query(description="First day (UTC)"),
    until: date = Query(description="Last day (UTC), at most 366 days after since"),
) -> Any:
    """Per day and purpose: grants, denials and withdrawals (JSON, or CSV for text/csv)."""
    if until < since or (until - since) > timedelta(days=366):
        raise Unprocessable("'until' must be on or after 'since', at most 366 days later.")
    rows = service.report(session, since=since, until=until)
    if "text/csv" in request.headers.get("accept", ""):
        return Response(service.report_csv(rows), media_type="text/csv")
    return Page(items=rows)


@wellknown.get("/.well-known/gpc.json")
async def gpc_support(request: Request, context: Context) -> GpcSupport:
    """Global Privacy Control: every property honours the Sec-GPC signal."""
    in_force = await request.app.state.live_register.get(context.hot)
    return GpcSupport(gpc=True, lastUpdate=in_force.policy_version)
