"""Cursor paging: every list answers {items, next_cursor}; the cursor is opaque to callers."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from privacy_api.core.http.errors import BadRequest

T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=500, description="Page size (at most 500)")]
Cursor = Annotated[
    str | None, Query(max_length=500, description="`next_cursor` of the previous page")
]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


_BAD = "Use the next_cursor of a previous page, unchanged."
# The widest key a cursor can carry (a BIGINT); beyond it the drivers overflow (500).
_MAX_KEY = 2**63 - 1


class InvalidCursor(BadRequest):
    slug, title = "invalid-cursor", "The paging cursor is not valid"


def encode_cursor(position: list[Any]) -> str:
    raw = json.dumps(position, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, *, arity: int) -> list[Any] | None:
    """The position a cursor points after, or None for the first page."""
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        position = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise InvalidCursor(_BAD) from exc
    if not isinstance(position, list) or len(position) != arity:
        raise InvalidCursor(_BAD)
    return position


def decode_int_cursor(cursor: str | None) -> int | None:
    """A cursor that carries one integer key (an id or a sequence number)."""
    position = decode_cursor(cursor, arity=1)
    if position is None:
        return None
    return _key(position[0])


def decode_text_cursor(cursor: str | None) -> str | None:
    """A cursor that carries one text key (a subject id)."""
    position = decode_cursor(cursor, arity=1)
    return None if position is None else _text(position[0])


def decode_time_text_cursor(cursor: str | None) -> tuple[datetime, str] | None:
    """A cursor that carries a time (with its offset) and a text key (an id)."""
    position = decode_cursor(cursor, arity=2)
    if position is None:
        return None
    try:
        at = datetime.fromisoformat(_text(position[0]))
        if at.tzinfo is not None:
            at.astimezone(UTC)  # compared in UTC: a year 0 or 10000 there cannot be
    except (ValueError, OverflowError):
        raise InvalidCursor(_BAD) from None
    if at.tzinfo is None:
        raise InvalidCursor(_BAD)
    return at, _text(position[1])


def _key(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= _MAX_KEY:
        raise InvalidCursor(_BAD)
    return value


def _text(value: Any) -> str:
    # Cursors are ours, so their texts are short ids and times; NUL and lone surrogates
    # (which JSON can spell) would reach the database and fail there.
    if not isinstance(value, str) or not value or len(value) > 128:
        raise InvalidCursor(_BAD)
    if not value.isprintable():
        raise InvalidCursor(_BAD)
    try:
        value.encode()
    except UnicodeEncodeError:
        raise InvalidCursor(_BAD) from None
    return value
