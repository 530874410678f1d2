"""One pure-ASGI middleware for what every request needs: id, body limit, metrics, access log.

Pure ASGI rather than BaseHTTPMiddleware: the latter costs a task and a stream per request,
which the benchmarks price at a tenth of the framework's throughput.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable, Sequence

from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from privacy_api.core.http.context import request_id_var
from privacy_api.core.http.errors import problem_response
from privacy_api.core.observe.metrics import HttpMetrics

# Every HTML page of ours is self-contained: no script at all, our own styles and images,
# forms that post only to us, never framed (clickjacking), no <base> to redirect links.
HTML_POLICY = (
    b"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    b"frame-ancestors 'none'; base-uri 'none'"
)
# FastAPI's API explorer pages are the exception: their script and styles come from a CDN
# and start with an inline script. They show the public OpenAPI document and nothing else.
_EXPLORER_POLICY = (
    b"default-src 'none'; script-src https://cdn.jsdelivr.net 'unsafe-inline'; "
    b"style-src https://cdn.jsdelivr.net; img-src https://fastapi.tiangolo.com data:; "
    b"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)
EXPLORER_PATHS = frozenset({"/docs", "/redoc", "/docs/oauth2-redirect"})
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
access_log = logging.getLogger("privacy_api.access")


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body exceeds the limit of {limit} bytes.")


class NulInBody(HTTPException):
    def __init__(self) -> None:
        super().__init__(422, _NUL_DETAIL)


# PostgreSQL cannot store U+0000 in text or JSON, and no field of ours has a use for it: it
# is refused at the door on every backend, wherever it appears, before anything is stored.
_NUL_DETAIL = "NUL characters (U+0000) are not accepted in any part of a request."
# A JSON \u0000 escape: preceded by an even number of backslashes (an odd one escapes it).
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def _has_nul(scope: Scope) -> bool:
    return "\x00" in scope["path"] or b"%00" in scope["query_string"]


class RouteTemplates:
    """Full path templates ('/v1/subjects/{subject_id}') of matched routes, for metrics.

    FastAPI keeps included routers nested, so a matched route knows only its own part of the
    path; the full template is looked up once per route and remembered.
    """

    def __init__(self) -> None:
        self._by_route: dict[int, str] = {}

    def template(self, scope: Scope) -> str:
        route = scope.get("route")
        if route is None:
            return "<unmatched>"
        found = self._by_route.get(id(route))
        if found is None:
            self._by_route = {
                id(ctx.original_route): ctx.path or "<unknown>"
                for ctx in iter_route_contexts(scope["app"].routes)
            }
            found = self._by_route.get(id(route), getattr(route, "path", "<unknown>"))
        return found


class CorsForBrowsers:
    """CORS only where a browser sent an Origin: server-to-server calls skip its wrapper."""

    def __init__(self, app: ASGIApp, *, origins: Sequence[str]) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app,
            allow_origins=list(origins),
            allow_methods=["GET", "PUT", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-None-Match", "Idempotency-Key"],
            expose_headers=["ETag", "X-Request-ID", "Retry-After"],
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _header(scope, b"origin") is not None:
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return None


class RequestMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        metrics: HttpMetrics,
        body_limit_for: Callable[[str], int],
        log_requests: bool,
        header_limit: int = 16 * 1024,
    ) -> None:
        self.app = app
        self.header_limit = header_limit
        self.metrics = metrics
        self.body_limit_for = body_limit_for
        self.log_requests = log_requests
        self.templates = RouteTemplates()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        incoming = _header(scope, b"x-request-id")
        incoming_text = incoming.decode("latin-1") if incoming else ""
        request_id = (
            incoming_text if _SAFE_REQUEST_ID.fullmatch(incoming_text) else os.urandom(16).hex()
        )
        token = request_id_var.set(request_id)
        authorized = _header(scope, b"authorization") is not None
        status = 500
        limit = self.body_limit_for(scope["path"])

        refusal = self._refusal(scope, limit)
        if refusal is not None:
            refusal.headers["X-Request-ID"] = request_id
            # Connection: close, because we answer without reading what the client sends.
            refusal.headers["Connection"] = "close"
            await refusal(scope, receive, send)
            self._finish(scope, refusal.status_code, started, request_id)
            request_id_var.reset(token)
            return

        received = 0
        tail = b""

        async def limited_receive() -> Message:
            nonlocal received, tail
            message = await receive()
            if message["type"] == "http.request":
                chunk = message.get("body", b"")
                received += len(chunk)
                if received > limit:
                    raise BodyTooLarge(limit)
                # The tail carries an escape split across chunks into the next search.
                window = tail + chunk
                if b"\\u0000" in window and _JSON_NUL.search(window):
                    raise NulInBody()
                tail = window[-64:]
            return message

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                headers.append((b"x-content-type-options", b"nosniff"))
                # An answer to a keyed request is about that caller's data: never cached.
                if authorized and not any(k == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                if any(k == b"content-type" and v.startswith(b"text/html") for k, v in headers):
                    headers.append((b"content-security-policy", self.html_policy(scope["path"])))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_id)
        finally:
            self._finish(scope, status, started, request_id)
            request_id_var.reset(token)

    @staticmethod
    def html_policy(path: str) -> bytes:
        """The Content-Security-Policy of an HTML answer: set here, for every page alike."""
        return _EXPLORER_POLICY if path in EXPLORER_PATHS else HTML_POLICY

    def _refusal(self, scope: Scope, body_limit: int) -> Response | None:
        """A request refused before it reaches a route: too large, or with a NUL."""
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > body_limit:
            return problem_response(413, detail=BodyTooLarge(body_limit).detail)
        # The server (uvicorn) reads headers of any size; the limit is ours to set.
        if sum(len(k) + len(v) for k, v in scope["headers"]) > self.header_limit:
            return problem_response(
                431,
                detail=f"The request headers exceed the limit of {self.header_limit} bytes.",
            )
        if _has_nul(scope):
            return problem_response(422, detail=_NUL_DETAIL)
        return None

    def _finish(self, scope: Scope, status: int, started: float, request_id: str) -> None:
        elapsed = time.perf_counter() - started
        route = self.templates.template(scope)
        self.metrics.observe(scope["method"], route, status, elapsed)
        if self.log_requests:
            access_log.info(
                "request",
                extra={
                    "request_id": request_id,
                    "method": scope["method"],
                    "route": route,
                    "status": status,
                    "ms": round(elapsed * 1000, 2),
                },
            )
