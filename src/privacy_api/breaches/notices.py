"""Art. 34 notices to the people a breach reached, and notices to the downstream systems
of the properties concerned: queued in the outbox, each recipient recorded, so a repeated
call tells only those not yet told."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, String, bindparam, exists, func, insert, select
from sqlalchemy.orm import Session

from privacy_api.breaches import affected, service, systems
from privacy_api.breaches.models import Breach, BreachNotice
from privacy_api.breaches.schemas import AffectedFilter, SubjectNotification
from privacy_api.core.http.errors import Conflict
from privacy_api.core.time import clock
from privacy_api.dsar.models import DsarTicket
from privacy_api.outbox import service as outbox
from privacy_api.records.models import Record
from privacy_api.register.spec import RegisterSpec
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


def check_allowed(breach: Breach) -> AffectedFilter:
    """What an Art. 34 notice needs of its breach, at drafting and again at approval: the
    step allowed, a high risk, and the people known (their filter, returned)."""
    service.check_step(breach, "notify_subjects")
    if breach.risk != "high_risk":
        raise SubjectNoticeNotRequired(
            "Art. 34(1) notices are for a breach assessed 'high_risk'; reassess it first."
        )
    if breach.affected_filter is None:
        raise AffectedUnknown("Set `affected` (PATCH) before notifying the people concerned.")
    return AffectedFilter.model_validate(breach.affected_filter)


def send(
    session: Session,
    breach: Breach,
    *,
    notification: SubjectNotification,
    spec: RegisterSpec,
    actor: str,
    details: dict[str, Any],
) -> NoticeCounts:
    """Art. 34(1): a breach likely to result in a high risk is told to the people it
    reached, in their language and plain words (34(2)); and the properties' systems hear
    of it. Called only with an approved notice, the breach row locked by the caller: two
    approvals at once tell nobody twice."""
    wanted = check_allowed(breach)
    reached = Subject.subject_id.in_(affected.subject_ids(wanted))
    counts = NoticeCounts(
        already_told=_count(session, reached, _told(breach.id, "subject")),
        without_address=_count(
            session, reached, Subject.erased_at.is_(None), Subject.email.is_(None)
        ),
        erased=_count(session, reached, Subject.erased_at.is_not(None)),
    )
    counts.mailed = _mail_people(session, breach, wanted, notification, spec)
    counts.systems_notified = systems.tell(session, breach)
    service.step(
        session,
        breach,
        "notify_subjects",
        actor=actor,
        details={
            **details,
            "mailed": counts.mailed,
            "already_told": counts.already_told,
            "without_address": counts.without_address,
            "erased": counts.erased,
            "systems_notified": counts.systems_notified,
        },
    )
    if breach.subjects_notified_at is None:
        breach.subjects_notified_at = clock.now()
    return counts


def preview(
    breach: Breach, notification: SubjectNotification, spec: RegisterSpec
) -> dict[str, tuple[str, str]]:
    """The mail each language's readers get, (subject, body), exactly as it will be sent:
    what the second key reads before approving (nothing in it is personal)."""
    return {
        lang: outbox.render_mail(
            "breach_notice", lang, **_context(breach, lang, notification, spec)
        )
        for lang in ("pl", "en")
    }


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
    wanted: AffectedFilter,
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
    # Each round takes the next PAGE people from the records themselves, in id order, so
    # it reads only the records of that id range (index on subject_id): a round never
    # re-reads, sorts or de-duplicates the whole affected set again.
    after = bindparam("after", type_=String())
    next_people = (
        select(Record.subject_id)
        .where(affected.matching(wanted), Record.subject_id > after)
        .distinct()
        .order_by(Record.subject_id)
        .limit(PAGE)
    )
    ids = bindparam("ids", expanding=True, type_=String())
    base = (
        select(Subject.subject_id, Subject.email, Subject.attributes, asked_in)
        .where(
            Subject.subject_id.in_(ids),
            Subject.erased_at.is_(None),
            Subject.email.is_not(None),
            ~_told(breach.id, "subject"),
        )
        .order_by(Subject.subject_id)
        # PostgreSQL: FOR KEY SHARE, as every write for a subject takes it: an erasure in
        # progress (FOR UPDATE) is waited for and its person, erased now, left out; one
        # that starts later waits for these notices and purges them with the rest.
        .with_for_update(read=True, key_share=True, of=Subject)
    )
    mailed, last = 0, ""
    while True:
        page = list(session.scalars(next_people, {"after": last}))
        if not page:
            return mailed
        last = str(page[-1])
        rows = session.execute(base, {"ids": page}).all()
        if not rows:
            continue
        notices, messages = [], []
        for subject_id, email, attributes, ticket_lang in rows:
            lang = _language(attributes, ticket_lang)
            messages.append(_letter(breach, email, lang, notification, spec))
            notices.append(systems.notice_row(breach.id, "subject", subject_id, lang))
        session.execute(outbox.INSERT_MESSAGE, messages)
        session.execute(insert(BreachNotice), notices)
        mailed += len(rows)


def _language(attributes: dict[str, Any] | None, ticket_lang: str | None) -> str:
    """The language the property reported for the person, else the one they last asked us
    in, else the policy's own (pl): as the policy notices and the rights mails choose."""
    reported = (attributes or {}).get("lang")
    if reported in ("pl", "en"):
        return str(reported)
    return "en" if ticket_lang == "en" else "pl"


def _context(
    breach: Breach, lang: str, notification: SubjectNotification, spec: RegisterSpec
) -> dict[str, Any]:
    text = notification.message["pl" if lang == "pl" else "en"]
    return {
        "what_happened": text.what_happened,
        "what_it_means": text.what_it_means,
        "what_we_did": text.what_we_did,
        "categories": [spec.category_title(c, lang) for c in systems.categories(breach)],
        "contact_title": spec.contact_point.title.of(lang),
        "contact_email": breach.contact_email,
        "controller": spec.controller.name,
        "controller_address": spec.controller.postal_address.of(lang),
    }


def _letter(
    breach: Breach, to: str, lang: str, notification: SubjectNotification, spec: RegisterSpec
) -> dict[str, Any]:
    return outbox.mail(
        to=to,
        template="breach_notice",
        lang=lang,
        reference=f"breach/{breach.id}",
        **_context(breach, lang, notification, spec),
    )
