"""May this activity process these people's data now? One subject, or a list at once."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Query, Request, Response
from pydantic_core import to_json

from privacy_api.core.data.hot import HotPath
from privacy_api.core.http.fastlane import FallThrough, Lane
from privacy_api.core.http.request import Context
from privacy_api.core.http.routing import api_router
from privacy_api.core.security.auth import RecordsRead, bearer_of
from privacy_api.permissions import service
from privacy_api.permissions.schemas import (
    ActivityKey,
    PermissionCheck,
    PermissionRead,
    PermissionsRead,
)
from privacy_api.register.spec import RegisterSpec
from privacy_api.subjects.schemas import SubjectIdPath

router = api_router(tags=["permissions"])


async def _answers(
    request: Request, hot: HotPath, activity: str, subject_ids: list[str]
) -> tuple[RegisterSpec, list[service.Permission]]:
    spec: RegisterSpec = (await request.app.state.live_register.get(hot)).spec
    async with hot.single() as conn:
        answers = await service.permissions(conn, spec, activity=activity, subject_ids=subject_ids)
    return spec, answers


def _json(answer: dict[str, Any]) -> Response:
    # The schema's JSON, serialised by pydantic-core straight from a dict: the values are
    # ours and valid, and 10,000 models built only to be written cost more than the query.
    return Response(to_json(answer), media_type="application/json")


@router.get("/subjects/{subject_id}/permissions", response_model=PermissionRead)
async def read_permission(
    subject_id: SubjectIdPath,
    activity: Annotated[ActivityKey, Query()],
    request: Request,
    _caller: RecordsRead,
    context: Context,
) -> Response:
    """Art. 6, 18, 21: the legal basis and the subject's rights, for one activity."""
    spec, [answer] = await _answers(request, context.hot, activity, [subject_id])
    return _json(
        {
            "subject_id": subject_id,
            "activity": activity,
            "allowed": answer.allowed,
            "legal_basis": spec.activities_by_key[activity].legal_basis,
            "reasons": answer.reasons,
        }
    )


_PERMISSION_PATH = re.compile(r"/v1/subjects/([A-Za-z0-9._:@-]{1,128})/permissions")
_READER = bearer_of(RecordsRead)


async def _lane_read_permission(request: Request, match: re.Match[str]) -> Response:
    asked = request.query_params.getlist("activity")
    if len(asked) != 1 or not 1 <= len(asked[0]) <= 64 or len(request.query_params) != 1:
        raise FallThrough  # FastAPI's own answer (422, or the extra parameter ignored)
    caller = await _READER(request)
    context = request.app.state.context
    return await read_permission(match[1], asked[0], request, caller, context)


# Asked before each processing of a person's data: see core/http/fastlane.py.
FAST_LANES = (Lane("GET", _PERMISSION_PATH, read_permission, _lane_read_permission),)


@router.post("/permissions/check", response_model=PermissionsRead)
async def check_permissions(
    body: PermissionCheck, request: Request, _caller: RecordsRead, context: Context
) -> Response:
    """The same answer for up to 10,000 subjects (a mailing list before a campaign)."""
    spec, answers = await _answers(request, context.hot, body.activity, body.subject_ids)
    return _json(
        {
            "activity": body.activity,
            "legal_basis": spec.activities_by_key[body.activity].legal_basis,
            "results": [
                {"subject_id": a.subject_id, "allowed": a.allowed, "reasons": a.reasons}
                for a in answers
            ],
        }
    )
