"""Behind a TLS proxy that talks plain http to the service, every console cookie keeps
`Secure` when the public address is https (issue 28, finding 6), sign-out's included."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from consolekit import csrf_of
from privacy_api.app import create_app
from privacy_api.core.data.db import Database
from privacy_api.core.security import csrf
from privacy_api.register.service import Register


def _set_cookies(response: Any) -> list[str]:
    return list(response.headers.get_list("set-cookie"))


def _walk(settings: Any, db: Database, key: str, base_url: str) -> list[str]:
    """Every Set-Cookie of a console visit: the sign-in page, signing in, a page, signing out."""
    app = create_app(settings, db=db)
    seen: list[str] = []
    with TestClient(app, base_url=base_url) as browser:
        page = browser.get("/console/sign-in")
        seen += _set_cookies(page)
        nonce = next(c for c in seen if c.startswith(f"{csrf.COOKIE}="))
        # A browser holds Secure cookies back on http: send them by hand, as the proxy would.
        browser.cookies.set(csrf.COOKIE, nonce.split(";")[0].split("=", 1)[1])
        signed_in = browser.post(
            "/console/sign-in",
            data={"key": key, "csrf_token": csrf_of(page.text)},
            follow_redirects=False,
        )
        assert signed_in.status_code == 303, signed_in.text
        seen += _set_cookies(signed_in)
        session_cookie = next(c for c in _set_cookies(signed_in) if c.startswith("ot_console"))
        browser.cookies.set(
            session_cookie.split("=", 1)[0], session_cookie.split(";")[0].split("=", 1)[1]
        )
        policy = browser.get("/console/policy")
        seen += _set_cookies(policy)
        out = browser.post(
            "/console/sign-out", data={"csrf_token": csrf_of(policy.text)}, follow_redirects=False
        )
        assert out.status_code == 303, out.text
        seen += _set_cookies(out)
    return seen


def test_every_console_cookie_is_secure_behind_a_tls_proxy_when_the_public_address_is_https(
    settings: Any, db: Database, loaded: Register, make_key: Callable[..., str]
) -> None:
    https = settings.model_copy(update={"public_base_url": "https://privacy.onetagger.test"})
    cookies = _walk(https, db, make_key("admin"), "http://10.0.0.5:8000")
    assert any(c.startswith("ot_console") and "max-age=0" in c.lower() for c in cookies), cookies
    assert cookies
    assert [c for c in cookies if "secure" not in c.lower()] == []


def test_console_cookies_are_not_secure_on_a_plain_http_development_address(
    settings: Any, db: Database, loaded: Register, make_key: Callable[..., str]
) -> None:
    """On http://127.0.0.1 a Secure cookie would never come back: sign-in must still work."""
    plain = settings.model_copy(update={"public_base_url": "http://127.0.0.1:8000"})
    cookies = _walk(plain, db, make_key("admin"), "http://127.0.0.1:8000")
    assert cookies
    assert [c for c in cookies if "secure" in c.lower()] == []
