"""Idempotency-Key for creating POSTs: a retry gets the first response and creates nothing.

The record is written in the same transaction as what the request creates, so either both
exist or neither; two racing first attempts collide on the unique key and one rolls back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from pydantic_core import to_jsonable_python
from sqlalchemy import (
    JSON,
    ColumnElement,
    String,
    UniqueConstraint,
    bindparam,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from privacy_api.core.data.db import Base, UTCDateTime, rowcount
from privacy_api.core.data.hot import HotConnection
from privacy_api.core.http.errors import Conflict, Unprocessable
from privacy_api.core.time import clock

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
    # The subject a kept response is about, if any: an erasure deletes it (`forget_subject`).
    subject_id: Mapped[str | None] = mapped_column(String(128), index=True)


class IdempotencyKeyReused(Unprocessable):
    slug, title = "idempotency-key-reused", "Idempotency-Key reused with a different request"


class IdempotencyKeyInFlight(Conflict):
    slug, title = "idempotency-key-in-flight", "A request with this Idempotency-Key is running"


def fingerprint(method: str, path: str, payload: BaseModel | Mapping[str, object] | None) -> str:
    body = (
        payload.model_dump(mode="json")
        if isinstance(payload, BaseModel)
        else to_jsonable_python(payload)  # a validated TypedDict may hold times
    )
    canonical = json.dumps([method, path, body], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


_FIND = select(
    IdempotencyRecord.fingerprint, IdempotencyRecord.status_code, IdempotencyRecord.response_body
).where(IdempotencyRecord.caller == bindparam("caller"), IdempotencyRecord.key == bindparam("key"))
_KEEP = insert(IdempotencyRecord).values(
    {
        name: bindparam(name)
        for name in (
            "caller",
            "key",
            "fingerprint",
            "status_code",
            "response_body",
            "created_at",
            "subject_id",
        )
    }
)


def _kept_before(moment: datetime) -> ColumnElement[bool]:
    return IdempotencyRecord.created_at < moment


def count_kept_before(session: Session, moment: datetime) -> int:
    query = select(func.count()).select_from(IdempotencyRecord).where(_kept_before(moment))
    return int(session.scalar(query) or 0)


def forget_subject(session: Session, subject_id: str) -> int:
    """Delete the responses kept about a subject, as its erasure requires: a replay would
    hand its data back."""
    return _delete_kept(session, IdempotencyRecord.subject_id == subject_id)


def purge_kept_before(session: Session, moment: datetime) -> int:
    """Delete the responses kept for keys first used before `moment`. A kept response may
    hold personal data (a record as stored, a ticket), which must not outlive its own
    retention or an erasure in a replay cache."""
    return _delete_kept(session, _kept_before(moment))


def _delete_kept(session: Session, where: ColumnElement[bool]) -> int:
    # Core on the session's connection: ORM bulk DML would sync a session holding none.
    return rowcount(session.connection().execute(delete(IdempotencyRecord).where(where)))


@dataclass(frozen=True)
class IdempotentRequest:
    """A creating request that may carry an Idempotency-Key."""

    key: str | None
    method: str
    path: str

    def _fingerprint(self, payload: BaseModel | Mapping[str, object] | None) -> str:
        # Hashing a large batch costs; only a keyed request needs its fingerprint.
        return fingerprint(self.method, self.path, payload) if self.key else ""

    def run(
        self,
        session: Session,
        *,
        caller: str,
        payload: BaseModel | Mapping[str, object] | None,
        create: Callable[[], BaseModel],
        status_code: int = 201,
    ) -> JSONResponse:
        return replay_or_create(
            session,
            caller=caller,
            key=self.key,
            request_fingerprint=self._fingerprint(payload),
            create=create,
            status_code=status_code,
        )

    async def run_now(
        self,
        conn: HotConnection,
        *,
        caller: str,
        payload: BaseModel | Mapping[str, object] | None,
        create: Callable[[], Awaitable[BaseModel]],
        status_code: int = 201,
        about: Callable[[], str | None] | None = None,
    ) -> JSONResponse:
        """As `run`, in a hot path transaction. `about` names the subject the kept response
        is about when the response itself hides it (a ticket shown without its subject):
        that subject's erasure must still delete it."""
        found = {"caller": caller, "key": self.key}
        if self.key is not None:
            stored = (await conn.execute(_FIND, found)).first()
            if stored is not None:
                return _replay(stored, self._fingerprint(payload))
        body = (await create()).model_dump(mode="json")
        if self.key is not None:
            kept = _kept(found, self._fingerprint(payload), status_code, body)
            if about is not None:
                kept["subject_id"] = about() or kept["subject_id"]
            try:
                await conn.execute(_KEEP, kept)
            except IntegrityError as exc:
                raise _in_flight() from exc
        return JSONResponse(body, status_code=status_code)


async def _idempotent_request(request: Request, key: IdempotencyKey = None) -> IdempotentRequest:
    return IdempotentRequest(key=key, method=request.method, path=request.url.path)


Idempotent = Annotated[IdempotentRequest, Depends(_idempotent_request)]


def _replay(stored: Sequence[Any], request_fingerprint: str) -> JSONResponse:
    first_fingerprint, status_code, body = stored
    if first_fingerprint != request_fingerprint:
        raise IdempotencyKeyReused(
            "This Idempotency-Key was first used with a different request; "
            "use a new key for a new request."
        )
    return JSONResponse(body, status_code=status_code, headers={"Idempotent-Replayed": "true"})


def _kept(
    found: dict[str, Any], request_fingerprint: str, status_code: int, body: Any
) -> dict[str, Any]:
    return {
        **found,
        "fingerprint": request_fingerprint,
        "status_code": status_code,
        "response_body": body,
        "created_at": clock.now(),
        # Responses about a subject (a record, an acceptance, a ticket) name it; kept under
        # its id, they go with the subject's erasure (`forget_subject`).
        "subject_id": body.get("subject_id") if isinstance(body, dict) else None,
    }


def _in_flight() -> IdempotencyKeyInFlight:
    return IdempotencyKeyInFlight(
        "Another request with this Idempotency-Key is being processed; retry it."
    )


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
    found = {"caller": caller, "key": key}
    if key is not None:
        stored = session.execute(_FIND, found).first()
        if stored is not None:
            return _replay(stored, request_fingerprint)
    body = create().model_dump(mode="json")
    if key is not None:
        try:
            with session.begin_nested():
                session.execute(_KEEP, _kept(found, request_fingerprint, status_code, body))
        except IntegrityError as exc:
            raise _in_flight() from exc
    return JSONResponse(body, status_code=status_code)
