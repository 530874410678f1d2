"""The public register: processing activities (Art. 30) and sub-processors."""

from __future__ import annotations

import hashlib
from typing import Any, Literal

from fastapi import Path, Query, Request
from fastapi.responses import JSONResponse, Response

from privacy_api.core.data.session import DbSession
from privacy_api.core.http.errors import NotFound
from privacy_api.core.http.pagination import Page
from privacy_api.core.http.request import Context
from privacy_api.core.http.routing import api_router
from privacy_api.core.http.types import MAX_ROW_ID
from privacy_api.register import service
from privacy_api.register.art30 import art30_csv, art30_record
from privacy_api.register.cookie_policy import CookiePolicyRead, cookie_policy
from privacy_api.register.schemas import (
    ActivityKeyPath,
    ActivityRead,
    RegisterVersionRead,
    SubprocessorRead,
)

router = api_router(tags=["register"])


class UnknownActivity(NotFound):
    slug, title = "unknown-activity", "No processing activity has this key"


@router.get("/processing-activities")
def list_activities(session: DbSession) -> Page[ActivityRead]:
    """The register of processing activities (GDPR Art. 30), as in force."""
    register = service.current_register(session)
    items = [ActivityRead.of(register.spec, a, register.version) for a in register.spec.activities]
    return Page(items=items)


@router.get("/processing-activities/{key}")
def get_activity(session: DbSession, key: ActivityKeyPath) -> ActivityRead:
    """One processing activity of the register (GDPR Art. 30)."""
    register = service.current_register(session)
    activity = register.spec.activity(key)
    if activity is None:
        raise UnknownActivity(f"There is no processing activity {key!r}.")
    return ActivityRead.of(register.spec, activity, register.version)


@router.get("/subprocessors")
def list_subprocessors(session: DbSession) -> Page[SubprocessorRead]:
    """Who else processes data on our instructions (policy §2), as in force."""
    register = service.current_register(session)
    return Page(items=[SubprocessorRead.of(s) for s in register.spec.subprocessors])


@router.get("/register/versions")
def list_register_versions(session: DbSession) -> Page[RegisterVersionRead]:
    """Every stored version of the register, newest first; none is ever replaced."""
    return Page(
        items=[
            RegisterVersionRead.model_validate(v, from_attributes=True)
            for v in service.list_versions(session)
        ]
    )


@router.get("/register/versions/{version}")
def get_register_version(
    session: DbSession, version: int = Path(ge=1, le=MAX_ROW_ID)
) -> dict[str, Any]:
    """One stored version of the register, exactly as it was loaded."""
    row = service.stored_version(session, version)
    return {
        "version": row.version,
        "loaded_at": row.loaded_at.isoformat(),
        "document": row.document,
    }


@router.get(
    "/register/export",
    response_class=Response,
    responses={
        200: {
            "description": "The record: a JSON document, or CSV with one row per activity",
            "content": {"application/json": {}, "text/csv": {}},
        }
    },
)
def export_register(
    session: DbSession,
    format_: Literal["json", "csv"] = Query(default="json", alias="format"),
    lang: Literal["en", "pl"] = "en",
) -> Response:
    """The full record of processing activities (GDPR Art. 30(1)), as an authority asks for it."""
    register = service.current_register(session)
    record = art30_record(register.spec, version=register.version, lang=lang)
    if format_ == "json":
        return JSONResponse(record)
    return Response(
        art30_csv(record),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": (
                f'attachment; filename="art30-register-{register.version}-{lang}.csv"'
            )
        },
    )


@router.get(
    "/cookies",
    response_model=CookiePolicyRead,
    responses={304: {"description": "Unchanged since the ETag sent in If-None-Match"}},
)
def list_cookies(request: Request, session: DbSession, context: Context) -> Response:
    """The cookie policy (policy §1.6): every cookie, its provider, purpose and lifetime."""
    register = service.current_register(session)
    body = (
        cookie_policy(
            register.spec,
            version=register.version,
            base_url=str(context.settings.public_base_url),
        )
        .model_dump_json()
        .encode()
    )
    # The same for everyone until the register changes: any page or cache may keep it.
    headers = {
        "ETag": '"' + hashlib.sha256(body).hexdigest()[:32] + '"',
        "Cache-Control": "public, max-age=3600",
        "Access-Control-Allow-Origin": "*",
    }
    if headers["ETag"] in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)
