"""Visitor links, the front end's login and sign-out: keyed calls (`consent:write`) that
join a visitor's history to an account and end the join; never a write of the visitor's
choices onto the account (issue 28, finding 3)."""

from __future__ import annotations

from uuid import UUID

from fastapi import Request, Response

from privacy_api.consent import service
from privacy_api.consent.router import render
from privacy_api.consent.schemas import ConsentStateRead, VisitorLink
from privacy_api.core.data.session import DbSession
from privacy_api.core.http.routing import api_router
from privacy_api.core.security.auth import ConsentWrite
from privacy_api.policy import service as policy_service

router = api_router(tags=["consent"])


@router.post("/consent/visitors/{visitor_id}/link", response_model=ConsentStateRead)
def link_visitor(
    visitor_id: UUID,
    body: VisitorLink,
    request: Request,
    session: DbSession,
    caller: ConsentWrite,
) -> Response:
    """On login: the visitor's history joins the subject's, and the browser reads the
    account's choices with its own; nothing the visitor chose is written onto the account."""
    spec, policy_version = policy_service.in_force(session)
    state = service.link_visitor(
        session,
        visitor_id=str(visitor_id),
        subject_id=body.subject_id,
        spec=spec,
        policy_version=policy_version,
        actor=caller.name,
    )
    view = service.state_view(state)
    return render(view, request, public=False, standing=policy_service.standing(session, spec))


@router.post(
    "/consent/visitors/{visitor_id}/unlink",
    response_model=ConsentStateRead,
    responses={409: {"description": "The visitor is linked to another subject"}},
)
def unlink_visitor(
    visitor_id: UUID,
    body: VisitorLink,
    request: Request,
    session: DbSession,
    caller: ConsentWrite,
) -> Response:
    """On sign-out: the link ends; the browser keeps only its own choices (the visitor's
    state is answered), and the account's are no longer read through it."""
    spec, policy_version = policy_service.in_force(session)
    view = service.unlink_visitor(
        session,
        visitor_id=str(visitor_id),
        subject_id=body.subject_id,
        spec=spec,
        policy_version=policy_version,
        actor=caller.name,
    )
    return render(view, request, public=False, standing=policy_service.standing(session, spec))
