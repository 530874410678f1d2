"""Art. 21 objections: direct marketing stops at once, others await a written decision;
downstream systems hear of each step (Art. 19)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from privacy_api.consent import service as consent
from privacy_api.core.http.errors import Unprocessable
from privacy_api.downstream import notices
from privacy_api.dsar import service as dsar
from privacy_api.outbox import service as outbox
from privacy_api.register.complaint import complaint_sentences
from privacy_api.register.spec import RegisterSpec
from privacy_api.rights.summary import store_title
from privacy_api.subjects import service as subjects
from privacy_api.subjects.models import Objection

if TYPE_CHECKING:  # rights.service carries out objections through this module
    from privacy_api.rights.service import Fulfilment


class ObjectionNotApplicable(Unprocessable):
    slug, title = "objection-not-applicable", "Objection does not apply to this activity"


def object_to(
    session: Session, *, subject_id: str, activity: str, actor: str, ctx: Fulfilment
) -> Objection:
    """Art. 21: direct marketing stops at once (21(3)); other objections await a decision."""
    found = ctx.spec.activity(activity)
    if found is None or not found.objection_applies:
        raise ObjectionNotApplicable(f"Objection (Art. 21) does not apply to {activity!r}.")
    if activity == "marketing":
        objection = subjects.record_objection(
            session, subject_id=subject_id, activity=activity, status="upheld", actor=actor
        )
        _tell_systems(session, objection)
        consent.withdraw_marketing(
            session,
            subject_id=subject_id,
            spec=ctx.spec,
            policy_version=ctx.policy_version,
            actor=actor,
            kind="objection",
            source="app",
        )
        return objection
    objection = subjects.record_objection(
        session, subject_id=subject_id, activity=activity, status="pending", actor=actor
    )
    _tell_systems(session, objection)
    return objection


def _tell_systems(session: Session, objection: Objection) -> None:
    """Art. 21 and 19: a pending objection stops the activity too, so systems hear of it
    at once, and again when it is decided."""
    notices.send_notices(
        session,
        event="objection",
        subject_id=objection.subject_id,
        data={"activity": objection.activity, "status": objection.status},
    )


def decide_objection(
    session: Session,
    *,
    subject_id: str,
    activity: str,
    uphold: bool,
    reason: str | None,
    actor: str,
    spec: RegisterSpec,
) -> Objection:
    if not uphold and not reason:
        raise Unprocessable("Refusing an objection needs the overriding interest written down.")
    objection = subjects.record_objection(
        session,
        subject_id=subject_id,
        activity=activity,
        status="upheld" if uphold else "refused",
        actor=actor,
        reason=reason,
    )
    _tell_systems(session, objection)
    subject = subjects.get_subject(session, subject_id)
    if not uphold and subject.email:
        authority = spec.controller.supervisory_authority
        lang = dsar.person_lang(session, subject_id)
        outbox.enqueue_mail(
            session,
            to=subject.email,
            template="objection_refused",
            lang=lang,
            reference=f"objection/{subject_id}/{activity}",
            activity=store_title(spec, activity, lang),
            reason=reason,
            controller=spec.controller.name,
            controller_email=spec.controller.email,
            authority=authority.name.of(lang),
            authority_url=authority.url,
            complaint=complaint_sentences(spec, lang),
        )
    return objection
