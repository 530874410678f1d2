"""Four eyes on Art. 34 notices: one key with `breaches` drafts the notice, another one
approves (or refuses) the very text before anything is mailed (issue 28, finding 2).

One key alone could otherwise mail any text to everyone a breach reached, from the
privacy address. The approver decides on a notice by its id, so a draft replaced after it
was read is not approved unseen; and on the people it was drafted for, so a filter widened
after the drafting voids it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.breaches import links, notices, service
from privacy_api.breaches.models import Breach, BreachSubjectNotice
from privacy_api.breaches.schemas import SubjectNotification
from privacy_api.core.http.errors import Conflict, Forbidden, NotFound
from privacy_api.core.time import clock
from privacy_api.register.spec import RegisterSpec


class NoticeNeedsSecondKey(Forbidden):
    slug, title = (
        "breach-notice-needs-second-key",
        "A notice is decided by another key than the one that drafted it",
    )


class NoticeNotFound(NotFound):
    slug, title = "breach-notice-not-found", "No such notice for this breach"


class NoticeNotPending(Conflict):
    slug, title = "breach-notice-not-pending", "The notice is not waiting for a decision"


class AffectedChanged(Conflict):
    slug, title = "breach-notice-affected-changed", "Who the breach reached changed since"


@dataclass(frozen=True)
class Approved:
    breach: Breach
    notice: BreachSubjectNotice
    counts: notices.NoticeCounts


def pending(session: Session, breach_id: str) -> BreachSubjectNotice | None:
    return session.scalars(
        select(BreachSubjectNotice).where(
            BreachSubjectNotice.breach_id == breach_id, BreachSubjectNotice.status == "pending"
        )
    ).first()


def awaiting(session: Session, breach_ids: list[str]) -> set[str]:
    """Of these breaches, those whose notice to the people waits for a second key."""
    return set(
        session.scalars(
            select(BreachSubjectNotice.breach_id).where(
                BreachSubjectNotice.breach_id.in_(breach_ids),
                BreachSubjectNotice.status == "pending",
            )
        )
    )


def latest(session: Session, breach_id: str) -> BreachSubjectNotice | None:
    return session.scalars(
        select(BreachSubjectNotice)
        .where(BreachSubjectNotice.breach_id == breach_id)
        .order_by(BreachSubjectNotice.requested_at.desc(), BreachSubjectNotice.id.desc())
        .limit(1)
    ).first()


def notification_of(notice: BreachSubjectNotice) -> SubjectNotification:
    return SubjectNotification.model_validate({"message": notice.message})


def _target(breach: Breach) -> str:
    return f"breach/{breach.id}"


def request_notice(
    session: Session,
    *,
    breach_id: str,
    notification: SubjectNotification,
    base_url: str,
    actor: str,
) -> BreachSubjectNotice:
    """Draft the notice: checked as it will be sent (the step, a high risk, the people
    known, its links), then kept for a second key. A pending draft is replaced."""
    breach = service.get_breach(session, breach_id, lock=True)
    notices.check_allowed(breach)
    links.check_notice(notification, base_url=base_url, contact_email=breach.contact_email)
    now = clock.now()
    replaced = pending(session, breach.id)
    if replaced is not None:
        replaced.status, replaced.decided_by, replaced.decided_at = "replaced", actor, now
    notice = BreachSubjectNotice(
        id=f"bsn_{uuid.uuid4().hex[:24]}",
        breach_id=breach.id,
        status="pending",
        message=notification.model_dump(mode="json")["message"],
        affected_filter=dict(breach.affected_filter or {}),
        requested_by=actor,
        requested_at=now,
    )
    session.add(notice)
    audit.append_entry(
        session,
        actor=actor,
        action="breach.subject_notice_requested",
        target=_target(breach),
        details={
            "notice": notice.id,
            "replaced": replaced.id if replaced is not None else None,
            "untold": service.untold_people(session, breach),
        },
    )
    return notice


def _decidable(session: Session, breach: Breach, notice_id: str, actor: str) -> BreachSubjectNotice:
    notice = session.get(BreachSubjectNotice, notice_id)
    if notice is None or notice.breach_id != breach.id:
        raise NoticeNotFound(f"Breach {breach.id!r} has no notice {notice_id!r}.")
    if notice.status != "pending":
        raise NoticeNotPending(
            f"Notice {notice_id!r} is {notice.status}; only a pending notice is decided."
        )
    if notice.requested_by == actor:
        raise NoticeNeedsSecondKey(
            f"Notice {notice_id!r} was drafted with the key {actor!r}: another key with the "
            "'breaches' scope approves or refuses it (four eyes on what the people are sent)."
        )
    return notice


def approve_notice(
    session: Session,
    *,
    breach_id: str,
    notice_id: str,
    spec: RegisterSpec,
    base_url: str,
    actor: str,
) -> Approved:
    """The second key's approval: the notice is mailed now, as drafted, to the people not
    yet told; the breach row stays locked until the mails are queued."""
    breach = service.get_breach(session, breach_id, lock=True)
    notice = _decidable(session, breach, notice_id, actor)
    notices.check_allowed(breach)
    if notice.affected_filter != breach.affected_filter:
        raise AffectedChanged(
            f"`affected` changed after notice {notice_id!r} was drafted: the people it would "
            "reach are not the ones it was written for. Draft it again (notify-subjects)."
        )
    notification = notification_of(notice)
    # Again: the service's own address may have changed since the draft.
    links.check_notice(notification, base_url=base_url, contact_email=breach.contact_email)
    now = clock.now()
    audit.append_entry(
        session,
        actor=actor,
        action="breach.subject_notice_approved",
        target=_target(breach),
        details={"notice": notice.id, "requested_by": notice.requested_by, "approved_by": actor},
    )
    counts = notices.send(
        session,
        breach,
        notification=notification,
        spec=spec,
        actor=actor,
        details={"notice": notice.id, "requested_by": notice.requested_by},
    )
    notice.status, notice.decided_by, notice.decided_at = "approved", actor, now
    notice.mailed = counts.mailed
    return Approved(breach, notice, counts)


def refuse_notice(
    session: Session, *, breach_id: str, notice_id: str, reason: str, actor: str
) -> BreachSubjectNotice:
    """The second key's refusal, with its reason (kept on the notice, named in the audit)."""
    breach = service.get_breach(session, breach_id, lock=True)
    notice = _decidable(session, breach, notice_id, actor)
    notice.status, notice.decided_by, notice.decided_at = "refused", actor, clock.now()
    notice.refusal_reason = reason
    audit.append_entry(
        session,
        actor=actor,
        action="breach.subject_notice_refused",
        target=_target(breach),
        details={"notice": notice.id, "requested_by": notice.requested_by, "refused_by": actor},
    )
    return notice
