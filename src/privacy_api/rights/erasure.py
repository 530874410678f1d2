"""Art. 17 erasure: per the register's rule for each activity, keeping what law requires."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    delete,
    func,
    not_,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.consent.models import ConsentEvent, ConsentState
from privacy_api.consent.service import linked_holders
from privacy_api.core.data.db import rowcount
from privacy_api.core.http import idempotency
from privacy_api.core.time import clock
from privacy_api.dsar.deadlines import add_months
from privacy_api.records.models import Record
from privacy_api.register.spec import RegisterSpec
from privacy_api.rights.own_data import erase_own_data
from privacy_api.subjects import service as subjects
from privacy_api.subjects.models import Subject

# Bulk statements without session sync: the ORM would fetch every affected key back.
_NO_SYNC = {"synchronize_session": False}


@dataclass(frozen=True)
class Retained:
    activity: str
    category: str
    records: int
    reason: str
    until: datetime | None
    # Exactly which fields each kept row still holds (the answer says it, issue 28).
    holds: tuple[str, ...] = ()


# A record kept under a statutory hold is kept whole: that is what the law asks for.
HELD_RECORD = ("id", "subject_id", "activity", "category", "property", "data", "occurred_at")
# A consent proof without the network and device details it carried.
CONSENT_PROOF = (
    "holder",
    "kind",
    "purposes",
    "changes",
    "at",
    "source",
    "policy_version",
    "banner_version",
    "gpc",
    "actor",
)


@dataclass
class ErasureReport:
    subject_id: str
    erased: dict[str, int] = field(default_factory=dict)
    anonymised: dict[str, int] = field(default_factory=dict)
    retained: list[Retained] = field(default_factory=list)
    already_erased: bool = False
    closed_requests: list[str] = field(default_factory=list)

    @property
    def nothing_left(self) -> bool:
        return not self.erased and not self.anonymised


def _keep_held(
    session: Session, spec: RegisterSpec, subject_id: str, now: datetime, lang: str
) -> tuple[list[Retained], list[ColumnElement[bool]]]:
    """What a statutory hold keeps (and until when), and the SQL that spares it."""
    retained: list[Retained] = []
    spared: list[ColumnElement[bool]] = []
    for activity in spec.activities:
        hold = spec.retention_of(activity).hold
        if hold is None:
            continue
        held = and_(
            Record.activity == activity.key,
            Record.category.in_(hold.categories),
            Record.occurred_at > add_months(now, -12 * hold.years),
        )
        spared.append(held)
        for category, count, latest in session.execute(
            select(Record.category, func.count(), func.max(Record.occurred_at))
            .where(Record.subject_id == subject_id, held)
            .group_by(Record.category)
        ):
            retained.append(
                Retained(
                    activity.key,
                    category,
                    int(count),
                    getattr(hold.reason, lang),
                    add_months(latest, 12 * hold.years),
                    HELD_RECORD,
                )
            )
    return retained, spared


def erase_subject(
    session: Session,
    *,
    subject_id: str,
    spec: RegisterSpec,
    actor: str,
    lang: str = "en",
    answering: str | None = None,
) -> ErasureReport:
    """Erase or anonymise every record per its activity's rule; tombstone the subject.

    Idempotent: a second call finds nothing left and says so.
    """
    subject = session.get(Subject, subject_id, with_for_update=True)
    if subject is None:
        raise subjects.SubjectNotFound(f"No data subject has the id {subject_id!r}.")
    now = clock.now()
    report = ErasureReport(subject_id=subject_id, already_erased=subject.erased_at is not None)
    retained, spared = _keep_held(session, spec, subject_id, now, lang)
    report.retained.extend(retained)
    not_spared = not_(or_(*spared)) if spared else true()
    for activity in spec.activities:
        mine = and_(Record.subject_id == subject_id, Record.activity == activity.key, not_spared)
        if spec.retention_of(activity).action == "anonymise":
            done = rowcount(
                session.execute(
                    update(Record)
                    .where(mine)
                    .values(subject_id=None, data=None, anonymised_at=now),
                    execution_options=_NO_SYNC,
                )
            )
            if done:
                report.anonymised[activity.key] = done
        else:
            done = rowcount(session.execute(delete(Record).where(mine), execution_options=_NO_SYNC))
            if done:
                report.erased[activity.key] = done
    _erase_consent(session, spec, subject_id, report, lang)
    own = erase_own_data(session, spec, subject, now, lang, actor=actor, answering=answering)
    report.erased.update(own.erased)
    report.anonymised.update(own.anonymised)
    report.closed_requests = own.closed_requests
    report.retained.extend(
        Retained(k.activity, k.category, k.rows, k.reason, k.until, k.holds) for k in own.kept
    )
    kept = idempotency.forget_subject(session, subject_id)
    if kept:
        report.erased["idempotency_responses"] = kept
    subject.email = subject.email_hash = subject.name = None
    subject.attributes, subject.status = {}, "closed"
    subject.restriction_reason = None
    subject.erased_at = subject.erased_at or now
    audit.append_entry(
        session,
        actor=actor,
        action="subject.erased",
        target=f"subject/{subject_id}",
        subject_id=subject_id,
        details={
            "erased": report.erased,
            "anonymised": report.anonymised,
            "retained": len(report.retained),
        },
    )
    return report


def erasure_summary(report: ErasureReport, spec: RegisterSpec) -> dict[str, Any]:
    kept: dict[str, int] = {}
    for r in report.retained:
        kept[r.activity] = kept.get(r.activity, 0) + r.records
    return {
        # Every store the register names, records' and the service's own, even when the
        # subject had nothing in it: the answer says where we looked.
        "stores": [
            {
                "activity": a.key,
                "store": a.store or "records",
                "erased": report.erased.get(a.key, 0),
                "anonymised": report.anonymised.get(a.key, 0),
                "kept": kept.get(a.key, 0),
            }
            for a in spec.activities
        ],
        "erased": report.erased,
        "anonymised": report.anonymised,
        "retained": [
            {
                "activity": r.activity,
                "category": r.category,
                "records": r.records,
                "reason": r.reason,
                "until": r.until.isoformat() if r.until else None,
                "holds": list(r.holds),
            }
            for r in report.retained
        ],
        # The subject's other open requests, closed by the erasure (own_data.py).
        "closed_requests": report.closed_requests,
        "nothing_left_to_erase": report.nothing_left,
    }


def _erase_consent(
    session: Session, spec: RegisterSpec, subject_id: str, report: ErasureReport, lang: str
) -> None:
    holders = linked_holders(session, subject_id)
    session.execute(
        delete(ConsentState).where(ConsentState.holder.in_(holders)), execution_options=_NO_SYNC
    )
    events = select(func.count()).select_from(ConsentEvent).where(ConsentEvent.holder.in_(holders))
    if spec.consent_proofs.keep_on_erasure:
        # The proof stays; the network and device details it carried go.
        kept = session.scalar(events) or 0
        session.execute(
            update(ConsentEvent)
            .where(ConsentEvent.holder.in_(holders))
            .values(ip_hash=None, user_agent=None),
            execution_options=_NO_SYNC,
        )
        if kept:
            report.retained.append(
                Retained(
                    # Named as the register's store of consent events, so the answer's list
                    # of stores shows them kept.
                    next(
                        (a.key for a in spec.activities if a.store == "consent_events"), "consent"
                    ),
                    "consent_events",
                    int(kept),
                    getattr(spec.consent_proofs.reason, lang),
                    None,
                    CONSENT_PROOF,
                )
            )
    else:
        erased = rowcount(
            session.execute(
                delete(ConsentEvent).where(ConsentEvent.holder.in_(holders)),
                execution_options=_NO_SYNC,
            )
        )
        if erased:
            report.erased["consent"] = erased
