"""RFC 9457 problem details: one error hierarchy, one renderer, for every failure."""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://onetagger.com/problems/"

log = logging.getLogger("privacy_api.errors")


class ProblemError(Exception):
    """A failure the caller can act on; subclasses fix status, type slug and title."""

    status: ClassVar[int] = 400
    slug: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Bad request"

    def __init__(
        self,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


class BadRequest(ProblemError):
    pass


class Unauthorized(ProblemError):
    status, slug, title = 401, "unauthorized", "Missing or invalid API key"


class Forbidden(ProblemError):
    status, slug, title = 403, "forbidden", "The API key lacks the required scope"


class NotFound(ProblemError):
    status, slug, title = 404, "not-found", "Not found"


class Conflict(ProblemError):
    status, slug, title = 409, "conflict", "Conflict with the current state"


class Gone(ProblemError):
    status, slug, title = 410, "gone", "Gone"


class PayloadTooLarge(ProblemError):
    status, slug, title = 413, "payload-too-large", "Request body too large"


class Unprocessable(ProblemError):
    status, slug, title = 422, "unprocessable", "The request cannot be processed"


class TooManyRequests(ProblemError):
    status, slug, title = 429, "too-many-requests", "Too many requests"


class ServiceUnavailable(ProblemError):
    status, slug, title = 503, "service-unavailable", "Service unavailable"


_GENERIC_TITLES = {
    400: ("bad-request", "Bad request"),
    401: ("unauthorized", "Missing or invalid API key"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    413: ("payload-too-large", "Request body too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
    422: ("validation-error", "The request is not valid"),
    429: ("too-many-requests", "Too many requests"),
    431: ("headers-too-large", "Request headers too large"),
    500: ("internal-error", "Internal server error"),
    503: ("service-unavailable", "Service unavailable"),
}


def problem_response(
    status: int,
    *,
    slug: str | None = None,
    title: str | None = None,
    detail: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    default_slug, default_title = _GENERIC_TITLES.get(status, ("error", "Error"))
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + (slug or default_slug),
        "title": title or default_title,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_MEDIA_TYPE)


def problem_of(error: ProblemError) -> JSONResponse:
    """The answer for `error`, for a route that must return it (to commit what it did)."""
    return problem_response(
        error.status,
        slug=error.slug,
        title=error.title,
        detail=error.detail,
        headers=error.headers,
        **error.extra,
    )


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Only location and message: echoing the input back could put personal data in logs.
    return [
        {"loc": [str(part) for part in err.get("loc", ())], "msg": str(err.get("msg", ""))}
        for err in exc.errors()
    ]


async def _on_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_of(exc)


async def _on_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _validation_errors(exc)
    body_unparseable = any(e["msg"].startswith("JSON decode error") for e in errors)
    return problem_response(
        422,
        detail="The request body is not valid JSON."
        if body_unparseable
        else "The request does not match the expected schema.",
        errors=errors,
    )


# FastAPI's words for a body it cannot decode (e.g. bytes that are not UTF-8).
_UNPARSEABLE_BODY = "There was an error parsing the body"


def _why_unparseable(cause: BaseException | None) -> str:
    if isinstance(cause, RecursionError):
        return "The JSON body is nested too deeply."
    if isinstance(cause, UnicodeDecodeError):
        return "The request body is not UTF-8; send UTF-8 encoded JSON."
    return "The request body could not be parsed as JSON."


async def _on_http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else None
    if detail == _UNPARSEABLE_BODY:
        detail = _why_unparseable(exc.__cause__)
    return problem_response(exc.status_code, detail=detail, headers=dict(exc.headers or {}))


def database_unavailable(cause: BaseException) -> ServiceUnavailable:
    """The 503 for a database that does not answer, whichever driver noticed it."""
    log.warning("database unavailable: %s", type(cause).__name__)
    error = ServiceUnavailable(
        "The database is unavailable; nothing was stored. Retry shortly.",
        headers={"Retry-After": "5"},
    )
    error.__cause__ = cause
    return error


async def _on_database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    return await _on_problem(request, database_unavailable(exc))


async def _on_unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return problem_response(500, detail="An unexpected error occurred; it has been logged.")


def install_problem_handlers(app: FastAPI, *, postgresql: bool) -> None:
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(OperationalError, _on_database_unavailable)
    if postgresql:
        # Only then: importing psycopg is a tenth of a second of an SQLite server's start.
        import psycopg

        app.add_exception_handler(psycopg.OperationalError, _on_database_unavailable)
    app.add_exception_handler(PoolTimeoutError, _on_database_unavailable)
    app.add_exception_handler(Exception, _on_unexpected)


# The type FastAPI wants for a route's documented extra responses.
Responses = dict[int | str, dict[str, Any]]
