"""The console's session: a signed cookie naming the API key, re-checked on every request.

The cookie never holds the key: only its public id and an expiry, signed with a key derived
from the service's secret for this purpose alone. Every request looks the key up again, so
revoking it (or narrowing it by making a new one) takes effect on the next page.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from privacy_api.core import apikeys
from privacy_api.core.apikeys import Caller
from privacy_api.core.db import Database

COOKIE = "ot_console"
LIFETIME_SECONDS = 8 * 3600
PATH = "/console"
_VERSION = "v1"


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
        secure=request.url.scheme == "https",
        samesite="strict",
        path=PATH,
    )


def clear(response: Response) -> None:
    response.delete_cookie(COOKIE, path=PATH, httponly=True, samesite="strict")


def _key_id(request: Request, value: str) -> str | None:
    """The key id a well-signed, unexpired cookie names; None for anything else."""
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
    return key_id if int(expires) > time.time() else None


def _lookup(db: Database, key_id: str) -> Caller | None:
    with db.transaction(write=False) as session:
        return apikeys.caller_by_key_id(session, key_id)


async def operator(request: Request) -> Operator | None:
    """The signed-in operator, or None (no cookie, a forged or expired one, a revoked key)."""
    value = request.cookies.get(COOKIE, "")
    key_id = _key_id(request, value) if value else None
    if key_id is None:
        return None
    caller = await run_in_threadpool(_lookup, request.app.state.db, key_id)
    return None if caller is None else Operator(caller, value)
