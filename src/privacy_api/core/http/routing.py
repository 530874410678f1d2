"""Every route reads JSON bodies strictly: UTF-8 only, no object with a key twice, no NaN.

Python's json keeps the last of duplicated keys silently, so `{"purposes": ..., "purposes":
...}` would store a choice the sender may not have meant, and two parsers on the way (a
proxy, us) could read different requests from the same bytes. We answer 422 instead.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Coroutine
from typing import Any

import jiter
from fastapi import APIRouter, Request, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        twice = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise HTTPException(422, f"The JSON body has the key {twice!r} more than once.")
    return obj


def _no_constant(name: str) -> Any:
    # Python's json reads NaN and Infinity; JSON (RFC 8259) has no such numbers, and
    # PostgreSQL's json type refuses them: stored, they would fail there or be read back
    # as invalid JSON by anyone else.
    raise HTTPException(422, f"{name} is not a JSON number (RFC 8259); send null or a string.")


def _finite(text: str) -> float:
    number = float(text)
    if math.isinf(number):  # 1e999 reads as infinity: the same number JSON cannot carry
        _no_constant(text)
    return number


def standard_strict_json(body: bytes) -> Any:
    """The reference reading, and the one that names what is wrong with a body."""
    # Decoded as UTF-8 ourselves: json.loads would guess UTF-16 and UTF-32 from bytes,
    # which RFC 8259 (8.1) does not allow between systems.
    value = json.loads(
        body.decode("utf-8"),
        object_pairs_hook=_object_without_duplicates,
        parse_constant=_no_constant,
        parse_float=_finite,
    )
    if b"\\u" in body:  # without a \u escape there is no lone surrogate to find
        _no_lone_surrogates(value)
    return value


# Digits to "0", "E" to "e", "+" to "-": a number too large for a float (1.8e308) then
# shows as "0e000" or "0e-000" (three exponent digits), or, with an exponent of two
# digits at most (99), as an integer part of at least 309 - 99 = 210 digits in a row.
_NUMBER_SHAPES = bytes.maketrans(b"123456789E+", b"000000000e-")
_LONG_MANTISSA = b"0" * 210


def _may_overflow(body: bytes) -> bool:
    shapes = body.translate(_NUMBER_SHAPES)
    return b"0e000" in shapes or b"0e-000" in shapes or _LONG_MANTISSA in shapes


def strict_json(body: bytes) -> Any:
    """`body` read as `standard_strict_json` reads it, in about half the time.

    jiter (Rust) refuses duplicate keys, NaN and Infinity as we do, but reads 1e999 as
    infinity: a body that may hold such a number, and every body jiter refuses, is read
    by the standard parser, which decides and names the fault. A test compares the two on
    chosen and generated bodies.
    """
    if not _may_overflow(body):
        try:
            return jiter.from_json(
                body, allow_inf_nan=False, catch_duplicate_keys=True, cache_mode="keys"
            )
        except ValueError:
            pass
    return standard_strict_json(body)


def _no_lone_surrogates(value: Any) -> None:
    # "\ud800" alone is valid JSON syntax but no Unicode character: Python reads it into a
    # str that cannot be written as UTF-8, so storing it (or even measuring it) would fail
    # far from the door (a records batch's data answered 500). jiter refuses it too.
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise HTTPException(
            422, "The JSON body has a lone surrogate escape (such as \\ud800): no character."
        ) from exc


class StrictJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = strict_json(await self.body())
        return self._json


class StrictJsonRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(StrictJsonRequest(request.scope, request.receive))

        return strict_handler


def api_router(**options: Any) -> APIRouter:
    """An APIRouter whose routes read JSON strictly (see the module's docstring)."""
    return APIRouter(route_class=StrictJsonRoute, **options)
