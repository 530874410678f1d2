"""Rights request endpoints: intake, verification, the operations view, the lifecycle."""

from __future__ import annotations

import re

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from privacy_api.core.data.session import AuditedSession, DbSession
from privacy_api.core.http.errors import Responses, problem_of
from privacy_api.core.http.fastlane import FallThrough, Lane, json_body, validated
from privacy_api.core.http.idempotency import Idempotent, IdempotentRequest
from privacy_api.core.http.pagination import (
    Cursor,
    Limit,
    Page,
    decode_time_text_cursor,
    encode_cursor,
)
from privacy_api.core.http.request import AppContext, Context
from privacy_api.core.http.routing import api_router
from privacy_api.core.http.types import OpaqueIdPath, Timestamp
from privacy_api.core.security.auth import DsarManage, DsarSubmit, bearer_of
from privacy_api.dsar import approval, codes, intake, reads, service
from privacy_api.dsar.limits import IntakeLimits
from privacy_api.dsar.schemas import (
    Assignment,
    Channel,
    DsarCreate,
    DsarDetail,
    DsarEventRead,
    DsarRead,
    DsarRejection,
    DsarStats,
    DsarType,
    NoteCreate,
    NoteRead,
    ReasonBody,
    Status,
    VerificationCode,
    complaint_route,
)
from privacy_api.register import service as register_service
from privacy_api.register.spec import Property, RegisterSpec

router = api_router(tags=["dsar"])
_CONFLICT: Responses = {409: {"description": "Not possible in the request's current status"}}


def _mailing(context: AppContext, spec: RegisterSpec) -> service.Mailing:
    return codes.mailing(context.settings, context.keys, spec)


def _read(ticket: object) -> DsarRead:
    return DsarRead.model_validate(ticket)


_LIMITED: Responses = {429: {"description": "Too many requests (see Retry-After)"}}


@router.post("/dsar", status_code=201, response_model=DsarRead, responses=_LIMITED)
async def open_request(
    body: DsarCreate,
    request: Request,
    caller: DsarSubmit,
    context: Context,
    idempotent: Idempotent,
) -> Response:
    """Take in a rights request (policy §3); due one calendar month after receipt (12(3))."""
    in_force = await request.app.state.live_register.get(context.hot)
    mailing = _mailing(context, in_force.spec)
    limits = IntakeLimits.of(context.settings)
    matched = intake.Matched()
    async with context.hot.single() as counter:
        await intake.count_attempt(
            counter, new=body, actor=caller.name, mailing=mailing, limits=limits
        )
    async with context.hot.begin() as conn:
        return await idempotent.run_now(
            conn,
            caller=caller.name,
            payload=body,
            create=lambda: intake.open_request(
                conn,
                new=body,
                actor=caller.name,
                may_verify=caller.may("dsar:manage"),
                mailing=mailing,
                matched=matched,
            ),
            about=lambda: matched.subject_id,
        )


_DSAR_PATH = re.compile(r"/v1/dsar")
_SUBMITTER = bearer_of(DsarSubmit)


async def _lane_open_request(request: Request, _match: re.Match[str]) -> Response:
    if "idempotency-key" in request.headers:
        raise FallThrough  # the header's own checks are the route's
    data = await json_body(request)  # as FastAPI: an unreadable body is 4xx before the key
    caller = await _SUBMITTER(request)
    body = validated(DsarCreate, data)
    idempotent = IdempotentRequest(key=None, method="POST", path=request.url.path)
    return await open_request(body, request, caller, request.app.state.context, idempotent)


# Every channel's intake: see core/http/fastlane.py.
FAST_LANES = (Lane("POST", _DSAR_PATH, open_request, _lane_open_request),)


@router.post(
    "/dsar/{ticket_id}/verify",
    response_model=DsarRead,
    responses={410: {}, 422: {}, **_CONFLICT, **_LIMITED},
)
def verify_request(
    ticket_id: OpaqueIdPath,
    body: VerificationCode,
    session: DbSession,
    caller: DsarSubmit,
    context: Context,
) -> Response:
    """The one-time code from the verification e-mail (Art. 12(6))."""
    mailing = _mailing(context, register_service.current_register(session).spec)
    staff = caller.may("dsar:manage")
    ticket, outcome = codes.check_code(
        session,
        ticket_id=ticket_id,
        code=body.code,
        actor=caller.name,
        staff=staff,
        mailing=mailing,
    )
    # Returned rather than raised: the failed attempt must be committed with the answer.
    refused = codes.refusal(outcome, ticket, mailing)
    if refused is not None:
        return problem_of(refused)
    return JSONResponse(service.read_for(ticket, staff=staff).model_dump(mode="json"))


@router.post("/dsar/{ticket_id}/resend", responses={**_CONFLICT, **_LIMITED})
def resend_code(
    ticket_id: OpaqueIdPath, session: DbSession, caller: DsarSubmit, context: Context
) -> DsarRead:
    """A new code; the old one stops working. Limited in number and spaced in time; after
    too many wrong codes only staff (dsar:manage) can send one."""
    staff = caller.may("dsar:manage")
    ticket = codes.resend_code(
        session,
        ticket_id=ticket_id,
        actor=caller.name,
        staff=staff,
        mailing=_mailing(context, register_service.current_register(session).spec),
    )
    return service.read_for(ticket, staff=staff)


@router.get("/dsar")
def list_requests(
    session: AuditedSession,
    caller: DsarManage,
    response: Response,
    status: Status | None = None,
    type: DsarType | None = None,
    channel: Channel | None = None,
    property: Property | None = None,
    overdue: bool = False,
    due_before: Timestamp | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[DsarRead]:
    """Requests by deadline, soonest first; `overdue=true` shows what is late."""
    after = decode_time_text_cursor(cursor)
    rows = reads.list_tickets(
        session,
        status=status,
        type_=type,
        channel=channel,
        property_=property,
        overdue=overdue,
        due_before=due_before,
        after=after,
        limit=limit,
        actor=caller.name,
    )
    page = rows[:limit]
    response.headers["Cache-Control"] = "no-store"
    last = page[-1] if page else None
    return Page(
        items=[_read(t) for t in page],
        next_cursor=encode_cursor([last.due_at.isoformat(), last.id])
        if last is not None and len(rows) > limit
        else None,
    )


@router.get("/dsar/stats")
def request_stats(session: DbSession, _caller: DsarManage) -> DsarStats:
    """Open requests by type, how many are overdue, and the median days to completion."""
    open_by_type, overdue, median = reads.stats(session)
    return DsarStats(open_by_type=open_by_type, overdue=overdue, median_days_to_completion=median)


@router.get("/dsar/{ticket_id}")
def get_request(
    ticket_id: OpaqueIdPath, session: AuditedSession, caller: DsarManage, response: Response
) -> DsarDetail:
    """One request with its whole history and notes (audited)."""
    ticket, events, notes = reads.read_detail(session, ticket_id=ticket_id, actor=caller.name)
    response.headers["Cache-Control"] = "no-store"
    check = approval.what_is_approved(session, ticket) if ticket.address_differs else None
    return DsarDetail(
        **_read(ticket).model_dump(),
        history=[DsarEventRead.model_validate(e) for e in events],
        notes=[NoteRead.model_validate(n) for n in notes],
        address_check=check,
    )


@router.post("/dsar/{ticket_id}/assign", responses=_CONFLICT)
def assign_request(
    ticket_id: OpaqueIdPath, body: Assignment, session: DbSession, caller: DsarManage
) -> DsarRead:
    """Give the request to an operator; it is then in progress."""
    return _read(
        service.assign(session, ticket_id=ticket_id, assignee=body.assignee, actor=caller.name)
    )


@router.post("/dsar/{ticket_id}/notes", status_code=201, response_model=NoteRead)
def add_note(
    ticket_id: OpaqueIdPath,
    body: NoteCreate,
    session: DbSession,
    caller: DsarManage,
    idempotent: Idempotent,
) -> Response:
    """An internal note on the request; a retry with the same Idempotency-Key adds none."""
    return idempotent.run(
        session,
        caller=caller.name,
        payload=body,
        create=lambda: NoteRead.model_validate(
            service.add_note(session, ticket_id=ticket_id, text=body.text, actor=caller.name)
        ),
    )


@router.post("/dsar/{ticket_id}/extend", responses=_CONFLICT)
def extend_request(
    ticket_id: OpaqueIdPath,
    body: ReasonBody,
    session: DbSession,
    caller: DsarManage,
    context: Context,
) -> DsarRead:
    """Extend once by two months (Art. 12(3)); the person is told why by e-mail."""
    spec = register_service.current_register(session).spec
    return _read(
        service.extend(
            session,
            ticket_id=ticket_id,
            reason=body.reason,
            actor=caller.name,
            spec=spec,
            links=_mailing(context, spec).links,
        )
    )


@router.post("/dsar/{ticket_id}/reject", responses=_CONFLICT)
def reject_request(
    ticket_id: OpaqueIdPath,
    body: ReasonBody,
    session: DbSession,
    caller: DsarManage,
    context: Context,
) -> DsarRejection:
    """Refuse with reasons; the answer and the e-mail name the supervisory authority and
    the right to complain (Art. 77)."""
    spec = register_service.current_register(session).spec
    ticket = service.reject(
        session,
        ticket_id=ticket_id,
        reason=body.reason,
        actor=caller.name,
        spec=spec,
        links=_mailing(context, spec).links,
    )
    return DsarRejection(**_read(ticket).model_dump(), complaint=complaint_route(spec, ticket.lang))
