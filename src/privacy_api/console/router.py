"""The console's door and its request queue: sign-in, sign-out, the queue, one request.

Thin views: every rule (deadlines, transitions, extension, rejection, fulfilment) is the
dsar and rights services', called exactly as the API calls them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from privacy_api.audit import service as audit
from privacy_api.console import pages, session, tickets
from privacy_api.console.pages import SignedIn
from privacy_api.core.data.session import AuditedSession, DbSession
from privacy_api.core.http.errors import ProblemError
from privacy_api.core.http.pagination import decode_time_text_cursor, encode_cursor
from privacy_api.core.http.ratelimit import RateLimiter
from privacy_api.core.security import apikeys
from privacy_api.core.time import clock
from privacy_api.dsar import queue, reads
from privacy_api.dsar.schemas import ACTIVE_STATUSES, Channel, DsarType, Status
from privacy_api.register import service as register_service
from privacy_api.register.spec import Property

router = APIRouter(prefix="/console", include_in_schema=False)

Field = Annotated[str, Form(max_length=5000)]
# Guessing keys through the form is bounded per client, on top of the keys' 256 bits.
SIGN_IN_TRIES_PER_MINUTE = 10
PAGE_SIZE = 50
STATUSES: tuple[str, ...] = (*ACTIVE_STATUSES, "completed", "rejected")
TYPES = ("access", "rectification", "erasure", "restriction", "portability", "objection")
CHANNELS = ("help_desk", "live_chat", "email", "app", "api")


def _limiter(request: Request) -> RateLimiter:
    state = request.app.state
    if not hasattr(state, "console_sign_in_limiter"):
        state.console_sign_in_limiter = RateLimiter(
            limit=SIGN_IN_TRIES_PER_MINUTE, window_seconds=60
        )
    limiter: RateLimiter = state.console_sign_in_limiter
    return limiter


@router.get("/console.css")
def console_stylesheet() -> Response:
    return Response(
        pages.stylesheet(), media_type="text/css", headers={"Cache-Control": "max-age=3600"}
    )


@router.get("/")
def home(op: SignedIn) -> Response:
    if op is None:
        return pages.to_sign_in()
    return RedirectResponse(pages.sections_for(op)[0].href, status_code=303)


@router.get("/sign-in")
def sign_in_page(request: Request, op: SignedIn) -> Response:
    if op is not None:
        return RedirectResponse("/console/", status_code=303)
    return pages.render(request, "sign_in.html.j2", op=None)


@router.post("/sign-in")
def sign_in(request: Request, db: DbSession, key: Field = "", csrf_token: Field = "") -> Response:
    def again(message: str, status: int) -> Response:
        return pages.render(request, "sign_in.html.j2", op=None, error=message, status=status)

    if not pages.sign_in_token_valid(request, csrf_token):
        return again("The form expired. Please sign in again.", 403)
    try:
        _limiter(request).hit(request.client.host if request.client else "unknown")
    except ProblemError:
        return again("Too many attempts. Wait a minute, then try again.", 429)
    caller = apikeys.lookup_caller(db, key.strip())
    key_id = apikeys.key_id_of(key.strip())
    if caller is None or key_id is None:
        return again("This API key is unknown or revoked.", 401)
    audit.append_entry(db, actor=caller.name, action="console.signed_in", target="console")
    response = RedirectResponse("/console/", status_code=303)
    session.issue(request, response, key_id)
    return response


@router.post("/sign-out")
def sign_out(request: Request, op: SignedIn, db: DbSession, csrf_token: Field = "") -> Response:
    refused = pages.post_gate(request, op, None, csrf_token)
    if refused is not None:
        return refused
    assert op is not None
    session.end(request, db, op)
    audit.append_entry(db, actor=op.name, action="console.signed_out", target="console")
    response = RedirectResponse(pages.SIGN_IN, status_code=303)
    session.clear(request, response)
    return response


@router.get("/queue")
def request_queue(
    request: Request,
    op: SignedIn,
    db: AuditedSession,
    status: Annotated[Status | Literal["active", "all"], Query()] = "active",
    type: DsarType | Literal[""] = "",
    channel: Channel | Literal[""] = "",
    property: Property | Literal[""] = "",
    overdue: bool = False,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Response:
    refused = pages.gate(request, op, "dsar:manage")
    if refused is not None:
        return refused
    assert op is not None
    now = clock.now()
    rows = reads.list_tickets(
        db,
        status=status if status not in ("active", "all") else None,
        active_only=status == "active",
        type_=type or None,
        channel=channel or None,
        property_=property or None,
        overdue=overdue,
        due_before=None,
        after=decode_time_text_cursor(cursor),
        limit=PAGE_SIZE,
        actor=op.name,
    )
    shown = rows[:PAGE_SIZE]
    filters = {
        "status": status,
        "type": type,
        "channel": channel,
        "property": property,
        "overdue": overdue,
    }
    next_cursor = (
        encode_cursor([shown[-1].due_at.isoformat(), shown[-1].id])
        if len(rows) > PAGE_SIZE
        else None
    )
    return pages.render(
        request,
        "queue.html.j2",
        op=op,
        section="queue",
        rows=[(t, queue.urgency(t, now)) for t in shown],
        counts=queue.queue_counts(db, now),
        filters=filters,
        statuses=STATUSES,
        active_statuses=ACTIVE_STATUSES,
        types=TYPES,
        channels=CHANNELS,
        # The register's properties, not a list of our own (policy facts live there once).
        properties=tuple(register_service.current_register(db).spec.properties),
        next_query=tickets.query_with(filters, cursor=next_cursor) if next_cursor else None,
        first_query=tickets.query_with(filters) if cursor else None,
    )


@router.get("/tickets/{ticket_id}")
def ticket_page(
    request: Request,
    op: SignedIn,
    ticket_id: Annotated[str, tickets.TicketId],
    done: Annotated[str, Query(max_length=32)] = "",
) -> Response:
    refused = pages.gate(request, op, "dsar:manage")
    if refused is not None:
        return refused
    assert op is not None
    return tickets.show(request, op, ticket_id, done=done)


@router.post("/tickets/{ticket_id}/{action}")
def ticket_action(
    request: Request,
    op: SignedIn,
    ticket_id: Annotated[str, tickets.TicketId],
    action: tickets.Action,
    csrf_token: Field = "",
    reason: Field = "",
    text: Field = "",
    assignee: Field = "",
    email: Field = "",
) -> Response:
    refused = pages.post_gate(request, op, "dsar:manage", csrf_token)
    if refused is not None:
        return refused
    assert op is not None
    form = {"reason": reason, "text": text, "assignee": assignee, "email": email}
    return tickets.act(request, op, ticket_id, action, form)


@router.get("/tickets/{ticket_id}/package")
def ticket_package(
    request: Request, op: SignedIn, ticket_id: Annotated[str, tickets.TicketId]
) -> Response:
    refused = pages.gate(request, op, "dsar:manage")
    if refused is not None:
        return refused
    assert op is not None
    return tickets.package(request, op, ticket_id)
