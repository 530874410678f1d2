"""Cursor paging: every list answers {items, next_cursor}; the cursor is opaque to callers."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from privacy_api.core.errors import BadRequest

T = TypeVar("T")

Limit = Annotated[int, Query(ge=1, le=500, description="Page size (at most 500)")]
Cursor = Annotated[
    str | None, Query(max_length=500, description="`next_cursor` of the previous page")
]


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


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
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise InvalidCursor("Use the next_cursor of a previous page, unchanged.") from exc
    if not isinstance(position, list) or len(position) != arity:
        raise InvalidCursor("Use the next_cursor of a previous page, unchanged.")
    return position


def decode_int_cursor(cursor: str | None) -> int | None:
    """A cursor that carries one integer key (an id or a sequence number)."""
    position = decode_cursor(cursor, arity=1)
    if position is None:
        return None
    if not isinstance(position[0], int) or isinstance(position[0], bool):
        raise InvalidCursor("Use the next_cursor of a previous page, unchanged.")
    return position[0]
