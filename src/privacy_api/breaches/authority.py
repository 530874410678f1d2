"""The notification to the supervisory authority (Art. 33(1)), on the server's clock.

The time the law judges is the time of the call that records it: a caller cannot make a
notification sent days late look timely by naming an earlier time. An earlier time (the
authority was told by phone, the register filled in later) is taken only with its reason,
and both times are kept, audited and shown (issue 28, finding 4)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from privacy_api.breaches import service, systems
from privacy_api.breaches.models import Breach
from privacy_api.breaches.schemas import AuthorityNotification
from privacy_api.core.http.errors import Unprocessable
from privacy_api.core.time import clock


class DelayReasonsRequired(Unprocessable):
    slug, title = "breach-delay-reasons-required", "A late notification needs its reasons"


class EarlierTimeNeedsReason(Unprocessable):
    slug, title = "breach-earlier-time-needs-reason", "An earlier notified_at needs its reason"


def notify_authority(
    session: Session, *, breach_id: str, notification: AuthorityNotification, actor: str
) -> Breach:
    """Art. 33(1): notified within 72 hours, or with the reasons for the delay."""
    breach = service.get_breach(session, breach_id, lock=True)
    service.check_step(breach, "notify_authority")  # a wrong step is named before a late one
    aware = clock.as_utc(breach.became_aware_at)
    now = clock.now()
    at, earlier_reason = now, None
    if notification.notified_at is not None:
        stated = service.check_past(notification.notified_at, "notified_at", not_before=aware)
        # Within the skew of another clock, "now" is the call itself: nothing to explain,
        # and the stored time is ours, not the one sent.
        if stated < now - service.FUTURE_SKEW:
            if notification.reason is None:
                raise EarlierTimeNeedsReason(
                    f"notified_at {stated.isoformat()} is earlier than this call "
                    f"({now.isoformat()}); give `reason` (e.g. the authority was told by "
                    "phone and the register filled in later), or leave notified_at out.",
                    recorded_at=now.isoformat(),
                )
            at, earlier_reason = stated, notification.reason
    if notification.reason is not None and earlier_reason is None:
        raise EarlierTimeNeedsReason(
            "`reason` explains a notified_at earlier than this call; none was given.",
            recorded_at=now.isoformat(),
        )
    due = clock.as_utc(breach.authority_due_at)
    late = at > due
    if late and notification.delay_reasons is None:
        raise DelayReasonsRequired(
            f"The authority was notified after the 72 hours ended at {due.isoformat()} "
            f"(judged at {at.isoformat()}); give delay_reasons (GDPR Art. 33(1)).",
            authority_due_at=due.isoformat(),
            judged_at=at.isoformat(),
        )
    # Art. 33(2): the systems of the properties reached hear of it now, whatever the risk.
    told = systems.tell(session, breach)
    service.step(
        session,
        breach,
        "notify_authority",
        actor=actor,
        details={
            "late": late,
            "notified_at": at.isoformat(),
            "recorded_at": now.isoformat(),
            "earlier_time": earlier_reason is not None,
            "delay_reasons": late,
            "systems_notified": told,
        },
    )
    breach.authority_notified_at, breach.authority_reference = at, notification.reference
    breach.authority_recorded_at, breach.authority_earlier_reason = now, earlier_reason
    breach.authority_delay_reasons = notification.delay_reasons if late else None
    return breach
