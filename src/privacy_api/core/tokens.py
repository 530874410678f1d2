"""Signed, expiring tokens for links in e-mails (unsubscribe, downloads)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from datetime import datetime, timedelta
from typing import Any

from privacy_api.core import clock
from privacy_api.core.errors import BadRequest, Gone


class TokenInvalid(BadRequest):
    slug, title = "token-invalid", "The link is not valid"


class TokenExpired(Gone):
    slug, title = "token-expired", "The link has expired"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(
    key: bytes, *, purpose: str, claims: dict[str, Any], ttl: timedelta
) -> tuple[str, datetime]:
    expires = clock.now() + ttl
    body = _b64(
        json.dumps(
            {**claims, "p": purpose, "exp": int(expires.timestamp())},
            separators=(",", ":"),
            sort_keys=True,
        ).encode()
    )
    signature = _b64(hmac.new(key, body.encode(), hashlib.sha256).digest())
    return f"{body}.{signature}", expires


def verify(key: bytes, token: str, *, purpose: str) -> dict[str, Any]:
    """The claims of a genuine, unexpired token for this purpose; 400 or 410 otherwise."""
    try:
        body, signature = token.split(".")
        expected = hmac.new(key, body.encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _unb64(signature)):
            raise TokenInvalid("The link was altered or is not ours.")
        claims = json.loads(_unb64(body))
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise TokenInvalid("The link was altered or is not ours.") from exc
    if not isinstance(claims, dict) or claims.get("p") != purpose:
        raise TokenInvalid("The link is not meant for this action.")
    if int(claims.get("exp", 0)) < clock.now().timestamp():
        raise TokenExpired("The link has expired; ask for a new one.")
    return claims
