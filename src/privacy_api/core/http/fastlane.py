"""A fast lane for the few routes every page view calls: same endpoint, less framework.

The public consent read and write are called on every page view of three properties. Most
of their time went to FastAPI's nested-router matching and dependency solving, not to the
endpoint. A lane matches its path with one regular expression and calls the very endpoint
function the FastAPI route declares, with the arguments FastAPI would have passed; the
route stays declared for the OpenAPI document, and anything a lane does not recognise
(another spelling of the id, a body that does not validate) falls through to FastAPI,
which answers it as usual. Errors raised in a lane go to the app's own exception handlers.

It sits inside the request middleware (ids, limits, metrics, headers) and CORS, so those
apply to every request alike.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import FastAPI, Request, Response
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from privacy_api.core.http.routing import strict_json

LaneHandler = Callable[[Request, "re.Match[str]"], Awaitable[Response]]
_Model = TypeVar("_Model", bound=BaseModel)


class FallThrough(Exception):
    """Raised by a lane: not for the lane after all, FastAPI takes the request (with any
    body already read) and answers it as usual."""


async def json_body(request: Request) -> Any:
    """The body, read as FastAPI's JSON routes read it; anything else is FastAPI's to answer
    (another content type, undecodable or duplicate-keyed JSON)."""
    content_type = request.headers.get("content-type", "")
    if content_type.partition(";")[0].strip().lower() != "application/json":
        raise FallThrough
    raw = await request.body()  # a body too large or with a NUL: the handlers answer
    try:
        return strict_json(raw)
    except Exception as exc:
        raise FallThrough from exc


def validated(model: type[_Model], data: Any) -> _Model:
    """`data` as `model`; if it does not validate, FastAPI answers with its usual 422."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise FallThrough from exc


@dataclass(frozen=True)
class Lane:
    method: str
    path: re.Pattern[str]
    endpoint: Callable[..., Any]  # the FastAPI route's endpoint: for metrics and logs
    handle: LaneHandler


class FastLane:
    def __init__(self, app: ASGIApp, *, lanes: Sequence[Lane], fastapi: FastAPI) -> None:
        self.app = app
        self.lanes = tuple(lanes)
        self.fastapi = fastapi
        self._routes: dict[int, APIRoute] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for lane in self.lanes:
                if scope["method"] != lane.method:
                    continue
                match = lane.path.fullmatch(scope["path"])
                if match is not None:
                    await self._serve(lane, match, scope, receive, send)
                    return
        await self.app(scope, receive, send)

    async def _serve(
        self, lane: Lane, match: re.Match[str], scope: Scope, receive: Receive, send: Send
    ) -> None:
        scope["route"] = self._route(lane)
        request = Request(scope, receive)
        try:
            response = await lane.handle(request, match)
        except FallThrough:
            await self.app(scope, _replay(request, receive), send)
            return
        except Exception as exc:
            handler = self._handler_for(exc)
            if handler is None:
                raise
            response = await handler(request, exc)
        await response(scope, receive, send)

    def _route(self, lane: Lane) -> APIRoute:
        found = self._routes.get(id(lane))
        if found is None:
            for context in iter_route_contexts(self.fastapi.routes):
                route = context.original_route
                if isinstance(route, APIRoute) and route.endpoint is lane.endpoint:
                    found = self._routes[id(lane)] = route
                    break
            else:
                raise LookupError(f"no route declares {lane.endpoint.__name__}")
        return found

    def _handler_for(self, exc: Exception) -> Callable[..., Awaitable[Response]] | None:
        # As Starlette looks them up, by the exception's classes in order; an unexpected
        # error is left to the server-error layer, which logs it and answers 500.
        handlers = self.fastapi.exception_handlers
        for cls in type(exc).__mro__:
            if cls in (Exception, BaseException):
                return None
            if cls in handlers:
                return handlers[cls]  # type: ignore[return-value]
        return None


def _replay(request: Request, receive: Receive) -> Receive:
    """The body the lane already read, then the client's own messages (a disconnect)."""
    body: bytes | None = getattr(request, "_body", None)
    if body is None:
        return receive
    pending: list[Message] = [{"type": "http.request", "body": body, "more_body": False}]

    async def replay() -> Message:
        return pending.pop() if pending else await receive()

    return replay
