"""The register's rules for the personal data the service keeps itself (issue 18).

Each store's activity in the register names its period and clock; here each becomes a SQL
predicate on the store's own table and the change that ends what is due: a value cleared
(the row stays as proof) or the row deleted. Every predicate excludes what was done
already, so a repeated or resumed run changes nothing more and reports nothing twice.
Batches walk the table's key (carried forward, never re-scanned) with a bounded
sub-select, one committed statement each, and memory holds no rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Text,
    and_,
    case,
    cast,
    delete,
    func,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from privacy_api.audit import service as audit
from privacy_api.consent.models import ConsentEvent
from privacy_api.core.data.db import Database, rowcount
from privacy_api.downstream.models import DownstreamOrder
from privacy_api.dsar.deadlines import add_months
from privacy_api.dsar.models import DsarIntakeCount, DsarNote, DsarTicket
from privacy_api.outbox.models import OutboxMessage
from privacy_api.register.spec import Activity, RegisterSpec, RetentionRule

# A ticket's personal fields once its proof period is over: type, dates, status and the
# result's outcome stay (they prove the request was answered; none names the person).
TICKET_PSEUDONYMISED: dict[str, Any] = {
    "email": "",
    "email_hash": "",
    "details": {},
    "extension_reason": None,
    "rejection_reason": None,
    "code_hash": None,
}
# A message's text, address and headers go; its envelope (channel, subject line,
# reference, times, attempts) stays as proof that the person was told.
MESSAGE_PURGED: dict[str, Any] = {
    "body": "",
    "recipient": case(
        (OutboxMessage.channel == "mail", literal("")), else_=OutboxMessage.recipient
    ),
    "headers": {},
}


# Orders no system acknowledged (failed: it answered that it could not) past the register's
# order_payload_days: what they carried goes, and they say so.
UNANSWERED = ("pending", "failed")
ORDER_EXPIRED: dict[str, Any] = {"payload": {}, "status": "expired"}


def ticket_pseudonymised() -> ColumnElement[bool]:
    return DsarTicket.email_hash == ""


def message_purged() -> ColumnElement[bool]:
    return OutboxMessage.body == ""


def payload_dropped() -> ColumnElement[bool]:
    # JSON is compared as its text: PostgreSQL's json type has no equality.
    return cast(DownstreamOrder.payload, Text) == "{}"


@dataclass(frozen=True)
class StoreRule:
    """One store's due rows at an instant and what ends them (None: the rows go)."""

    name: str
    activity: Activity
    rule: RetentionRule
    cutoff: datetime
    key: InstrumentedAttribute[Any]
    due: ColumnElement[bool]
    values: dict[str, Any] | None

    @property
    def action(self) -> str:
        return "erase" if self.values is None else "anonymise"


def _ticket_over(cutoff: datetime) -> ColumnElement[bool]:
    """Answered before the cutoff; or never verified, received before it (a request
    nobody proved is never answered, and must not keep its address for ever)."""
    return or_(
        DsarTicket.closed_at < cutoff,
        and_(
            DsarTicket.closed_at.is_(None),
            DsarTicket.status == "pending_verification",
            DsarTicket.received_at < cutoff,
        ),
    )


def _rules_of(
    activity: Activity,
    rule: RetentionRule,
    at: datetime,
    cutoff: datetime,
    intake_window: timedelta,
    order_payload_days: int | None = None,
) -> list[StoreRule]:
    def one(
        name: str,
        key: InstrumentedAttribute[Any],
        due: ColumnElement[bool],
        values: dict[str, Any] | None,
    ) -> StoreRule:
        return StoreRule(name, activity, rule, cutoff, key, due, values)

    store = activity.store
    if store == "dsar_tickets":
        over = select(DsarTicket.id).where(_ticket_over(cutoff))
        return [
            one(
                f"{activity.key}.notes",
                DsarNote.id,
                and_(DsarNote.text != "", DsarNote.ticket_id.in_(over)),
                {"text": ""},
            ),
            one(
                activity.key,
                DsarTicket.id,
                and_(_ticket_over(cutoff), ~ticket_pseudonymised()),
                TICKET_PSEUDONYMISED,
            ),
        ]
    if store == "outbox_messages":
        # A code or link is useless once expired; any other text goes at the register's
        # period after delivery. A message given up on stays as long, so staff can retry it
        # (a lost extension notice is a missed legal notice), unless what it carried expired.
        delivered = and_(
            OutboxMessage.sent_at.is_not(None),
            or_(OutboxMessage.expires_at <= at, OutboxMessage.sent_at < cutoff),
        )
        given_up = and_(
            OutboxMessage.dead_at.is_not(None),
            or_(OutboxMessage.expires_at <= at, OutboxMessage.dead_at < cutoff),
        )
        due = and_(~message_purged(), or_(given_up, delivered))
        return [one(activity.key, OutboxMessage.id, due, MESSAGE_PURGED)]
    if store == "downstream_orders":
        # Acknowledged: done, the values are not needed any more. Failed: kept for the
        # operator for the period after the system's answer.
        answered = or_(
            DownstreamOrder.status == "acknowledged",
            and_(DownstreamOrder.status == "failed", DownstreamOrder.acknowledged_at < cutoff),
        )
        due = and_(~payload_dropped(), answered)
        rules = [one(activity.key, DownstreamOrder.id, due, {"payload": {}})]
        if order_payload_days is not None:
            # Unacknowledged past the register's order_payload_days: the values go and the
            # order says it expired (a late acknowledgement is still taken).
            issued_before = at - timedelta(days=order_payload_days)
            expired = and_(
                DownstreamOrder.status.in_(UNANSWERED), DownstreamOrder.created_at < issued_before
            )
            rules.append(
                StoreRule(
                    f"{activity.key}.expired",
                    activity,
                    rule,
                    issued_before,
                    DownstreamOrder.id,
                    expired,
                    ORDER_EXPIRED,
                )
            )
        return rules
    if store == "consent_events":
        details = or_(ConsentEvent.ip_hash.is_not(None), ConsentEvent.user_agent.is_not(None))
        due = and_(ConsentEvent.at < cutoff, details)
        return [one(activity.key, ConsentEvent.id, due, {"ip_hash": None, "user_agent": None})]
    if store == "dsar_intake_counts":
        # A counter means nothing once its window has ended; the register's period is the
        # ceiling should the window be configured longer.
        ended = max(at - intake_window, cutoff)
        return [
            one(activity.key, DsarIntakeCount.key, DsarIntakeCount.window_started_at <= ended, None)
        ]
    return []  # idempotency_responses: the sweep's own purge (core/http/idempotency.py)


def store_rules(spec: RegisterSpec, at: datetime, *, intake_window: timedelta) -> list[StoreRule]:
    rules: list[StoreRule] = []
    for activity in spec.activities:
        if activity.store is None:
            continue
        rule = spec.retention_of(activity)
        rules += _rules_of(
            activity,
            rule,
            at,
            add_months(at, -rule.period_months),
            intake_window,
            spec.order_payload_days,
        )
    return rules


def ceiling(spec: RegisterSpec, store: str, at: datetime) -> datetime | None:
    """The cutoff of a store's register period at `at`, if the register describes it."""
    for activity in spec.activities:
        if activity.store == store:
            return add_months(at, -spec.retention_of(activity).period_months)
    return None


def count_due(session: Session, rule: StoreRule) -> int:
    table = rule.key.class_
    return int(session.scalar(select(func.count()).select_from(table).where(rule.due)) or 0)


def apply(
    db: Database,
    rule: StoreRule,
    *,
    run_id: int,
    actor: str,
    batch_size: int,
    beat: Callable[[Session, int], None],
) -> int:
    """End the due rows, `batch_size` keys at a time, each batch committed alone."""
    table = rule.key.class_
    total = 0
    last: Any = None
    while True:
        with db.transaction() as session:
            after = rule.key > last if last is not None else true()
            window = (
                select(rule.key.label("k"))
                .where(rule.due, after)
                .order_by(rule.key)
                .limit(batch_size)
                .subquery()
            )
            upper = session.scalar(select(func.max(window.c.k)))
            if upper is None:
                beat(session, run_id)
                return total
            in_range = and_(rule.due, after, rule.key <= upper)
            statement = (
                delete(table).where(in_range)
                if rule.values is None
                else update(table).where(in_range).values(**rule.values)
            )
            # Core on the session's connection: ORM bulk DML would fetch every key back.
            done = rowcount(session.connection().execute(statement))
            if done:
                audit.append_entry(
                    session,
                    actor=actor,
                    action=f"retention.{rule.action}",
                    target=f"store/{rule.name}",
                    details={"run": run_id, "rows": done, "through": str(upper)},
                )
            beat(session, run_id)
        total += done
        last = upper
