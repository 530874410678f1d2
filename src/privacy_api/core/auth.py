"""Bearer-key authentication: one dependency that each route declares with its scope."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from privacy_api.core import apikeys
from privacy_api.core.apikeys import SCOPES, Caller
from privacy_api.core.db import Database
from privacy_api.core.errors import Forbidden, Unauthorized

_bearer = HTTPBearer(auto_error=False, description="An API key made by `privacy-api keys create`")
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def _lookup(db: Database, key: str) -> Caller | None:
    with db.transaction(write=False) as session:
        return apikeys.lookup_caller(session, key)


async def _authenticate(
    request: Request, credentials: HTTPAuthorizationCredentials | None
) -> Caller:
    if credentials is None or not credentials.credentials:
        raise Unauthorized("Send an API key as 'Authorization: Bearer <key>'.", headers=_CHALLENGE)
    key = credentials.credentials
    caller = apikeys.cached_caller(key)
    if caller is None:
        caller = await run_in_threadpool(_lookup, request.app.state.db, key)
        if caller is None:
            raise Unauthorized("The API key is unknown or revoked.", headers=_CHALLENGE)
        apikeys.remember_caller(key, caller, request.app.state.settings.key_cache_seconds)
    return caller


def require(scope: str | None) -> Callable[..., Awaitable[Caller]]:
    """A dependency that admits callers holding `scope` (or `admin`); None admits any key."""
    if scope is not None and scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")

    async def dependency(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Caller:
        caller = await _authenticate(request, credentials)
        if scope is not None and not caller.may(scope):
            raise Forbidden(f"This endpoint needs the '{scope}' scope.")
        return caller

    dependency.required_scope = scope  # type: ignore[attr-defined]
    return dependency


def _scoped(scope: str | None) -> object:
    return Security(require(scope))


AnyKey = Annotated[Caller, _scoped(None)]
SubjectsWrite = Annotated[Caller, _scoped("subjects:write")]
RecordsRead = Annotated[Caller, _scoped("records:read")]
RecordsWrite = Annotated[Caller, _scoped("records:write")]
ConsentRead = Annotated[Caller, _scoped("consent:read")]
ConsentWrite = Annotated[Caller, _scoped("consent:write")]
DsarSubmit = Annotated[Caller, _scoped("dsar:submit")]
DsarManage = Annotated[Caller, _scoped("dsar:manage")]
Export = Annotated[Caller, _scoped("export")]
Erase = Annotated[Caller, _scoped("erase")]
RetentionRun = Annotated[Caller, _scoped("retention:run")]
AuditRead = Annotated[Caller, _scoped("audit:read")]
Admin = Annotated[Caller, _scoped("admin")]
