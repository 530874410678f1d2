"""The forms' CSRF tokens: a token is valid only with the browser's own cookie and binding."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient
from pydantic import SecretStr

from privacy_api.core.security import csrf
from privacy_api.core.security.secrets import DerivedKeys


def _app(secret: str = "s" * 40) -> FastAPI:
    app = FastAPI()
    app.state.keys = DerivedKeys(SecretStr(secret))

    @app.get("/form")
    def form(request: Request, binding: str = "") -> PlainTextResponse:
        response = PlainTextResponse(csrf.token(request, binding))
        csrf.attach(request, response)
        return response

    @app.post("/submit")
    async def submit(request: Request, binding: str = "") -> dict[str, Any]:
        form = await request.form()
        return {"ok": csrf.is_valid(request, form.get(csrf.FIELD), binding)}

    return app


def test_a_form_token_is_accepted_with_the_cookie_it_was_issued_with() -> None:
    with TestClient(_app()) as client:
        token = client.get("/form").text
        assert client.cookies.get(csrf.COOKIE)
        assert client.post("/submit", data={csrf.FIELD: token}).json() == {"ok": True}


def test_a_missing_or_foreign_token_or_cookie_is_refused() -> None:
    with TestClient(_app()) as victim, TestClient(_app()) as attacker:
        victim.get("/form")
        attackers_token = attacker.get("/form").text
        assert victim.post("/submit", data={}).json() == {"ok": False}
        assert victim.post("/submit", data={csrf.FIELD: attackers_token}).json() == {"ok": False}
        fresh = TestClient(_app())
        assert fresh.post("/submit", data={csrf.FIELD: attackers_token}).json() == {"ok": False}


def test_a_planted_cookie_does_not_help_without_the_service_secret() -> None:
    # A sibling subdomain can set the cookie, but the token is keyed by the secret.
    with TestClient(_app("s" * 40)) as client, TestClient(_app("x" * 40)) as other:
        forged = other.get("/form")
        client.cookies.set(csrf.COOKIE, forged.cookies[csrf.COOKIE])
        assert client.post("/submit", data={csrf.FIELD: forged.text}).json() == {"ok": False}


def test_a_token_bound_to_one_session_is_refused_for_another() -> None:
    with TestClient(_app()) as client:
        token = client.get("/form", params={"binding": "session-a"}).text
        ok = client.post("/submit", params={"binding": "session-a"}, data={csrf.FIELD: token})
        other = client.post("/submit", params={"binding": "session-b"}, data={csrf.FIELD: token})
        assert ok.json() == {"ok": True}
        assert other.json() == {"ok": False}


def test_the_cookie_is_httponly_and_strict() -> None:
    with TestClient(_app()) as client:
        header = client.get("/form").headers["set-cookie"].lower()
        assert "httponly" in header
        assert "samesite=strict" in header
