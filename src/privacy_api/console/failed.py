"""What failed: the messages the outbox gave up on, and a retry for each.

A thin view over outbox.dead, the functions GET /v1/outbox?status=dead and
POST /v1/outbox/{id}/retry call: the same masking, the same rules, the same audit entry.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from privacy_api.console import pages
from privacy_api.console.pages import SignedIn
from privacy_api.console.session import Operator
from privacy_api.core.http.errors import ProblemError
from privacy_api.core.http.request import AppContext
from privacy_api.core.http.types import MAX_ROW_ID
from privacy_api.outbox import dead

router = APIRouter(prefix="/console", include_in_schema=False)

# Dead letters are an admin's: the API lists and retries them under the admin scope too.
SCOPE = "admin"
PAGE_SIZE = 100
MessageId = Path(ge=1, le=MAX_ROW_ID)


def _context(request: Request) -> AppContext:
    context: AppContext = request.app.state.context
    return context


def _page(
    request: Request,
    op: Operator,
    *,
    after: int | None = None,
    notice: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    with _context(request).db.transaction(write=False) as session:
        rows = dead.list_dead(session, after_id=after, limit=PAGE_SIZE + 1)
    shown = rows[:PAGE_SIZE]
    return pages.render(
        request,
        "failed.html.j2",
        op=op,
        section="failed",
        status=status,
        notice=notice,
        error=error,
        messages=shown,
        next_after=shown[-1].id if len(rows) > PAGE_SIZE else None,
        paged=after is not None,
    )


@router.get("/failed")
def failed(
    request: Request,
    op: SignedIn,
    after: Annotated[int | None, Query(ge=0, le=MAX_ROW_ID)] = None,
    retried: Annotated[int | None, Query(ge=1, le=MAX_ROW_ID)] = None,
) -> Response:
    refused = pages.gate(request, op, SCOPE)
    if refused is not None:
        return refused
    assert op is not None
    notice = (
        f"Message {retried} is queued again: the outbox tries it from now on, "
        "with a fresh round of attempts."
        if retried is not None
        else None
    )
    return _page(request, op, after=after, notice=notice)


@router.post("/failed/{message_id}/retry")
def retry(
    request: Request,
    op: SignedIn,
    message_id: Annotated[int, MessageId],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    refused = pages.post_gate(request, op, SCOPE, csrf_token)
    if refused is not None:
        return refused
    assert op is not None
    try:
        with _context(request).db.transaction() as session:
            dead.retry_dead(session, message_id=message_id, actor=op.name)
    except ProblemError as exc:
        # Already retried (a double click, another operator), purged, or unknown: say so.
        return _page(request, op, error=exc.detail, status=exc.status)
    return RedirectResponse(f"/console/failed?retried={message_id}", status_code=303)
