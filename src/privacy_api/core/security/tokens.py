"""Expiring tokens for links in e-mails: signed (downloads, status pages: they carry a
ticket id, nothing personal) or sealed (unsubscribe: an account id, which a signed token
would show to anyone who reads the link)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
from datetime import datetime, timedelta
from typing import Any

from privacy_api.core.http.errors import BadRequest, Gone
from privacy_api.core.time import clock


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


_NONCE = 12  # bytes, AES-GCM's standard nonce
_TAG = 16
_BLOCK = 64  # the sealed claims are padded to a multiple: the length tells little


def seal(
    key: bytes, *, purpose: str, claims: dict[str, Any], ttl: timedelta
) -> tuple[str, datetime]:
    """An opaque token: the claims encrypted and authenticated (AES-256-GCM) under `key`,
    bound to `purpose`; nothing in it can be read without the key."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    expires = clock.now() + ttl
    plain = json.dumps(
        {**claims, "exp": int(expires.timestamp())}, separators=(",", ":"), sort_keys=True
    ).encode()
    plain = plain.ljust(-(-len(plain) // _BLOCK) * _BLOCK)  # JSON allows trailing spaces
    nonce = os.urandom(_NONCE)
    return _b64(nonce + AESGCM(key).encrypt(nonce, plain, purpose.encode())), expires


def unseal(key: bytes, token: str, *, purpose: str) -> dict[str, Any]:
    """The claims of a genuine, unexpired sealed token for this purpose; 400 or 410."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        raw = _unb64(token)
        if len(raw) < _NONCE + _TAG:
            raise ValueError("too short")
        plain = AESGCM(key).decrypt(raw[:_NONCE], raw[_NONCE:], purpose.encode())
        claims = json.loads(plain)
    except (ValueError, binascii.Error, UnicodeDecodeError, InvalidTag) as exc:
        raise TokenInvalid("The link was altered or is not ours.") from exc
    if not isinstance(claims, dict):
        raise TokenInvalid("The link was altered or is not ours.")
    if int(claims.get("exp", 0)) < clock.now().timestamp():
        raise TokenExpired("The link has expired; ask for a new one.")
    return claims
