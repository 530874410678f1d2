"""The console's session: a signed cookie naming the API key, re-checked on every request.

The cookie never holds the key: only its public id and an expiry, signed with a key derived
from the service's secret for this purpose alone. Every request looks the key up again, so
revoking it (or narrowing it by making a new one) takes effect on the next page, and checks
that the session was not signed out (`end`): a kept copy of the cookie dies with it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import Request, Response
from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from privacy_api.core.data.db import Database
from privacy_api.core.security import apikeys, csrf
from privacy_api.core.security.apikeys import Caller
from privacy_api.core.time import clock

COOKIE = "ot_console"
LIFETIME_SECONDS = 8 * 3600
PATH = "/console"
_VERSION = "v1"
# Two sign-outs of one session at once (a double click) must not collide on the key.
_SIGNED_OUT = {
    name: dialect_insert(apikeys.ConsoleSignOut).on_conflict_do_nothing(
        index_elements=["session_mac"]
    )
    for name, dialect_insert in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))
}


@dataclass(frozen=True)
class Operator:
    """Who is signed in: the key's caller, and the session's value (forms are bound to it)."""

    caller: Caller
    session_value: str

    @property
    def name(self) -> str:
        return self.caller.name

    def may(self, scope: str) -> bool:
        return self.caller.may(scope)


def _key(request: Request) -> bytes:
    key: bytes = request.app.state.keys.console
    return key


def _mac(key: bytes, body: str) -> str:
    return hmac.new(key, body.encode(), hashlib.sha256).hexdigest()


def issue(request: Request, response: Response, key_id: str) -> None:
    """Sign the person in: the cookie holds the key's id and when the session ends."""
    expires = int(time.time()) + LIFETIME_SECONDS
    # A fresh nonce per sign-in: each session is its own, and so are the forms bound to it.
    body = f"{_VERSION}.{key_id}.{expires}.{secrets.token_hex(8)}"
    response.set_cookie(
        COOKIE,
        f"{body}.{_mac(_key(request), body)}",
        max_age=LIFETIME_SECONDS,
        httponly=True,
        secure=csrf.secure_cookie(request),
        samesite="strict",
        path=PATH,
    )


def clear(request: Request, response: Response) -> None:
    # With the flags it was set with: a browser keeps a Secure cookie from being replaced
    # by one without, and the header should never say less than the cookie it ends.
    response.delete_cookie(
        COOKIE, path=PATH, httponly=True, samesite="strict", secure=csrf.secure_cookie(request)
    )


@dataclass(frozen=True)
class _Cookie:
    key_id: str
    expires: int
    mac: str


def _parsed(request: Request, value: str) -> _Cookie | None:
    """What a well-signed, unexpired cookie says; None for anything else."""
    if len(value) > 200:
        return None
    parts = value.split(".")
    if len(parts) != 5:
        return None
    version, key_id, expires, nonce, mac = parts
    if version != _VERSION or not expires.isdigit() or not key_id.isalnum():
        return None
    expected = _mac(_key(request), f"{version}.{key_id}.{expires}.{nonce}")
    if not hmac.compare_digest(expected.encode(), mac.encode()):
        return None
    return _Cookie(key_id, int(expires), mac) if int(expires) > time.time() else None


def _lookup(db: Database, cookie: _Cookie) -> Caller | None:
    with db.transaction(write=False) as session:
        if session.get(apikeys.ConsoleSignOut, cookie.mac) is not None:
            return None
        return apikeys.caller_by_key_id(session, cookie.key_id)


def end(request: Request, db: Session, op: Operator) -> None:
    """Sign the session out on the server: a copy of its cookie is refused from now on.
    The sign-outs whose cookies have expired since are forgotten here too."""
    cookie = _parsed(request, op.session_value)
    if cookie is None:
        return
    now = clock.now()
    db.execute(delete(apikeys.ConsoleSignOut).where(apikeys.ConsoleSignOut.expires_at < now))
    db.execute(
        _SIGNED_OUT[db.get_bind().dialect.name],
        {"session_mac": cookie.mac, "expires_at": datetime.fromtimestamp(cookie.expires, tz=UTC)},
    )


async def operator(request: Request) -> Operator | None:
    """The signed-in operator, or None (no cookie, a forged or expired one, a revoked key)."""
    value = request.cookies.get(COOKIE, "")
    cookie = _parsed(request, value) if value else None
    if cookie is None:
        return None
    caller = await run_in_threadpool(_lookup, request.app.state.db, cookie)
    return None if caller is None else Operator(caller, value)
