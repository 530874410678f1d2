"""The published policy and its versions (policy §5)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from privacy_api.core.auth import Admin
from privacy_api.core.idempotency import Idempotent
from privacy_api.core.pagination import Page
from privacy_api.core.session import DbSession
from privacy_api.policy import service
from privacy_api.policy.render import render_policy_html
from privacy_api.policy.schemas import PolicyDocument, PolicyVersionCreate, PolicyVersionRead

router = APIRouter(tags=["policy"])


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept.split("text/html")[0]


@router.get(
    "/policy",
    response_model=PolicyDocument,
    responses={200: {"content": {"text/html": {}}}},
)
def get_policy(
    request: Request,
    session: DbSession,
    lang: Literal["pl", "en"] = "pl",
    version: date | None = Query(default=None, description="A published version; default latest"),
) -> Response | PolicyDocument:
    """The privacy policy in force, rendered from the register (policy §5); HTML for browsers."""
    document = service.policy_document(session, lang=lang, version=version)
    if _wants_html(request):
        html = render_policy_html(document.text, lang=lang, version=document.version.isoformat())
        return HTMLResponse(html)
    return document


@router.get("/policy/versions")
def list_policy_versions(session: DbSession) -> Page[PolicyVersionRead]:
    """Every published version of the policy, newest first."""
    return Page(items=service.list_versions(session))


@router.post("/policy/versions", status_code=201, response_model=PolicyVersionRead)
def publish_policy_version(
    body: PolicyVersionCreate, session: DbSession, caller: Admin, idempotent: Idempotent
) -> Response:
    """Publish a new policy version; a material one must be notified to users (policy §5)."""
    return idempotent.run(
        session,
        caller=caller.name,
        payload=body,
        create=lambda: service.publish_version(session, new=body, actor=caller.name),
    )
