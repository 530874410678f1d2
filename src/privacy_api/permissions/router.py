"""May this activity process these people's data now? One subject, or a list at once."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request

from privacy_api.core.auth import RecordsRead
from privacy_api.core.request import Context
from privacy_api.core.routing import api_router
from privacy_api.permissions import service
from privacy_api.permissions.schemas import (
    ActivityKey,
    PermissionCheck,
    PermissionRead,
    PermissionsRead,
    SubjectPermission,
)
from privacy_api.subjects.schemas import SubjectIdPath

router = api_router(tags=["permissions"])


@router.get("/subjects/{subject_id}/permissions")
async def read_permission(
    subject_id: SubjectIdPath,
    activity: Annotated[ActivityKey, Query()],
    request: Request,
    caller: RecordsRead,
    context: Context,
) -> PermissionRead:
    """Art. 6, 18, 21: the legal basis and the subject's rights, for one activity."""
    spec = (await request.app.state.live_register.get(context.hot)).spec
    async with context.hot.single() as conn:
        [answer] = await service.permissions(
            conn, spec, activity=activity, subject_ids=[subject_id]
        )
    return PermissionRead(
        subject_id=subject_id,
        activity=activity,
        allowed=answer.allowed,
        legal_basis=list(spec.activities_by_key[activity].legal_basis),
        reasons=answer.reasons,
    )


@router.post("/permissions/check")
async def check_permissions(
    body: PermissionCheck, request: Request, caller: RecordsRead, context: Context
) -> PermissionsRead:
    """The same answer for up to 10,000 subjects (a mailing list before a campaign)."""
    spec = (await request.app.state.live_register.get(context.hot)).spec
    async with context.hot.single() as conn:
        answers = await service.permissions(
            conn, spec, activity=body.activity, subject_ids=body.subject_ids
        )
    return PermissionsRead(
        activity=body.activity,
        legal_basis=list(spec.activities_by_key[body.activity].legal_basis),
        results=[
            SubjectPermission(subject_id=a.subject_id, allowed=a.allowed, reasons=a.reasons)
            for a in answers
        ],
    )
