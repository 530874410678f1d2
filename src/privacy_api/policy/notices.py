"""Notices of a material change to the people who accepted an earlier version (policy §5).

Queued in the publication's transaction as outbox mail, each recorded as a notification so
the pending list shrinks and a retried publication tells nobody twice.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_api.core.time import clock
from privacy_api.outbox import service as outbox
from privacy_api.policy.models import PolicyAcceptance, PolicyNotification, PolicyVersion
from privacy_api.policy.render import Lang
from privacy_api.register.spec import RegisterSpec
from privacy_api.subjects.models import Subject


def subject_lang(subject: Subject) -> Lang:
    """The language the subject's property reported; the policy's own default (pl) if none."""
    lang = (subject.attributes or {}).get("lang")
    return "en" if lang == "en" else "pl"


def queue_notices(
    session: Session,
    version: PolicyVersion,
    spec: RegisterSpec,
    *,
    public_base_url: str,
    actor: str,
) -> int:
    """Mail everyone who accepted an earlier version and can be reached; count them."""
    told = select(PolicyNotification.subject_id).where(
        PolicyNotification.version == version.version
    )
    earlier = select(PolicyVersion.version).where(PolicyVersion.id < version.id)
    subjects = session.scalars(
        select(Subject)
        .where(
            Subject.erased_at.is_(None),
            Subject.email.is_not(None),
            Subject.subject_id.in_(
                select(PolicyAcceptance.subject_id).where(
                    PolicyAcceptance.version.in_(earlier), PolicyAcceptance.kind == "accepted"
                )
            ),
            Subject.subject_id.not_in(told),
        )
        .order_by(Subject.subject_id)
    ).all()
    now = clock.now()
    changelog = version.changelog
    base = public_base_url.rstrip("/")
    for subject in subjects:
        assert subject.email is not None
        lang = subject_lang(subject)
        outbox.enqueue_mail(
            session,
            to=subject.email,
            template="policy_changed",
            lang=lang,
            reference=f"policy/{version.version}",
            version=version.version,
            changes=changelog[lang],
            policy_url=f"{base}/v1/policy?lang={lang}&version={version.version}",
            controller=spec.controller.name,
            controller_email=spec.controller.email,
        )
        session.add(
            PolicyNotification(
                subject_id=subject.subject_id,
                version=version.version,
                notified_at=now,
                notified_by=actor,
            )
        )
    session.flush()
    return len(subjects)
