"""Bearer-key authentication: one dependency that each route declares with its scope."""

from __future__ import annotations

from typing import Annotated, Any, cast, get_args

from fastapi import Request, Security
from fastapi.security import HTTPBearer
from starlette.concurrency import run_in_threadpool

from privacy_api.core.data.db import Database
from privacy_api.core.http.errors import Forbidden, Unauthorized
from privacy_api.core.security import apikeys
from privacy_api.core.security.apikeys import SCOPES, Caller

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def _lookup(db: Database, key: str) -> Caller | None:
    with db.transaction(write=False) as session:
        return apikeys.lookup_caller(session, key)


def _bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Send an API key as 'Authorization: Bearer <key>'.", headers=_CHALLENGE)
    return token.strip()


class ScopedBearer(HTTPBearer):
    """The route's whole access check in one dependency (each extra one costs throughput).

    Subclassing HTTPBearer keeps the bearer scheme in the OpenAPI document.
    """

    def __init__(self, scope: str | None) -> None:
        if scope is not None and scope not in SCOPES:
            raise ValueError(f"unknown scope {scope!r}")
        super().__init__(
            bearerFormat="API key",
            scheme_name="ApiKey",
            description="An API key made by `privacy-api keys create`",
            auto_error=False,
        )
        self.required_scope = scope

    async def __call__(self, request: Request) -> Caller:  # type: ignore[override]
        key = _bearer_token(request)
        caller = apikeys.cached_caller(key)
        if caller is None:
            caller = await run_in_threadpool(_lookup, request.app.state.db, key)
            if caller is None:
                raise Unauthorized("The API key is unknown or revoked.", headers=_CHALLENGE)
            apikeys.remember_caller(key, caller, request.app.state.settings.key_cache_seconds)
        if self.required_scope is not None and not caller.may(self.required_scope):
            raise Forbidden(f"This endpoint needs the '{self.required_scope}' scope.")
        return caller


def bearer_of(annotated: Any) -> ScopedBearer:
    """The check a route's annotation declares, for a fast lane to run as FastAPI would."""
    _, security = get_args(annotated)
    return cast(ScopedBearer, security.dependency)


def require(scope: str | None) -> ScopedBearer:
    """A dependency that admits callers holding `scope` (or `admin`); None admits any key."""
    return ScopedBearer(scope)


AnyKey = Annotated[Caller, Security(require(None))]
SubjectsWrite = Annotated[Caller, Security(require("subjects:write"))]
RecordsRead = Annotated[Caller, Security(require("records:read"))]
RecordsWrite = Annotated[Caller, Security(require("records:write"))]
ConsentRead = Annotated[Caller, Security(require("consent:read"))]
ConsentWrite = Annotated[Caller, Security(require("consent:write"))]
DsarSubmit = Annotated[Caller, Security(require("dsar:submit"))]
DsarManage = Annotated[Caller, Security(require("dsar:manage"))]
Export = Annotated[Caller, Security(require("export"))]
Erase = Annotated[Caller, Security(require("erase"))]
RetentionRun = Annotated[Caller, Security(require("retention:run"))]
AuditRead = Annotated[Caller, Security(require("audit:read"))]
Breaches = Annotated[Caller, Security(require("breaches"))]
Admin = Annotated[Caller, Security(require("admin"))]
