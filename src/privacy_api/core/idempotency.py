"""Idempotency-Key for creating POSTs: a retry gets the first response and creates nothing.

The record is written in the same transaction as what the request creates, so either both
exist or neither; two racing first attempts collide on the unique key and one rolls back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import JSON, String, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from privacy_api.core import clock
from privacy_api.core.db import Base, UTCDateTime
from privacy_api.core.errors import Conflict, Unprocessable

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description="Retrying with the same key and body returns the first response.",
    ),
]


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("caller", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    caller: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int]
    response_body: Mapped[Any] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class IdempotencyKeyReused(Unprocessable):
    slug, title = "idempotency-key-reused", "Idempotency-Key reused with a different request"


class IdempotencyKeyInFlight(Conflict):
    slug, title = "idempotency-key-in-flight", "A request with this Idempotency-Key is running"


def fingerprint(method: str, path: str, payload: BaseModel | dict[str, Any] | None) -> str:
    body = payload.model_dump(mode="json") if isinstance(payload, BaseModel) else payload
    canonical = json.dumps([method, path, body], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class IdempotentRequest:
    """A creating request that may carry an Idempotency-Key."""

    key: str | None
    method: str
    path: str

    def run(
        self,
        session: Session,
        *,
        caller: str,
        payload: BaseModel | dict[str, Any] | None,
        create: Callable[[], BaseModel],
        status_code: int = 201,
    ) -> JSONResponse:
        return replay_or_create(
            session,
            caller=caller,
            key=self.key,
            # Hashing a large batch costs; only a keyed request needs its fingerprint.
            request_fingerprint=fingerprint(self.method, self.path, payload) if self.key else "",
            create=create,
            status_code=status_code,
        )


async def _idempotent_request(request: Request, key: IdempotencyKey = None) -> IdempotentRequest:
    return IdempotentRequest(key=key, method=request.method, path=request.url.path)


Idempotent = Annotated[IdempotentRequest, Depends(_idempotent_request)]


def replay_or_create(
    session: Session,
    *,
    caller: str,
    key: str | None,
    request_fingerprint: str,
    create: Callable[[], BaseModel],
    status_code: int = 201,
) -> JSONResponse:
    """Run `create` once per (caller, key); later calls with that key replay its response."""
    if key is not None:
        stored = session.scalar(
            select(IdempotencyRecord).where(
                IdempotencyRecord.caller == caller, IdempotencyRecord.key == key
            )
        )
        if stored is not None:
            if stored.fingerprint != request_fingerprint:
                raise IdempotencyKeyReused(
                    "This Idempotency-Key was first used with a different request; "
                    "use a new key for a new request."
                )
            return JSONResponse(
                stored.response_body,
                status_code=stored.status_code,
                headers={"Idempotent-Replayed": "true"},
            )
    body = create().model_dump(mode="json")
    if key is not None:
        session.add(
            IdempotencyRecord(
                caller=caller,
                key=key,
                fingerprint=request_fingerprint,
                status_code=status_code,
                response_body=body,
                created_at=clock.now(),
            )
        )
        try:
            with session.begin_nested():
                session.flush()
        except IntegrityError as exc:
            raise IdempotencyKeyInFlight(
                "Another request with this Idempotency-Key is being processed; retry it."
            ) from exc
    return JSONResponse(body, status_code=status_code)
