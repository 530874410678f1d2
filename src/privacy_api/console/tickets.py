"""One request on the console: its page, and the actions staff take on it.

Each action is the service call the API makes for it (dsar.service, rights.service), with
the same validation (the API's own body schemas) and the signed-in key's name as actor.
"""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import Path, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from privacy_api.console import pages, ticket_view
from privacy_api.console.session import Operator
from privacy_api.core.http.errors import ProblemError
from privacy_api.core.http.request import AppContext
from privacy_api.core.time import clock
from privacy_api.downstream import orders
from privacy_api.dsar import approval as approval_view
from privacy_api.dsar import codes, deadlines, queue, reads, service
from privacy_api.dsar.schemas import (
    AddressApproval,
    AddressRefusal,
    Assignment,
    NoteCreate,
    ReasonBody,
    complaint_route,
)
from privacy_api.policy import service as policy_service
from privacy_api.rights import addresses, fulfil_rule, transfer
from privacy_api.rights import router as rights_router
from privacy_api.rights import service as rights
from privacy_api.rights.preview import erasure_preview

TicketId = Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
Action = Literal[
    "assign",
    "note",
    "extend",
    "reject",
    "fulfil",
    "close",
    "approve-address",
    "refuse-address",
    "recipient",
]
DONE: dict[str, str] = {
    "assign": "The request is assigned.",
    "note": "The note is added.",
    "extend": "The deadline is extended by two months; the person is told why.",
    "reject": "The request is rejected; the person is told why and where to complain.",
    "fulfil": "",  # worded by _done() from the status it left
    "close": "The request is completed with your reason.",
    "approve-address": "The other address is approved: the request may send to it.",
    "refuse-address": "The other address is refused: only the address on record is used.",
    "recipient": "The organisation is sent its single-use link; the person is told.",
}
_PACKAGE_TYPES = ("access", "portability")


def query_with(filters: dict[str, Any], **extra: Any) -> str:
    """The queue's query string for these filters (a link keeps them across pages)."""
    kept = {k: v for k, v in {**filters, **extra}.items() if v not in ("", None, False)}
    return urlencode({k: "true" if v is True else v for k, v in kept.items()})


def _context(request: Request) -> AppContext:
    context: AppContext = request.app.state.context
    return context


def _fulfilment(session: Session, context: AppContext) -> rights.Fulfilment:
    spec, policy_version = policy_service.in_force(session)
    return rights.Fulfilment(
        spec=spec,
        policy_version=policy_version,
        keys=context.keys,
        public_base_url=context.settings.public_base_url,
        mailing=codes.mailing(context.settings, context.keys, spec),
    )


def _preview(context: AppContext, ticket_id: str) -> dict[str, Any] | None:
    """What fulfilling an erasure would do now; None for other requests or closed ones."""
    with context.db.transaction(write=False) as session:
        ticket = service.get_ticket(session, ticket_id)
        spec, _ = policy_service.in_force(session)
        wanted = ticket.type == "erasure" and fulfil_rule.fulfil_refusal(ticket) is None
        subject_id, lang = ticket.subject_id, ticket.lang
    if not wanted or subject_id is None:
        return None
    # Its own transaction, rolled back; before the page's, which SQLite would have locked.
    return erasure_preview(context.db, subject_id=subject_id, spec=spec, lang=lang)


def show(
    request: Request,
    op: Operator,
    ticket_id: str,
    *,
    done: str = "",
    error: str | None = None,
    status: int = 200,
) -> Response:
    context = _context(request)
    try:
        preview = _preview(context, ticket_id)
    except service.TicketNotFound as exc:
        return pages.refused(request, op, exc.detail, 404)
    except ProblemError as exc:
        # The subject is gone or the ticket no longer fits it: fulfil will say why.
        error = error or f"No erasure preview: {exc.detail}"
        preview = None
    try:
        with context.db.transaction() as session:
            ticket, events, notes = reads.read_detail(session, ticket_id=ticket_id, actor=op.name)
            spec, _ = policy_service.in_force(session)
            waiting = orders.open_orders(session, ticket_id)
            approval = (
                approval_view.what_is_approved(session, ticket) if ticket.address_differs else None
            )
    except service.TicketNotFound as exc:
        return pages.refused(request, op, exc.detail, 404)
    first_month_ends = deadlines.due_date(clock.as_utc(ticket.received_at))
    # What the page offers is what the services would accept now (their own rules).
    extension = service.extension_refusal(ticket)
    cannot_fulfil = fulfil_rule.fulfil_refusal(ticket)
    recipient = transfer.recipient_of(ticket) if ticket.type == "portability" else None
    return pages.render(
        request,
        "ticket.html.j2",
        op=op,
        section="queue",
        status=status,
        notice=_done(done, ticket),
        error=error,
        ticket=ticket,
        urgency=queue.urgency(ticket, clock.now()),
        status_note=_status_note(ticket, len(waiting)),
        details=ticket_view.detail_rows(ticket.details, spec),
        outcome=ticket_view.outcome(ticket.result, spec) if ticket.result else None,
        result=ticket_view.result_rows(ticket.result),
        result_stores=ticket_view.stores(ticket.result or {}, spec),
        result_kept=ticket_view.kept(ticket.result or {}, spec),
        result_empty=ticket_view.empty_stores(ticket.result or {}, spec),
        events=events,
        notes=notes,
        waiting=waiting,
        approval=approval,
        may_approve=approval is not None
        and ticket.address_decision is None
        and service.allows("reject", ticket.status),
        own_link=ticket.created_by == op.name,
        preview=preview,
        preview_stores=ticket_view.stores(preview or {}, spec),
        preview_kept=ticket_view.kept(preview or {}, spec),
        preview_empty=ticket_view.empty_stores(preview or {}, spec),
        first_month_ends=first_month_ends,
        extended_due=deadlines.extended_due_date(clock.as_utc(ticket.due_at)),
        may_assign=service.allows("assign", ticket.status) and cannot_fulfil is None,
        may_fulfil=cannot_fulfil is None,
        cannot_fulfil=cannot_fulfil,
        may_close=service.allows("complete", ticket.status)
        and (bool(waiting) or fulfil_rule.carried_out(ticket)),
        may_extend=service.allows("extend", ticket.status) and extension is None,
        extension_refused=extension.detail if extension is not None else None,
        may_reject=service.allows("reject", ticket.status),
        may_note=service.allows("note", ticket.status),
        recipient=recipient,
        may_confirm_recipient=recipient is not None and transfer.recipient_refusal(ticket) is None,
        has_package=ticket.type in _PACKAGE_TYPES and ticket.subject_id is not None,
        authority=complaint_route(spec, ticket.lang).supervisory_authority,
    )


def _done(action: str, ticket: Any) -> str | None:
    """What the action just taken did, in words that agree with the one status shown."""
    if action != "fulfil":
        return DONE.get(action)
    if ticket.status == "completed":
        return "Done: the request is completed and the person is told what was done."
    if fulfil_rule.carried_out(ticket):
        return "Done here: the request completes when every system confirms (see its status)."
    return "Done: the request waits for the step its status names."


def _status_note(ticket: Any, waiting: int) -> str:
    """The one status in words: what it means for this request now."""
    if ticket.status == "pending_verification":
        return "waiting for the person's code"
    if codes.awaiting_new_address(ticket):
        return "waiting for the owner of the new address to enter their code"
    if fulfil_rule.carried_out(ticket):
        if waiting:
            return f"carried out here; completes when {waiting} system(s) confirm theirs"
        return "carried out here; completes once staff complete it with a reason"
    if ticket.status == "open":
        return "verified; nobody has taken it on yet"
    if ticket.status == "in_progress":
        return "taken on; not carried out yet"
    if ticket.status == "completed":
        return "answered: the person is told what was done"
    return "closed without being carried out"


def _checked(schema: type[BaseModel], **fields: str) -> Any:
    return schema.model_validate(fields)


def _carry_out(
    session: Session,
    context: AppContext,
    op: Operator,
    ticket_id: str,
    action: Action,
    form: dict[str, str],
) -> None:
    actor = op.name
    if action == "assign":
        body = _checked(Assignment, assignee=form["assignee"].strip() or actor)
        service.assign(session, ticket_id=ticket_id, assignee=body.assignee, actor=actor)
    elif action == "note":
        note = _checked(NoteCreate, text=form["text"])
        service.add_note(session, ticket_id=ticket_id, text=note.text, actor=actor)
    elif action in ("extend", "reject"):
        reason = _checked(ReasonBody, reason=form["reason"].strip()).reason
        spec, _ = policy_service.in_force(session)
        change = service.extend if action == "extend" else service.reject
        links = service.StatusLinks(context.keys.tokens, context.settings.public_base_url)
        change(session, ticket_id=ticket_id, reason=reason, actor=actor, spec=spec, links=links)
    elif action in ("approve-address", "refuse-address"):
        if action == "approve-address":
            shown = _checked(AddressApproval, email=form["email"].strip()).email
            addresses.decide(
                session, ticket_id=ticket_id, actor=actor, approve=True, shown=str(shown)
            )
        else:
            given = form["reason"].strip()
            refusal = AddressRefusal.model_validate({"reason": given} if given else {})
            addresses.decide(
                session, ticket_id=ticket_id, actor=actor, approve=False, reason=refusal.reason
            )
    elif action == "recipient":  # Art. 20(2): the organisation the person named
        ctx = _fulfilment(session, context)
        transfer.confirm_recipient(session, ticket_id=ticket_id, actor=actor, ctx=ctx)
    elif action == "fulfil":
        rights.fulfil(session, ticket_id=ticket_id, actor=actor, ctx=_fulfilment(session, context))
    else:
        reason = _checked(ReasonBody, reason=form["reason"].strip()).reason
        ctx = _fulfilment(session, context)
        rights.close(session, ticket_id=ticket_id, reason=reason, actor=actor, ctx=ctx)


def _first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or "form"
    return f"{field}: {first['msg']}"


def act(
    request: Request, op: Operator, ticket_id: str, action: Action, form: dict[str, str]
) -> Response:
    """Carry out one action; on a refusal, the page again with the service's reason."""
    context = _context(request)
    try:
        with context.db.transaction() as session:
            _carry_out(session, context, op, ticket_id, action, form)
    except ValidationError as exc:
        return show(request, op, ticket_id, error=_first_error(exc), status=422)
    except service.TicketNotFound as exc:
        return pages.refused(request, op, exc.detail, 404)
    except ProblemError as exc:
        return show(request, op, ticket_id, error=exc.detail, status=exc.status)
    return RedirectResponse(f"/console/tickets/{ticket_id}?done={action}", status_code=303)


def package(request: Request, op: Operator, ticket_id: str) -> Response:
    """The access or portability package, as GET /v1/dsar/{id}/package gives staff."""
    context = _context(request)
    try:
        with context.db.transaction(write=False) as session:
            return rights_router.request_package(ticket_id, session, op.caller, context, request)
    except ProblemError as exc:
        return pages.refused(request, op, exc.detail, exc.status)
