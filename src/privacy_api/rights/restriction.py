"""Art. 18(3): the person who obtained a restriction is told before it is lifted."""

from __future__ import annotations

from sqlalchemy.orm import Session

from privacy_api.dsar import service as dsar
from privacy_api.outbox import service as outbox
from privacy_api.register.complaint import complaint_sentences
from privacy_api.register.spec import RegisterSpec
from privacy_api.rights import service
from privacy_api.subjects import service as subjects
from privacy_api.subjects.models import Subject


def lift_restriction(
    session: Session, *, subject_id: str, actor: str, spec: RegisterSpec
) -> Subject:
    """Queue the notice to the person, then lift and tell the systems, in one transaction:
    the mail leaves after the commit, before any system acts on the lifting order (the
    outbox delivers mail and webhooks alike, and the notice is queued first)."""
    subject = subjects.subject_for_write(session, subject_id, changes_row=True)
    if subject.restricted_at is not None and subject.email:
        lang = dsar.person_lang(session, subject_id)
        authority = spec.controller.supervisory_authority
        outbox.enqueue_mail(
            session,
            to=subject.email,
            template="restriction_lifted",
            lang=lang,
            reference=f"subject/{subject_id}",
            restricted_on=subject.restricted_at.date().isoformat(),
            controller=spec.controller.name,
            controller_email=spec.controller.email,
            authority=getattr(authority.name, lang),
            authority_address=getattr(authority.postal_address, lang),
            authority_url=authority.url,
            complaint=complaint_sentences(spec, lang),
        )
    return service.lift_restriction(session, subject_id=subject_id, actor=actor)
