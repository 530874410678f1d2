"""Operations on the outbox: messages given up after their last attempt (admin)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Path, Query, Response
from pydantic import BaseModel

from privacy_api.core.data.session import DbSession
from privacy_api.core.http.idempotency import Idempotent
from privacy_api.core.http.pagination import Cursor, Limit, Page, decode_int_cursor, encode_cursor
from privacy_api.core.http.routing import api_router
from privacy_api.core.security.auth import Admin
from privacy_api.outbox import dead

router = api_router(tags=["outbox"])

MessageId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The outbox message's id")]


class RetryQueued(BaseModel):
    id: int
    status: Literal["queued"] = "queued"
    previous_attempts: int
    last_error: str | None


@router.get("/outbox")
def list_outbox(
    session: DbSession,
    _caller: Admin,
    status: Annotated[Literal["dead"], Query(description="Only `dead` is listed")],
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[dead.DeadMessage]:
    """Messages given up after their last attempt (mail: recipient masked; webhooks: the
    system), with the reason of the last failure; never their text."""
    rows = dead.list_dead(session, after_id=decode_int_cursor(cursor), limit=limit + 1)
    page = rows[:limit]
    return Page(
        items=page,
        next_cursor=encode_cursor([page[-1].id]) if len(rows) > limit else None,
    )


@router.post("/outbox/{message_id}/retry", response_model=RetryQueued)
def retry_outbox_message(
    message_id: MessageId, session: DbSession, caller: Admin, idempotent: Idempotent
) -> Response:
    """A new round of attempts for a given-up message (409 when it is not given up)."""

    def retry() -> RetryQueued:
        shown = dead.retry_dead(session, message_id=message_id, actor=caller.name)
        return RetryQueued(
            id=shown.id, previous_attempts=shown.attempts, last_error=shown.last_error
        )

    return idempotent.run(session, caller=caller.name, payload=None, create=retry, status_code=200)
