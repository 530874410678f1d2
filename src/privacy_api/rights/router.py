"""Rights endpoints: export, erasure, restriction, objection, downstream systems and orders."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select

from privacy_api.audit import service as audit
from privacy_api.core.data.session import DbSession
from privacy_api.core.http.errors import Responses, Unauthorized, problem_of
from privacy_api.core.http.idempotency import Idempotent
from privacy_api.core.http.request import AppContext, Context
from privacy_api.core.http.routing import api_router
from privacy_api.core.http.streaming import ThreadedStreamingResponse
from privacy_api.core.http.types import OpaqueIdPath
from privacy_api.core.security import tokens
from privacy_api.core.security.auth import DsarManage, DsarSubmit, Erase, Export
from privacy_api.downstream import systems
from privacy_api.downstream.models import DownstreamOrder
from privacy_api.downstream.schemas import OrderAck
from privacy_api.dsar import codes
from privacy_api.dsar import service as dsar
from privacy_api.dsar.schemas import DsarRead, ReasonBody, VerificationCode
from privacy_api.policy import service as policy_service
from privacy_api.register import service as register_service
from privacy_api.register.schemas import ActivityKeyPath
from privacy_api.rights import addresses, binding, email_change, objections, restriction, service
from privacy_api.rights.export import Scope, export_slot, stream_package
from privacy_api.rights.schemas import (
    ErasureResult,
    ObjectionCreate,
    ObjectionDecision,
    ObjectionRead,
    RestrictionCreate,
    RestrictionRead,
)
from privacy_api.subjects import service as subjects
from privacy_api.subjects.schemas import SubjectIdPath

router = api_router(tags=["rights"])
_ZIP: Responses = {
    200: {"content": {"application/zip": {}}, "description": "A ZIP streamed as written"}
}
_system_secret = HTTPBearer(
    auto_error=False,
    scheme_name="SystemSigningSecret",
    description="The downstream system's signing secret (whsec_...)",
)


def _fulfilment(session: DbSession, context: Context) -> service.Fulfilment:
    spec, policy_version = policy_service.in_force(session)
    return service.Fulfilment(
        spec=spec,
        policy_version=policy_version,
        keys=context.keys,
        public_base_url=context.settings.public_base_url,
        mailing=codes.mailing(context.settings, context.keys, spec),
    )


FulfilmentContext = Annotated[service.Fulfilment, Depends(_fulfilment)]


def _zip(
    context: AppContext,
    session: DbSession,
    *,
    subject_id: str,
    scope: Scope,
    actor: str,
    target: str,
    lang: str,
) -> ThreadedStreamingResponse:
    register = register_service.current_register(session)
    subjects.living_subject(session, subject_id)
    slot = export_slot(context.exports)  # before anything is recorded: 503 hands out nothing
    try:
        # Written by its own transaction: the stream outlives the request's session.
        with context.db.transaction() as audit_session:
            audit.append_entry(
                audit_session,
                actor=actor,
                action=f"subject.{scope}_package",
                target=target,
                subject_id=subject_id,
            )
    except BaseException:
        slot.release()  # no response will give it back
        raise
    stream = stream_package(
        context.db,
        subject_id=subject_id,
        spec=register.spec,
        register_version=register.version,
        scope=scope,
        lang="pl" if lang == "pl" else "en",
    )
    name = f"{subject_id}-{scope}.zip".replace("/", "_")
    return ThreadedStreamingResponse(
        stream,
        max_seconds=context.settings.export_max_seconds,
        slot=slot,
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/subjects/{subject_id}/export", response_class=StreamingResponse, responses=_ZIP)
def export_subject(
    subject_id: SubjectIdPath,
    session: DbSession,
    caller: Export,
    context: Context,
    lang: Literal["pl", "en"] | None = Query(
        default=None, description="The package's language; default the person's last request's"
    ),
) -> StreamingResponse:
    """Everything held about the subject as a ZIP with a SHA-256 manifest (Art. 15, 20)."""
    return _zip(
        context,
        session,
        subject_id=subject_id,
        scope="export",
        actor=caller.name,
        target=f"subject/{subject_id}",
        lang=lang or dsar.person_lang(session, subject_id),
    )


@router.delete("/subjects/{subject_id}")
def erase_subject(
    subject_id: SubjectIdPath, session: DbSession, caller: Erase, ctx: FulfilmentContext
) -> ErasureResult:
    """Art. 17: erase or anonymise per the register; report what was kept, why, until when."""
    summary = service.erase(session, subject_id=subject_id, actor=caller.name, ctx=ctx)
    session.flush()
    issued = session.scalars(
        select(DownstreamOrder.id).where(
            DownstreamOrder.subject_id == subject_id, DownstreamOrder.kind == "erasure"
        )
    ).all()
    return ErasureResult(subject_id=subject_id, orders=len(issued), **summary)


@router.post("/subjects/{subject_id}/restriction", status_code=201, response_model=RestrictionRead)
def restrict(
    subject_id: SubjectIdPath,
    body: RestrictionCreate,
    session: DbSession,
    caller: DsarManage,
    idempotent: Idempotent,
) -> Response:
    """Art. 18: only storage until lifted; every registered system is told (Art. 19)."""

    def create() -> RestrictionRead:
        subject = service.restrict(
            session, subject_id=subject_id, reason=body.reason, actor=caller.name
        )
        assert subject.restricted_at is not None
        return RestrictionRead(subject_id=subject.subject_id, restricted_at=subject.restricted_at)

    return idempotent.run(session, caller=caller.name, payload=body, create=create)


@router.delete("/subjects/{subject_id}/restriction")
def lift_restriction(
    subject_id: SubjectIdPath, session: DbSession, caller: DsarManage, ctx: FulfilmentContext
) -> dict[str, str]:
    """Lift a restriction: the person is mailed first (Art. 18(3)), the systems told."""
    restriction.lift_restriction(session, subject_id=subject_id, actor=caller.name, spec=ctx.spec)
    return {"subject_id": subject_id, "restricted_at": "null"}


@router.post("/subjects/{subject_id}/objections", status_code=201, response_model=ObjectionRead)
def object_to(
    subject_id: SubjectIdPath,
    body: ObjectionCreate,
    session: DbSession,
    caller: DsarManage,
    ctx: FulfilmentContext,
    idempotent: Idempotent,
) -> Response:
    """Art. 21: marketing stops at once (21(3)); other activities await a decision."""
    return idempotent.run(
        session,
        caller=caller.name,
        payload=body,
        create=lambda: ObjectionRead.model_validate(
            objections.object_to(
                session, subject_id=subject_id, activity=body.activity, actor=caller.name, ctx=ctx
            )
        ),
    )


@router.post("/subjects/{subject_id}/objections/{activity}/decision")
def decide_objection(
    subject_id: SubjectIdPath,
    activity: ActivityKeyPath,
    body: ObjectionDecision,
    session: DbSession,
    caller: DsarManage,
    ctx: FulfilmentContext,
) -> ObjectionRead:
    """Uphold, or refuse with the overriding interest written down and sent to the person."""
    return ObjectionRead.model_validate(
        objections.decide_objection(
            session,
            subject_id=subject_id,
            activity=activity,
            uphold=body.uphold,
            reason=body.reason,
            actor=caller.name,
            spec=ctx.spec,
        )
    )


@router.post("/orders/{order_id}/ack")
def acknowledge_order(
    order_id: OpaqueIdPath,
    body: OrderAck,
    session: DbSession,
    ctx: FulfilmentContext,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_system_secret)],
) -> dict[str, str]:
    """A system reports an order carried out (or failed); the last one completes the ticket."""
    if credentials is None:
        raise Unauthorized(
            "Send the system's signing secret as 'Authorization: Bearer ...'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    order = systems.authenticated_order(
        session, ctx.keys, order_id=order_id, presented=credentials.credentials
    )
    service.acknowledge_order(
        session, order_id=order_id, done=body.status == "done", detail=body.detail, ctx=ctx
    )
    return {"order_id": order_id, "status": order.status}


@router.post("/dsar/{ticket_id}/fulfil")
def fulfil_request(
    ticket_id: OpaqueIdPath, session: DbSession, caller: DsarManage, ctx: FulfilmentContext
) -> DsarRead:
    """Carry out the request for its type, here and in every registered system."""
    return DsarRead.model_validate(
        service.fulfil(session, ticket_id=ticket_id, actor=caller.name, ctx=ctx)
    )


@router.post("/dsar/{ticket_id}/close")
def close_request(
    ticket_id: OpaqueIdPath,
    body: ReasonBody,
    session: DbSession,
    caller: DsarManage,
    ctx: FulfilmentContext,
) -> DsarRead:
    """Complete a request whose systems cannot all acknowledge, with the reason written down."""
    service.close(session, ticket_id=ticket_id, reason=body.reason, actor=caller.name, ctx=ctx)
    return DsarRead.model_validate(dsar.get_ticket(session, ticket_id))


@router.post(
    "/dsar/{ticket_id}/confirm-email",
    response_model=DsarRead,
    responses={
        410: {},
        422: {},
        409: {"description": "No new address awaits a code"},
        429: {"description": "Too many codes tried for the address (see Retry-After)"},
    },
)
def confirm_email(
    ticket_id: OpaqueIdPath,
    body: VerificationCode,
    session: DbSession,
    caller: DsarSubmit,
    ctx: FulfilmentContext,
) -> Response:
    """The code mailed to the new address of a rectification (Art. 16): only then does the
    address change; the old address is told."""
    staff = caller.may("dsar:manage")
    ticket, outcome = email_change.confirm_address(
        session, ticket_id=ticket_id, code=body.code, actor=caller.name, staff=staff, ctx=ctx
    )
    assert ctx.mailing is not None
    # Returned rather than raised: the failed attempt must be committed with the answer.
    refused = codes.refusal(outcome, ticket, ctx.mailing)
    if refused is not None:
        return problem_of(refused)
    return JSONResponse(dsar.read_for(ticket, staff=staff).model_dump(mode="json"))


@router.get("/dsar/package", response_class=StreamingResponse, responses=_ZIP)
def download_package(
    session: DbSession, context: Context, token: str = Query(max_length=2000)
) -> StreamingResponse:
    """The person's package, from the expiring link in the completion e-mail."""
    claims = tokens.verify(context.keys.tokens, token, purpose=service.PACKAGE)
    ticket = binding.package_ticket(session, str(claims["ticket"]), staff=False)
    lookup = context.keys.email_lookup
    addresses.check_download(session, ticket, claims.get("to"), lookup_key=lookup)
    assert ticket.subject_id is not None
    return _zip(
        context,
        session,
        subject_id=ticket.subject_id,
        scope=_scope(ticket.type),
        actor="public:package-link",
        target=f"dsar/{ticket.id}",
        lang=ticket.lang,
    )


@router.get("/dsar/{ticket_id}/package", response_class=StreamingResponse, responses=_ZIP)
def request_package(
    ticket_id: OpaqueIdPath,
    session: DbSession,
    caller: DsarManage,
    context: Context,
    request: Request,
) -> StreamingResponse:
    """The access or portability package of a request (ZIP); staff may preview it before
    the request is completed."""
    ticket = binding.package_ticket(session, ticket_id, staff=True)
    assert ticket.subject_id is not None
    return _zip(
        context,
        session,
        subject_id=ticket.subject_id,
        scope=_scope(ticket.type),
        actor=caller.name,
        target=f"dsar/{ticket.id}",
        lang=ticket.lang,
    )


def _scope(ticket_type: str) -> Scope:
    return "portability" if ticket_type == "portability" else "access"
