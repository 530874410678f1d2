"""Data subjects: profile upsert, audited staff reads, activity clocks."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import Body, Query, Response
from starlette.concurrency import run_in_threadpool

from privacy_api.core.data.session import AuditedSession, DbSession
from privacy_api.core.http.pagination import Page
from privacy_api.core.http.request import AppContext, Context
from privacy_api.core.http.routing import api_router
from privacy_api.core.http.types import MAX_EMAIL, Email
from privacy_api.core.security.auth import RecordsRead, SubjectsWrite
from privacy_api.subjects import service
from privacy_api.subjects.schemas import (
    ActivityPing,
    SubjectIdPath,
    SubjectPatch,
    SubjectRead,
    SubjectUpsert,
)

router = api_router(tags=["subjects"])


@router.put("/subjects/{subject_id}", responses={201: {"model": SubjectRead}})
def upsert_subject(
    subject_id: SubjectIdPath,
    body: SubjectUpsert,
    session: DbSession,
    caller: SubjectsWrite,
    context: Context,
    response: Response,
) -> SubjectRead:
    """Create or replace a data subject's profile (policy §1: account data).

    A replacement: a field left out is reset (`name`, `email` to none, `attributes` to
    `{}`, `status` to `active`, `demo` to `false`). To change some fields only, use
    `PATCH`."""
    subject, created = service.upsert_subject(
        session,
        subject_id=subject_id,
        data=body,
        lookup_key=context.keys.email_lookup,
        actor=caller.name,
    )
    response.status_code = 201 if created else 200
    response.headers["Cache-Control"] = "no-store"
    return SubjectRead.model_validate(subject)


# RFC 7396's media type, and application/json too: the strict JSON routes read every JSON
# media type alike, and the method, not the header, says the body is a merge patch.
_MERGE_PATCH = "application/merge-patch+json"
_PATCH_BODY = {
    "requestBody": {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SubjectPatch"}}}
    }
}


@router.patch(
    "/subjects/{subject_id}",
    responses={404: {}, 409: {}, 422: {}},
    openapi_extra=_PATCH_BODY,
)
def patch_subject(
    subject_id: SubjectIdPath,
    body: Annotated[SubjectPatch, Body(media_type=_MERGE_PATCH)],
    session: DbSession,
    caller: SubjectsWrite,
    context: Context,
    response: Response,
) -> SubjectRead:
    """Change some fields of an existing profile (JSON Merge Patch, RFC 7396): a field left
    out stays, `null` removes `email`, `name` or an attribute; `attributes` merges key by
    key. Same checks and audit entry as `PUT`; 404 for an unknown subject."""
    subject = service.patch_subject(
        session,
        subject_id=subject_id,
        patch=body,
        lookup_key=context.keys.email_lookup,
        actor=caller.name,
    )
    response.headers["Cache-Control"] = "no-store"
    return SubjectRead.model_validate(subject)


@router.get("/subjects/{subject_id}")
def get_subject(
    subject_id: SubjectIdPath, session: AuditedSession, caller: RecordsRead, response: Response
) -> SubjectRead:
    """A subject's profile and clocks; every read is audited (policy §4)."""
    subject = service.read_subject(session, subject_id=subject_id, actor=caller.name)
    response.headers["Cache-Control"] = "no-store"
    return SubjectRead.model_validate(subject)


@router.get("/subjects")
def find_subjects(
    session: AuditedSession,
    caller: RecordsRead,
    context: Context,
    response: Response,
    email: Annotated[
        Email, Query(max_length=MAX_EMAIL, description="Find the subjects with this e-mail address")
    ],
) -> Page[SubjectRead]:
    """Look subjects up by e-mail (for rights requests); audited."""
    found = service.find_by_email(
        session, email=email, lookup_key=context.keys.email_lookup, actor=caller.name
    )
    response.headers["Cache-Control"] = "no-store"
    return Page(items=[SubjectRead.model_validate(s) for s in found])


def _close_account(context: AppContext, subject_id: str, body: ActivityPing, actor: str) -> None:
    with context.db.transaction() as session:
        service.close_account(
            session,
            subject_id=subject_id,
            at=body.at,
            max_skew=timedelta(seconds=context.settings.activity_future_skew_seconds),
            actor=actor,
        )


@router.post("/subjects/{subject_id}/activity", status_code=204)
async def report_activity(
    subject_id: SubjectIdPath, body: ActivityPing, caller: SubjectsWrite, context: Context
) -> Response:
    """A session, visit or marketing contact moves the clock that retention runs from; an
    account closure (audited) starts the clock that ends the account's data (§1.1: "as
    long as you have an account"), whichever comes sooner."""
    if body.kind == "account_closed":
        await run_in_threadpool(_close_account, context, subject_id, body, caller.name)
        return Response(status_code=204)
    async with context.hot.single() as conn:
        await service.advance_clock(
            conn,
            subject_id=subject_id,
            kind=body.kind,
            at=body.at,
            max_skew=timedelta(seconds=context.settings.activity_future_skew_seconds),
        )
    return Response(status_code=204)
