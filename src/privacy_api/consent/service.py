"""Consent outside the hot path: login links, history, reports, one-click withdrawal."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.consent import rules
from privacy_api.consent.models import ConsentEvent, ConsentState
from privacy_api.consent.schemas import ReportRow
from privacy_api.consent.store import StateView, consent_notice, default_view
from privacy_api.core.http.errors import Conflict, Unprocessable
from privacy_api.core.time import clock
from privacy_api.downstream import notices
from privacy_api.register.spec import RegisterSpec
from privacy_api.subjects import service as subjects

UNSUBSCRIBE = "unsubscribe"
LINK = "link"


def visitor_holder(visitor_id: str) -> str:
    return f"visitor:{visitor_id}"


def subject_holder(subject_id: str) -> str:
    return f"subject:{subject_id}"


class UnpublishedPolicyVersion(Unprocessable):
    slug, title = "unpublished-policy-version", "This policy version was never published"


def require_published(version: str, *, published: bool) -> str:
    """Art. 7(1) proof names the policy the person saw: only one we published can be it."""
    if not published:
        raise UnpublishedPolicyVersion(
            f"Policy version {version} was never published; omit it for the one in force."
        )
    return version


def public_view(view: StateView, holder: str) -> StateView:
    """The state as a public route shows it: under the visitor's own holder. A visitor who
    logged in reads the subject's state, but the visitor id is all a caller needs to ask,
    so it must never name the account (issue 10, item 5)."""
    return view if view.holder == holder else dataclasses.replace(view, holder=holder)


# Header text as stored in a proof: C0 and C1 controls, which no browser sends, become
# spaces, and what a browser might send beyond the bound is cut rather than refused.
MAX_USER_AGENT = 512
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def stored_user_agent(header: str | None) -> str | None:
    if not header:
        return None
    return _CONTROL.sub(" ", header[:MAX_USER_AGENT])


class VisitorLinkedElsewhere(Conflict):
    slug, title = "visitor-linked-elsewhere", "The visitor is linked to another subject"


def _state(session: Session, holder: str, spec: RegisterSpec, policy_version: str) -> ConsentState:
    state = session.get(ConsentState, holder, with_for_update=True)
    if state is None:
        state = ConsentState(
            holder=holder,
            purposes=rules.default_purposes(spec),
            decided_at={},
            gpc=False,
            policy_version=policy_version,
            updated_at=None,
        )
        session.add(state)
    return state


def link_visitor(
    session: Session,
    *,
    visitor_id: str,
    subject_id: str,
    spec: RegisterSpec,
    policy_version: str,
    actor: str,
) -> ConsentState:
    """On login the visitor joins the subject: its history is the subject's from now on,
    and the browser reads its own choices merged with the account's. Nothing the visitor
    chose is carried into the account: a visitor id is a cookie, and whoever holds it
    could have chosen (issue 28, finding 3); the account's choices change by keyed calls.
    Never for an erased subject (409): its consent state would be created anew."""
    subjects.subject_for_write(session, subject_id)
    visitor = _state(session, visitor_holder(visitor_id), spec, policy_version)
    target = subject_holder(subject_id)
    if visitor.alias_of not in (None, target):
        raise VisitorLinkedElsewhere("This visitor already belongs to another subject.")
    subject = _state(session, target, spec, policy_version)
    session.add(
        ConsentEvent(
            holder=target,
            kind=LINK,
            purposes=dict(subject.purposes),
            changes={},
            at=clock.now(),
            source="app",
            policy_version=subject.policy_version,
            banner_version=None,
            ip_hash=None,
            user_agent=None,
            gpc=subject.gpc,
            actor=actor,
            details={"visitor": visitor.holder},
        )
    )
    visitor.alias_of = target
    audit.append_entry(
        session,
        actor=actor,
        action="consent.linked",
        target=target,
        subject_id=subject_id,
        details={"visitor": visitor.holder},
    )
    session.flush()
    return subject


def unlink_visitor(
    session: Session,
    *,
    visitor_id: str,
    subject_id: str,
    spec: RegisterSpec,
    policy_version: str,
    actor: str,
) -> StateView:
    """On sign-out: the browser reads and writes only its own choices again, and the
    account's history no longer takes its events. Unlinked already: nothing to do, nothing
    written (a sign-out sent twice); linked to another subject: 409, as `link` answers."""
    holder = visitor_holder(visitor_id)
    visitor = session.get(ConsentState, holder, with_for_update=True)
    if visitor is None:
        return default_view(holder, spec, policy_version)
    if visitor.alias_of is None:
        return state_view(visitor)
    target = subject_holder(subject_id)
    if visitor.alias_of != target:
        raise VisitorLinkedElsewhere("This visitor is linked to another subject.")
    visitor.alias_of = None
    audit.append_entry(
        session,
        actor=actor,
        action="consent.unlinked",
        target=target,
        subject_id=subject_id,
        details={"visitor": holder},
    )
    session.flush()
    return state_view(visitor)


def state_view(state: ConsentState) -> StateView:
    return StateView(
        state.holder,
        state.purposes,
        state.decided_at,
        state.gpc,
        state.policy_version,
        state.updated_at,
        state.alias_of,
    )


def linked_holders(session: Session, subject_id: str) -> list[str]:
    target = subject_holder(subject_id)
    visitors = session.scalars(select(ConsentState.holder).where(ConsentState.alias_of == target))
    return [target, *visitors]


def history(
    session: Session, *, subject_id: str, after_id: int | None, limit: int, actor: str
) -> list[ConsentEvent]:
    """The subject's consent events and those of the visitors it logged in as, oldest first."""
    subjects.get_subject(session, subject_id)
    query = (
        select(ConsentEvent)
        .where(ConsentEvent.holder.in_(linked_holders(session, subject_id)))
        .order_by(ConsentEvent.id)
        .limit(limit)
    )
    if after_id is not None:
        query = query.where(ConsentEvent.id > after_id)
    rows = list(session.scalars(query))
    audit.append_entry(
        session,
        actor=actor,
        action="consent.history_read",
        target=subject_holder(subject_id),
        subject_id=subject_id,
    )
    return rows


def _events_between(
    session: Session, since: datetime, until: datetime
) -> Iterator[tuple[datetime, dict[str, str]]]:
    # A login link moves the visitor's decisions to the subject: no one decided anything
    # then, and the choices it carries were counted when they were made.
    query = (
        select(ConsentEvent.at, ConsentEvent.changes)
        .where(ConsentEvent.at >= since, ConsentEvent.at < until, ConsentEvent.kind != LINK)
        .order_by(ConsentEvent.id)
        .execution_options(yield_per=2000)
    )
    yield from ((at, changes) for at, changes in session.execute(query))


def report(session: Session, *, since: date, until: date) -> list[ReportRow]:
    """Per day and purpose: grants, denials and withdrawals (streamed, never all in memory)."""
    start = datetime.combine(since, datetime.min.time(), tzinfo=clock.now().tzinfo)
    end = datetime.combine(
        until + timedelta(days=1), datetime.min.time(), tzinfo=clock.now().tzinfo
    )
    counts: Counter[tuple[date, str, str]] = Counter()
    for at, changes in _events_between(session, start, end):
        for purpose, change in changes.items():
            counts[(at.date(), purpose, change)] += 1
    keys = sorted({(day, purpose) for day, purpose, _ in counts})
    return [
        ReportRow(
            day=day,
            purpose=purpose,
            grants=counts[(day, purpose, "grant")],
            denials=counts[(day, purpose, "denial")],
            withdrawals=counts[(day, purpose, "withdrawal")],
        )
        for day, purpose in keys
    ]


def report_csv(rows: list[ReportRow]) -> str:
    """The report as CSV, one line per day and purpose (the API's and the console's)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["day", "purpose", "grants", "denials", "withdrawals"])
    for row in rows:
        writer.writerow(
            [row.day.isoformat(), row.purpose, row.grants, row.denials, row.withdrawals]
        )
    return out.getvalue()


def withdraw_marketing(
    session: Session,
    *,
    subject_id: str,
    spec: RegisterSpec,
    policy_version: str,
    actor: str,
    kind: str = UNSUBSCRIBE,
    source: str = "site",
) -> ConsentState:
    """Art. 7(3) and 21(3): deny marketing e-mail; earlier events stay as proof.

    Denied already, nothing changes and nothing is written: a link clicked again, or
    replayed by a mail scanner, must not grow the proof or the audit chain."""
    subjects.subject_for_write(session, subject_id)
    holder = subject_holder(subject_id)
    state = _state(session, holder, spec, policy_version)
    if state.updated_at is not None and state.purposes.get("marketing_email") is False:
        return state
    now = clock.now()
    choice = rules.apply_choices(
        spec, state.purposes, state.decided_at, {"marketing_email": False}, at=now, gpc=state.gpc
    )
    session.add(
        ConsentEvent(
            holder=holder,
            kind=kind,
            purposes=choice.purposes,
            changes=choice.changes,
            at=now,
            source=source,
            policy_version=policy_version,
            banner_version=None,
            ip_hash=None,
            user_agent=None,
            gpc=state.gpc,
            actor=actor,
            details=None,
        )
    )
    if choice.purposes != state.purposes:
        notices.send_notices(
            session,
            event="consent",
            subject_id=subject_id,
            data=consent_notice(choice.purposes, gpc=state.gpc),
            properties=rules.properties_concerned(spec, state.purposes, choice.purposes),
            origin=source,
        )
    state.purposes, state.decided_at, state.updated_at = (choice.purposes, choice.decided_at, now)
    audit.append_entry(
        session,
        actor=actor,
        action=f"consent.{kind}",
        target=holder,
        subject_id=subject_id,
        details={"purpose": "marketing_email"},
    )
    session.flush()
    return state
