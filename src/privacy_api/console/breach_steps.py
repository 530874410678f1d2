"""The console's breach steps: each form parsed into the API's own body schema and handed
to the breaches service as the API hands it (assess, notify the authority, draft, approve
or refuse the notice to the people, close); the service decides and audits."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy.orm import Session

from privacy_api.breaches import approval, authority, service
from privacy_api.breaches.schemas import (
    AuthorityNotification,
    BreachUpdate,
    NoticeDecision,
    NoticeRefusal,
    SubjectNotification,
)
from privacy_api.console.session import Operator
from privacy_api.register import service as register_service

Action = Literal[
    "assess", "notify-authority", "notify-subjects", "approve-notice", "refuse-notice", "close"
]
NOTICE_PARTS = ("what_happened", "what_it_means", "what_we_did")


def instant(text: str) -> str | None:
    """A `datetime-local` field, which the form labels UTC, as an instant with its offset."""
    text = text.strip()
    return f"{text}+00:00" if text else None


def carry_out(
    session: Session,
    op: Operator,
    breach_id: str,
    action: Action,
    form: dict[str, str],
    base_url: str,
) -> int | None:
    """One step through the service, as the API takes it; the number mailed, if any."""
    spec = register_service.current_register(session).spec
    if action == "assess":
        change = BreachUpdate.model_validate(
            {"assessment": {"risk": form["risk"], "reasoning": form["reasoning"]}}
        )
        service.update_breach(session, breach_id=breach_id, change=change, spec=spec, actor=op.name)
    elif action == "close":
        change = BreachUpdate.model_validate({"status": "closed"})
        service.update_breach(session, breach_id=breach_id, change=change, spec=spec, actor=op.name)
    elif action == "notify-authority":
        body: dict[str, Any] = {"reference": form["reference"].strip()}
        if form["notified_at"].strip():
            body["notified_at"] = instant(form["notified_at"])
        if form["earlier_reason"].strip():
            body["reason"] = form["earlier_reason"].strip()
        if form["delay_reasons"].strip():
            body["delay_reasons"] = form["delay_reasons"].strip()
        notification = AuthorityNotification.model_validate(body)
        authority.notify_authority(
            session, breach_id=breach_id, notification=notification, actor=op.name
        )
    elif action == "notify-subjects":
        message = {
            lang: {part: form[f"{lang}_{part}"] for part in NOTICE_PARTS} for lang in ("pl", "en")
        }
        approval.request_notice(
            session,
            breach_id=breach_id,
            notification=SubjectNotification.model_validate({"message": message}),
            base_url=base_url,
            actor=op.name,
        )
    elif action == "approve-notice":
        decision = NoticeDecision.model_validate({"notice_id": form["notice_id"]})
        done = approval.approve_notice(
            session,
            breach_id=breach_id,
            notice_id=decision.notice_id,
            spec=spec,
            base_url=base_url,
            actor=op.name,
        )
        return done.counts.mailed
    else:
        refusal = NoticeRefusal.model_validate(
            {"notice_id": form["notice_id"], "reason": form["refusal_reason"]}
        )
        approval.refuse_notice(
            session,
            breach_id=breach_id,
            notice_id=refusal.notice_id,
            reason=refusal.reason,
            actor=op.name,
        )
    return None
