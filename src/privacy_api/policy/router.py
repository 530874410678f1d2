"""The published policy and its versions (policy §5)."""

from __future__ import annotations

from typing import Literal

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, Response

from privacy_api.core.data.session import DbSession
from privacy_api.core.html.language import negotiate
from privacy_api.core.http.idempotency import Idempotent
from privacy_api.core.http.pagination import Cursor, Limit, Page, decode_text_cursor, encode_cursor
from privacy_api.core.http.request import Context
from privacy_api.core.http.routing import api_router
from privacy_api.core.security.auth import Admin, SubjectsWrite
from privacy_api.policy import service
from privacy_api.policy.render import render_policy_html, stylesheet
from privacy_api.policy.schemas import (
    VERSION_PATTERN,
    AcceptanceCreate,
    AcceptanceRead,
    NotificationsMarked,
    NotificationsRecorded,
    PendingNotification,
    PendingNotifications,
    PolicyDocument,
    PolicyVersionCreate,
    PolicyVersionRead,
)
from privacy_api.subjects.schemas import SubjectIdPath

router = api_router(tags=["policy"])


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept.split("text/html")[0]


def _accepted_language(request: Request) -> Literal["pl", "en"]:
    # pl by default: the policy is published in Polish; English is its translation.
    header = request.headers.get("accept-language")
    return "en" if negotiate(header, ("pl", "en"), "pl") == "en" else "pl"


@router.get(
    "/policy",
    response_model=PolicyDocument,
    responses={200: {"content": {"text/html": {}}}},
)
def get_policy(
    request: Request,
    response: Response,
    session: DbSession,
    lang: Literal["pl", "en"] | None = Query(
        default=None,
        description="pl or en; without it, Accept-Language decides (default pl, the "
        "language the policy is published in)",
    ),
    version: str | None = Query(
        default=None,
        pattern=VERSION_PATTERN,
        max_length=16,
        description="A published version; default latest",
    ),
) -> Response | PolicyDocument:
    """The privacy policy in force, rendered from the register (policy §5); HTML for browsers."""
    chosen = lang or _accepted_language(request)
    document = service.policy_document(session, lang=chosen, version=version)
    # Vary always: a cache must not answer one language's request with the other's.
    headers = {"Content-Language": chosen, "Vary": "Accept, Accept-Language"}
    if _wants_html(request):
        html = render_policy_html(document.text, lang=chosen, version=document.version)
        return HTMLResponse(html, headers=headers)
    response.headers.update(headers)
    return document


@router.get(
    "/policy.css",
    response_class=Response,
    responses={200: {"content": {"text/css": {}}, "description": "The policy page's styles"}},
)
def policy_stylesheet() -> Response:
    """The stylesheet of the HTML policy page (its CSP allows no inline style)."""
    return Response(
        stylesheet(), media_type="text/css", headers={"Cache-Control": "public, max-age=3600"}
    )


@router.get("/policy/versions")
def list_policy_versions(session: DbSession) -> Page[PolicyVersionRead]:
    """Every published version, newest first: its date, the register version it shows, the
    material flag and the summary of changes from the previous version (policy §5)."""
    return Page(items=service.list_versions(session))


@router.post("/policy/versions", status_code=201, response_model=PolicyVersionRead)
def publish_policy_version(
    body: PolicyVersionCreate,
    request: Request,
    session: DbSession,
    caller: Admin,
    idempotent: Idempotent,
    context: Context,
) -> Response:
    """Publish a new policy version; a material one asks visitors for consent again and
    queues a notice to everyone who accepted an earlier version (policy §5)."""
    request.app.state.live_register.forget()
    return idempotent.run(
        session,
        caller=caller.name,
        payload=body,
        create=lambda: service.publish_version(
            session,
            new=body,
            public_base_url=context.settings.public_base_url,
            actor=caller.name,
        ),
    )


@router.post(
    "/subjects/{subject_id}/policy-acceptances", status_code=201, response_model=AcceptanceRead
)
def record_policy_acceptance(
    subject_id: SubjectIdPath,
    body: AcceptanceCreate,
    session: DbSession,
    caller: SubjectsWrite,
    idempotent: Idempotent,
) -> Response:
    """Record that a subject saw or accepted a policy version (policy §5)."""
    return idempotent.run(
        session,
        caller=caller.name,
        payload=body,
        create=lambda: AcceptanceRead.model_validate(
            service.record_acceptance(session, subject_id=subject_id, new=body, actor=caller.name)
        ),
    )


@router.get("/policy/notifications")
def list_pending_notifications(
    session: DbSession,
    _caller: Admin,
    version: str | None = Query(
        default=None,
        pattern=VERSION_PATTERN,
        max_length=16,
        description="A material version; default latest",
    ),
    limit: Limit = 50,
    cursor: Cursor = None,
) -> PendingNotifications:
    """Subjects to tell about a material change: accepted an older version, not yet told."""
    after = decode_text_cursor(cursor)
    target, rows = service.pending_notifications(
        session,
        version=version,
        after_subject=after,
        limit=limit + 1,
    )
    page = rows[:limit]
    return PendingNotifications(
        version=target,
        items=[PendingNotification(subject_id=s, last_accepted_version=v) for s, v in page],
        next_cursor=encode_cursor([page[-1][0]]) if len(rows) > limit else None,
    )


@router.post("/policy/notifications")
def record_policy_notifications(
    body: NotificationsMarked, session: DbSession, caller: Admin
) -> NotificationsRecorded:
    """Record that these subjects were told about the version's material change."""
    recorded = service.record_notifications(session, marked=body, actor=caller.name)
    return NotificationsRecorded(version=body.version, recorded=recorded)
