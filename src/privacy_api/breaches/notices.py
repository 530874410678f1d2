"""Art. 34 notices to the people a breach reached, and notices to the downstream systems
of the properties concerned: queued in the outbox, each recipient recorded, so a repeated
call tells only those not yet told."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, exists, func, insert, select
from sqlalchemy.orm import Session

from privacy_api.breaches import affected, service
from privacy_api.breaches.models import Breach, BreachNotice
from privacy_api.breaches.schemas import AffectedFilter, SubjectNotification
from privacy_api.core import clock
from privacy_api.core.errors import Conflict
from privacy_api.dsar.models import DsarTicket
from privacy_api.outbox import service as outbox
from privacy_api.register.spec import RegisterSpec
from privacy_api.rights.models import DownstreamSystem
from privacy_api.subjects.models import Subject

# Subjects read, mailed and recorded per round: memory stays flat however many were reached.
PAGE = 500


class AffectedUnknown(Conflict):
    slug, title = "breach-affected-unknown", "Who the breach reached is not known yet"


class SubjectNoticeNotRequired(Conflict):
    slug, title = "breach-notice-not-required", "The people are told of high-risk breaches"


@dataclass
class NoticeCounts:
    mailed: int = 0
    already_told: int = 0
    without_address: int = 0
    erased: int = 0
    systems_notified: int = 0


def notify_subjects(
    session: Session,
    *,
    breach_id: str,
    notification: SubjectNotification,
    spec: RegisterSpec,
    actor: str,
) -> tuple[Breach, NoticeCounts]:
    """Art. 34(1): a breach likely to result in a high risk is told to the people it
    reached, in their language and plain words (34(2)); and the properties' systems hear
    of it. The breach row is locked: two calls at once tell nobody twice."""
    breach = service.get_breach(session, breach_id, lock=True)
    service.check_step(breach, "notify_subjects")
    if breach.risk != "high_risk":
        raise SubjectNoticeNotRequired(
            "Art. 34(1) notices are for a breach assessed 'high_risk'; reassess it first."
        )
    if breach.affected_filter is None:
        raise AffectedUnknown("Set `affected` (PATCH) before notifying the people concerned.")
    wanted = AffectedFilter.model_validate(breach.affected_filter)
    reached = Subject.subject_id.in_(affected.subject_ids(wanted))
    counts = NoticeCounts(
        already_told=_count(session, reached, _told(breach.id, "subject")),
        without_address=_count(
            session, reached, Subject.erased_at.is_(None), Subject.email.is_(None)
        ),
        erased=_count(session, reached, Subject.erased_at.is_not(None)),
    )
    counts.mailed = _mail_people(session, breach, reached, notification, spec)
    counts.systems_notified = _tell_systems(session, breach, wanted, spec)
    service.step(
        session,
        breach,
        "notify_subjects",
        actor=actor,
        details={
            "mailed": counts.mailed,
            "already_told": counts.already_told,
            "without_address": counts.without_address,
            "erased": counts.erased,
            "systems_notified": counts.systems_notified,
        },
    )
    if breach.subjects_notified_at is None:
        breach.subjects_notified_at = clock.now()
    return breach, counts


def _told(breach_id: str, kind: str) -> ColumnElement[bool]:
    return exists().where(
        BreachNotice.breach_id == breach_id,
        BreachNotice.recipient_kind == kind,
        BreachNotice.recipient_id == Subject.subject_id,
    )


def _count(session: Session, *conditions: ColumnElement[bool]) -> int:
    return int(session.scalar(select(func.count()).select_from(Subject).where(*conditions)) or 0)


def _mail_people(
    session: Session,
    breach: Breach,
    reached: ColumnElement[bool],
    notification: SubjectNotification,
    spec: RegisterSpec,
) -> int:
    # An erased person is not written to: the erasure was their wish, and the address is gone.
    asked_in = (
        select(DsarTicket.lang)
        .where(DsarTicket.subject_id == Subject.subject_id)
        .order_by(DsarTicket.received_at.desc())
        .limit(1)
        .correlate(Subject)
        .scalar_subquery()
    )
    base = (
        select(Subject.subject_id, Subject.email, Subject.attributes, asked_in)
        .where(
            reached,
            Subject.erased_at.is_(None),
            Subject.email.is_not(None),
            ~_told(breach.id, "subject"),
        )
        .order_by(Subject.subject_id)
        .limit(PAGE)
    )
    mailed, after = 0, ""
    while True:
        rows = session.execute(base.where(Subject.subject_id > after)).all()
        if not rows:
            return mailed
        notices, messages = [], []
        for subject_id, email, attributes, ticket_lang in rows:
            lang = _language(attributes, ticket_lang)
            messages.append(_letter(breach, email, lang, notification, spec))
            notices.append(_notice(breach.id, "subject", subject_id, lang))
        session.execute(outbox.INSERT_MESSAGE, messages)
        session.execute(insert(BreachNotice), notices)
        mailed += len(rows)
        after = rows[-1][0]


def _language(attributes: dict[str, Any] | None, ticket_lang: str | None) -> str:
    """The language the property reported for the person, else the one they last asked us
    in, else the policy's own (pl): as the policy notices and the rights mails choose."""
    reported = (attributes or {}).get("lang")
    if reported in ("pl", "en"):
        return str(reported)
    return "en" if ticket_lang == "en" else "pl"


def _notice(breach_id: str, kind: str, recipient_id: str, lang: str | None) -> dict[str, Any]:
    return {
        "breach_id": breach_id,
        "recipient_kind": kind,
        "recipient_id": recipient_id,
        "lang": lang,
        "notified_at": clock.now(),
    }


def _letter(
    breach: Breach, to: str, lang: str, notification: SubjectNotification, spec: RegisterSpec
) -> dict[str, Any]:
    text = notification.message["pl" if lang == "pl" else "en"]
    return outbox.mail(
        to=to,
        template="breach_notice",
        lang=lang,
        reference=f"breach/{breach.id}",
        what_happened=text.what_happened,
        what_it_means=text.what_it_means,
        what_we_did=text.what_we_did,
        categories=[spec.category_title(c, lang) for c in _categories(breach)],
        contact_title=spec.contact_point.title.of(lang),
        contact_email=breach.contact_email,
        controller=spec.controller.name,
        controller_address=spec.controller.postal_address.of(lang),
    )


def _categories(breach: Breach) -> list[str]:
    if breach.data_categories:
        return list(breach.data_categories)
    return list((breach.affected_filter or {}).get("categories") or [])


def _tell_systems(
    session: Session, breach: Breach, wanted: AffectedFilter, spec: RegisterSpec
) -> int:
    """A signed notice to each system of a property concerned, once: they receive data of
    the people reached and must know (Art. 33(2) for the customers we process for)."""
    properties = set(wanted.properties) or {
        p for key in wanted.activities for p in spec.activities_by_key[key].properties
    }
    told = select(BreachNotice.recipient_id).where(
        BreachNotice.breach_id == breach.id, BreachNotice.recipient_kind == "system"
    )
    systems = session.scalars(
        select(DownstreamSystem)
        .where(DownstreamSystem.property.in_(properties), DownstreamSystem.id.not_in(told))
        .order_by(DownstreamSystem.name)
    ).all()
    for system in systems:
        notice_id = f"bnt_{uuid.uuid4().hex[:24]}"
        outbox.enqueue_webhook(
            session,
            url=system.webhook_url,
            body=_system_body(breach, notice_id, system.property),
            headers={"webhook-id": notice_id, "system-id": system.id},
            reference=f"breach/{breach.id}",
        )
        session.execute(insert(BreachNotice), [_notice(breach.id, "system", system.id, None)])
    return len(systems)


def _system_body(breach: Breach, notice_id: str, property_: str) -> str:
    """The facts, the counts and the contact; never who was reached (data minimisation)."""
    return json.dumps(
        {
            "type": "privacy.breach",
            "notice_id": notice_id,
            "breach_id": breach.id,
            "property": property_,
            "issued_at": clock.now().isoformat(),
            "data": {
                "nature": breach.nature,
                "became_aware_at": clock.as_utc(breach.became_aware_at).isoformat(),
                "data_categories": _categories(breach),
                "likely_consequences": breach.likely_consequences,
                "measures": breach.measures,
                "risk": breach.risk,
                "affected_subjects": breach.affected_subjects,
                "affected_records": breach.affected_records,
                "contact_email": breach.contact_email,
            },
        },
        separators=(",", ":"),
        sort_keys=True,
    )
