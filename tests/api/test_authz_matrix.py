"""Every route against every scope, no key, a revoked key and a wrong key (policy §4)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from factories import PATH_SAMPLES as SAMPLE
from factories import bearer, openapi_path
from privacy_api.core.data.db import Database
from privacy_api.core.security import apikeys
from privacy_api.core.security.apikeys import SCOPES
from privacy_api.core.security.auth import ScopedBearer
from privacy_api.register.service import Register

PUBLIC = {
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/favicon.ico"),
    ("GET", "/metrics"),
    ("GET", "/.well-known/gpc.json"),
    ("GET", "/v1/processing-activities"),
    ("GET", "/v1/processing-activities/{key}"),
    ("GET", "/v1/subprocessors"),
    ("GET", "/v1/cookies"),
    ("GET", "/v1/register/versions"),
    ("GET", "/v1/register/versions/{version}"),
    ("GET", "/v1/register/export"),
    ("GET", "/v1/policy"),
    ("GET", "/v1/policy.css"),
    ("GET", "/v1/policy/versions"),
    ("GET", "/v1/consent.js"),
    ("GET", "/v1/consent.css"),
    ("GET", "/v1/consent/visitors/{visitor_id}"),
    ("PUT", "/v1/consent/visitors/{visitor_id}"),
    ("POST", "/v1/unsubscribe"),
    ("GET", "/v1/unsubscribe"),
    ("GET", "/v1/dsar/package"),
    # The organisation a portability request names: its single-use link (Art. 20(2)).
    ("GET", "/v1/dsar/transfer"),
    # The privacy centre's pages: a person, no key; forms carry a CSRF token.
    ("GET", "/privacy/"),
    ("GET", "/privacy/centre.css"),
    ("GET", "/privacy/policy"),
    ("GET", "/privacy/request"),
    ("POST", "/privacy/request"),
    ("GET", "/privacy/code"),
    ("POST", "/privacy/code"),
    ("POST", "/privacy/code/resend"),
    ("GET", "/privacy/status"),
    ("GET", "/privacy/package"),
    ("GET", "/privacy/cookies"),
    ("POST", "/privacy/cookies"),
    ("GET", "/privacy/cookie-policy"),
    # Authenticated by the downstream system's signing secret, not an API key.
    ("POST", "/v1/orders/{order_id}/ack"),
}


def _scope_of(route: APIRoute) -> tuple[bool, str | None]:
    """(needs an API key, the scope it needs; None for any key)."""
    stack = [route.dependant]
    while stack:
        dependant = stack.pop()
        if isinstance(dependant.call, ScopedBearer):
            return True, dependant.call.required_scope
        stack.extend(dependant.dependencies)
    return False, None


def _routes(app: FastAPI) -> list[tuple[str, str, bool, str | None]]:
    found = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or context.path is None:
            continue
        if context.path.startswith("/console"):
            # The console authenticates by its session cookie, not a bearer key:
            # tests/console/test_console.py covers who may see and do what there.
            continue
        needs_key, scope = _scope_of(route)
        for method in sorted((route.methods or set()) - {"HEAD"}):
            found.append((method, openapi_path(context.path), needs_key, scope))
    return found


def _url(path: str) -> str:
    return re.sub(r"{(\w+)}", lambda m: SAMPLE[m.group(1)], path)


def _call(client: TestClient, method: str, path: str, headers: dict[str, str]) -> Any:
    kwargs: dict[str, Any] = {"headers": headers}
    if method in ("POST", "PUT"):
        kwargs["json"] = {}
    return client.request(method, _url(path), **kwargs)


def test_public_routes_are_exactly_the_documented_ones(app: FastAPI) -> None:
    public = {(m, p) for m, p, needs_key, _ in _routes(app) if not needs_key}
    assert public == PUBLIC


def test_every_route_admits_exactly_its_scope(
    client: TestClient,
    app: FastAPI,
    db: Database,
    loaded: Register,
    make_key: Callable[..., str],
) -> None:
    admin = bearer(make_key("admin", name="seeder"))
    person = {"email": "anna.personal@example.com", "name": "Anna Personal"}
    assert client.put("/v1/subjects/s1", json=person, headers=admin).status_code == 201
    secrets = ("anna.personal", "Anna Personal")
    keys = {scope: make_key(scope, name=f"only-{scope}") for scope in SCOPES}
    revoked = make_key("admin", name="revoked")
    with db.transaction() as session:
        apikeys.revoke_key(session, name="revoked")
    checked = 0
    for method, path, needs_key, scope in _routes(app):
        if not needs_key:
            continue
        for bad in (
            {},
            bearer(revoked),
            bearer("pak_abcdefghij_" + "x" * 43),
            {"Authorization": "Basic YWRtaW46YWRtaW4="},
        ):
            response = _call(client, method, path, bad)
            assert response.status_code == 401, (method, path, bad, response.text)
            assert not any(s in response.text for s in secrets), (method, path)
        for held, key in keys.items():
            response = _call(client, method, path, bearer(key))
            status = response.status_code
            allowed = scope is None or apikeys.Caller("k", frozenset({held})).may(scope)
            if allowed:
                assert status not in (401, 403), (method, path, held, status)
            else:
                assert status == 403, (method, path, held, status)
                # Refused, the caller learns nothing about the person.
                assert not any(s in response.text for s in secrets), (method, path, held)
            checked += 1
    assert checked > 400


@pytest.mark.parametrize(("method", "path"), sorted(PUBLIC))
def test_public_routes_need_no_key(
    client: TestClient, loaded: Register, method: str, path: str
) -> None:
    answer = _call(client, method, path, {})
    if method == "POST" and path.startswith("/privacy/"):
        # A form posted without its CSRF token: the page saying so, not a key's refusal.
        assert answer.status_code == 403
        assert answer.headers["content-type"].startswith("text/html")
        return
    assert answer.status_code != 403


def test_audit_proof_routes_need_audit_read(app: FastAPI) -> None:
    routes = {(m, p): (needs_key, scope) for m, p, needs_key, scope in _routes(app)}
    assert routes[("GET", "/v1/audit/checkpoints")] == (True, "audit:read")
    assert routes[("GET", "/v1/audit/verify")] == (True, "audit:read")


def test_person_facing_dsar_routes_need_dsar_submit(app: FastAPI) -> None:
    """The steps a person takes through a front end (issue 16): a submit key suffices, and
    the service then shows that key only the tickets it opened."""
    scopes = {(method, path): scope for method, path, _, scope in _routes(app)}
    for path in ("/v1/dsar", "/v1/dsar/{ticket_id}/verify", "/v1/dsar/{ticket_id}/resend"):
        assert scopes[("POST", path)] == "dsar:submit"
    assert scopes[("POST", "/v1/dsar/{ticket_id}/confirm-email")] == "dsar:submit"
    assert scopes[("POST", "/v1/dsar/{ticket_id}/fulfil")] == "dsar:manage"


def test_rotating_a_system_secret_is_for_admin_keys_only(app: FastAPI) -> None:
    # A system's secret lets its holder acknowledge erasures: only admin may mint one.
    route = ("POST", "/v1/systems/{system_id}/rotate-secret", True, "admin")
    assert route in _routes(app)


def test_record_rectification_needs_records_write(app: FastAPI) -> None:
    # Art. 16 on records (issue 18): the scope that writes records corrects them.
    assert ("PATCH", "/v1/records/{record_id}", True, "records:write") in _routes(app)


def test_dead_letters_are_for_admin_keys_only(app: FastAPI) -> None:
    # Who failed to get which notice, and a way to send it again: operations only.
    routes = _routes(app)
    assert ("GET", "/v1/outbox", True, "admin") in routes
    assert ("POST", "/v1/outbox/{message_id}/retry", True, "admin") in routes


def test_the_breach_register_needs_the_breaches_scope(app: FastAPI) -> None:
    # Issue 24: a breach names what went wrong before anyone is told; admin implies it.
    breach_routes = [r for r in _routes(app) if r[1].startswith("/v1/breaches")]
    # Issue 28: the notice's draft, its reading, its approval and refusal (a second key).
    assert len(breach_routes) == 9
    assert {(needs_key, scope) for _, _, needs_key, scope in breach_routes} == {(True, "breaches")}
    assert apikeys.Caller("k", frozenset({"admin"})).may("breaches")
