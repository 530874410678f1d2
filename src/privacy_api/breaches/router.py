"""Breach register endpoints (Art. 33, 34): staff with the `breaches` scope."""

from __future__ import annotations

from fastapi import Response

from privacy_api.breaches import approval, authority, notices, service
from privacy_api.breaches.models import Breach, BreachSubjectNotice
from privacy_api.breaches.schemas import (
    AffectedRead,
    AssessmentRead,
    AuthorityNotification,
    AuthorityNotificationRead,
    BreachCreate,
    BreachRead,
    BreachUpdate,
    MailPreview,
    NoticeDecision,
    NoticeRefusal,
    NoticeText,
    Status,
    SubjectNoticeRead,
    SubjectNoticeReport,
    SubjectNotification,
)
from privacy_api.core.data.session import DbSession
from privacy_api.core.http.errors import Responses
from privacy_api.core.http.idempotency import Idempotent
from privacy_api.core.http.pagination import (
    Cursor,
    Limit,
    Page,
    decode_time_text_cursor,
    encode_cursor,
)
from privacy_api.core.http.request import Context
from privacy_api.core.http.routing import api_router
from privacy_api.core.http.types import OpaqueIdPath
from privacy_api.core.security.auth import Breaches
from privacy_api.core.time import clock
from privacy_api.register import service as register_service
from privacy_api.register.spec import RegisterSpec

router = api_router(tags=["breaches"])
_CONFLICT: Responses = {409: {"description": "Not possible in the breach's current status"}}

# Art. 33(3): the facts a notification must at least describe.
_FACTS = (
    "data_subject_categories",
    "data_categories",
    "approximate_subjects",
    "approximate_records",
    "likely_consequences",
    "measures",
)


def read(breach: Breach) -> BreachRead:
    utc = clock.as_utc
    assessment = None
    if breach.risk is not None and breach.assessed_at is not None:
        assessment = AssessmentRead(
            risk=breach.risk,
            reasoning=breach.risk_reasoning or "",
            assessed_at=utc(breach.assessed_at),
        )
    notified = None
    if breach.authority_notified_at is not None:
        notified = AuthorityNotificationRead(
            notified_at=utc(breach.authority_notified_at),
            recorded_at=utc(breach.authority_recorded_at) if breach.authority_recorded_at else None,
            earlier_reason=breach.authority_earlier_reason,
            reference=breach.authority_reference or "",
            delay_reasons=breach.authority_delay_reasons,
            late=utc(breach.authority_notified_at) > utc(breach.authority_due_at),
        )
    found = None
    if breach.affected_filter is not None and breach.affected_computed_at is not None:
        found = AffectedRead(
            filter=breach.affected_filter,
            subjects=breach.affected_subjects or 0,
            records=breach.affected_records or 0,
            computed_at=utc(breach.affected_computed_at),
        )
    return BreachRead(
        id=breach.id,
        status=breach.status,
        nature=breach.nature,
        data_subject_categories=breach.data_subject_categories,
        data_categories=breach.data_categories,
        approximate_subjects=breach.approximate_subjects,
        approximate_records=breach.approximate_records,
        likely_consequences=breach.likely_consequences,
        measures=breach.measures,
        contact_email=breach.contact_email,
        became_aware_at=utc(breach.became_aware_at),
        authority_due_at=utc(breach.authority_due_at),
        authority_overdue=service.authority_overdue(breach, clock.now()),
        assessment=assessment,
        authority_notification=notified,
        subjects_notified_at=utc(breach.subjects_notified_at)
        if breach.subjects_notified_at
        else None,
        affected=found,
        missing_facts=_missing_facts(breach),
        created_at=utc(breach.created_at),
        created_by=breach.created_by,
        updated_at=utc(breach.updated_at),
        closed_at=utc(breach.closed_at) if breach.closed_at else None,
    )


def _missing_facts(breach: Breach) -> list[str]:
    # Counted from the records, the numbers are known even if nobody typed them in.
    counted = ("approximate_subjects", "approximate_records") if breach.affected_filter else ()
    return [f for f in _FACTS if getattr(breach, f) in (None, []) and f not in counted]


@router.post("/breaches", status_code=201, response_model=BreachRead)
def record_breach(
    body: BreachCreate, session: DbSession, caller: Breaches, idempotent: Idempotent
) -> Response:
    """Document a personal-data breach (Art. 33(5)); the authority is due 72 hours after
    `became_aware_at` (Art. 33(1))."""
    spec = register_service.current_register(session).spec
    return idempotent.run(
        session,
        caller=caller.name,
        payload=body,
        create=lambda: read(service.record_breach(session, new=body, spec=spec, actor=caller.name)),
    )


@router.get("/breaches")
def list_breaches(
    session: DbSession,
    _caller: Breaches,
    response: Response,
    status: Status | None = None,
    overdue: bool = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[BreachRead]:
    """Breaches by authority deadline, soonest first; `overdue=true`: 72 hours passed
    without notifying the authority."""
    rows = service.list_breaches(
        session, status=status, overdue=overdue, after=decode_time_text_cursor(cursor), limit=limit
    )
    page = rows[:limit]
    response.headers["Cache-Control"] = "no-store"
    last = page[-1] if page else None
    return Page(
        items=[read(b) for b in page],
        next_cursor=encode_cursor([clock.as_utc(last.authority_due_at).isoformat(), last.id])
        if last is not None and len(rows) > limit
        else None,
    )


@router.get("/breaches/{breach_id}")
def get_breach(
    breach_id: OpaqueIdPath, session: DbSession, _caller: Breaches, response: Response
) -> BreachRead:
    """One breach as documented (Art. 33(5))."""
    response.headers["Cache-Control"] = "no-store"
    return read(service.get_breach(session, breach_id))


@router.patch("/breaches/{breach_id}", responses={422: {}, **_CONFLICT})
def update_breach(
    breach_id: OpaqueIdPath, body: BreachUpdate, session: DbSession, caller: Breaches
) -> BreachRead:
    """New facts (Art. 33(4)), the affected people, the risk assessment, or closing."""
    spec = register_service.current_register(session).spec
    return read(
        service.update_breach(
            session, breach_id=breach_id, change=body, spec=spec, actor=caller.name
        )
    )


@router.post("/breaches/{breach_id}/notify-authority", responses={422: {}, **_CONFLICT})
def notify_authority(
    breach_id: OpaqueIdPath, body: AuthorityNotification, session: DbSession, caller: Breaches
) -> BreachRead:
    """Record the notification to the supervisory authority (Art. 33(1)) at the time of this
    call (an earlier `notified_at` only with its `reason`); after the 72 hours only with
    `delay_reasons`."""
    return read(
        authority.notify_authority(
            session, breach_id=breach_id, notification=body, actor=caller.name
        )
    )


def notice_read(
    session: DbSession, breach: Breach, notice: BreachSubjectNotice, spec: RegisterSpec
) -> SubjectNoticeRead:
    """A notice as the approver reads it: its text, the very mail, whom it would reach."""
    utc = clock.as_utc
    shown = notices.preview(breach, approval.notification_of(notice), spec)
    waiting = notice.status == "pending"
    return SubjectNoticeRead(
        id=notice.id,
        breach_id=notice.breach_id,
        status=notice.status,
        message={lang: NoticeText.model_validate(text) for lang, text in notice.message.items()},
        preview={lang: MailPreview(subject=sub, body=body) for lang, (sub, body) in shown.items()},
        untold=service.untold_people(session, breach) if waiting else None,
        requested_by=notice.requested_by,
        requested_at=utc(notice.requested_at),
        decided_by=notice.decided_by,
        decided_at=utc(notice.decided_at) if notice.decided_at else None,
        refusal_reason=notice.refusal_reason,
        mailed=notice.mailed,
    )


_NOTICE: Responses = {
    403: {"description": "The key that drafted the notice cannot decide on it"},
    **_CONFLICT,
}


@router.post(
    "/breaches/{breach_id}/notify-subjects", status_code=202, responses={422: {}, **_CONFLICT}
)
def notify_subjects(
    breach_id: OpaqueIdPath,
    body: SubjectNotification,
    session: DbSession,
    caller: Breaches,
    context: Context,
) -> SubjectNoticeRead:
    """Draft the notice to the people reached by a high-risk breach (Art. 34): nothing is
    sent until another key with `breaches` approves it; links only to this service."""
    spec = register_service.current_register(session).spec
    notice = approval.request_notice(
        session,
        breach_id=breach_id,
        notification=body,
        base_url=context.settings.public_base_url,
        actor=caller.name,
    )
    return notice_read(session, service.get_breach(session, breach_id), notice, spec)


@router.get("/breaches/{breach_id}/subject-notice")
def get_subject_notice(
    breach_id: OpaqueIdPath, session: DbSession, _caller: Breaches, response: Response
) -> SubjectNoticeRead:
    """The breach's latest notice to the people: pending, approved, refused or replaced."""
    breach = service.get_breach(session, breach_id)
    notice = approval.latest(session, breach.id)
    if notice is None:
        raise approval.NoticeNotFound(f"Breach {breach_id!r} has no notice to the people yet.")
    response.headers["Cache-Control"] = "no-store"
    return notice_read(session, breach, notice, register_service.current_register(session).spec)


@router.post("/breaches/{breach_id}/subject-notice/approve", responses={422: {}, **_NOTICE})
def approve_subject_notice(
    breach_id: OpaqueIdPath,
    body: NoticeDecision,
    session: DbSession,
    caller: Breaches,
    context: Context,
) -> SubjectNoticeReport:
    """A second key approves the notice it read (by its id): it is mailed now to the people
    not yet told, and the properties' systems hear of it (Art. 34)."""
    spec = register_service.current_register(session).spec
    done = approval.approve_notice(
        session,
        breach_id=breach_id,
        notice_id=body.notice_id,
        spec=spec,
        base_url=context.settings.public_base_url,
        actor=caller.name,
    )
    counts = done.counts
    return SubjectNoticeReport(
        breach=read(done.breach),
        notice=notice_read(session, done.breach, done.notice, spec),
        mailed=counts.mailed,
        already_told=counts.already_told,
        without_address=counts.without_address,
        erased=counts.erased,
        systems_notified=counts.systems_notified,
    )


@router.post("/breaches/{breach_id}/subject-notice/refuse", responses={422: {}, **_NOTICE})
def refuse_subject_notice(
    breach_id: OpaqueIdPath, body: NoticeRefusal, session: DbSession, caller: Breaches
) -> SubjectNoticeRead:
    """A second key refuses the notice, with its reason; nothing is sent."""
    notice = approval.refuse_notice(
        session,
        breach_id=breach_id,
        notice_id=body.notice_id,
        reason=body.reason,
        actor=caller.name,
    )
    spec = register_service.current_register(session).spec
    return notice_read(session, service.get_breach(session, breach_id), notice, spec)
