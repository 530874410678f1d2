"""CSRF tokens for the HTML forms (privacy centre, console): a signed double submit.

The browser holds a random nonce in an HttpOnly cookie; every form carries a token that
is the nonce's HMAC under the service's CSRF key, bound to what the form acts for (the
console's session, or nothing for the public pages). A forging site can make the browser
send the cookie but cannot read it, so it cannot compute the token. A cookie planted by a
sibling subdomain helps only where the binding is known: a console form is bound to the
session, which the attacker does not hold; the console's sign-in form is bound to a fixed
name, so a sibling that can set cookies on our domain could pair its own nonce and token
(login CSRF, into the attacker's own key). `SameSite=Strict` on the cookie is a second wall,
not the only one (and none against a sibling, which is same-site).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request, Response

COOKIE = "ot_csrf"
FIELD = "csrf_token"
_NONCE_BYTES = 24
_MAX_LENGTH = 128


def _key(request: Request) -> bytes:
    key: bytes = request.app.state.keys.csrf
    return key


def secure_cookie(request: Request) -> bool:
    """Whether a cookie gets the Secure flag: on https, and whenever people reach the
    service over https (PUBLIC_BASE_URL), even if the proxy in front did not say so
    (X-Forwarded-Proto untrusted or missing): the cookie must never travel in clear."""
    if request.url.scheme == "https":
        return True
    settings = getattr(request.app.state, "settings", None)
    base = str(getattr(settings, "public_base_url", ""))
    return base.lower().startswith("https://")


def _sign(key: bytes, nonce: str, binding: str) -> str:
    mac = hmac.new(key, f"{nonce}|{binding}".encode(), hashlib.sha256).hexdigest()
    return mac


def _nonce(request: Request) -> str:
    """The browser's nonce, or a new one remembered on the request until `attach`."""
    held = getattr(request.state, "csrf_nonce", None)
    if isinstance(held, str):
        return held
    cookie = request.cookies.get(COOKIE, "")
    nonce = cookie if 16 <= len(cookie) <= _MAX_LENGTH and cookie.isascii() else ""
    if not nonce:
        nonce = secrets.token_urlsafe(_NONCE_BYTES)
        request.state.csrf_new = True
    request.state.csrf_nonce = nonce
    return nonce


def token(request: Request, binding: str = "") -> str:
    """The value for a form's hidden `csrf_token` field on the page being rendered."""
    return _sign(_key(request), _nonce(request), binding)


def attach(request: Request, response: Response) -> None:
    """Set the nonce cookie when this request created it (call on every page response)."""
    if getattr(request.state, "csrf_new", False):
        response.set_cookie(
            COOKIE,
            request.state.csrf_nonce,
            httponly=True,
            secure=secure_cookie(request),
            samesite="strict",
            path="/",
        )


def is_valid(request: Request, submitted: object, binding: str = "") -> bool:
    """Whether a submitted form's token matches the browser's cookie (constant time)."""
    cookie = request.cookies.get(COOKIE, "")
    if not isinstance(submitted, str) or not cookie or len(cookie) > _MAX_LENGTH:
        return False
    if len(submitted) > _MAX_LENGTH:
        return False
    expected = _sign(_key(request), cookie, binding)
    return hmac.compare_digest(expected.encode(), submitted.encode())
