"""Append to and read the audit trail. Entries name ids and fields, never the values."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, event, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from privacy_api.audit import chain
from privacy_api.audit.models import GENESIS_HASH, AuditEntry, AuditHead
from privacy_api.core import clock
from privacy_api.core.context import current_request_id

_HEAD_ID = 1
_PENDING = "audit_pending"
_VERIFY_BATCH = 2000


_ENTRIES = cast(Table, AuditEntry.__table__)
_HEADS = cast(Table, AuditHead.__table__)
_LOCK_HEAD = select(_HEADS.c.seq, _HEADS.c.hash).where(_HEADS.c.id == _HEAD_ID).with_for_update()


def _lock_head(session: Session) -> tuple[int, str]:
    """The chain's last (seq, hash), locked until the caller's transaction ends.

    FOR UPDATE serialises appenders on PostgreSQL; SQLite has one writer at a time already
    (write sessions begin IMMEDIATE). Core statements: the ORM unit of work would cost more
    than the append itself.
    """
    head = session.execute(_LOCK_HEAD).first()
    if head is None:
        try:
            with session.begin_nested():
                session.execute(insert(_HEADS).values(id=_HEAD_ID, seq=0, hash=GENESIS_HASH))
        except IntegrityError:
            pass  # another transaction created it first; lock theirs
        head = session.execute(_LOCK_HEAD).first()
        assert head is not None
    return int(head[0]), str(head[1])


def append_entry(
    session: Session,
    *,
    actor: str,
    action: str,
    target: str,
    subject_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Record one action in the caller's transaction: it is kept exactly when the action is.

    The entry is chained when the transaction commits (see `_chain_pending`), so the chain's
    lock is held for the commit alone, not for the rest of the request.
    """
    session.info.setdefault(_PENDING, []).append(
        {
            "at": clock.now(),
            "actor": actor,
            "action": action,
            "subject_id": subject_id,
            "target": target,
            "request_id": current_request_id(),
            "details": details or {},
        }
    )


def _append_now(session: Session, entries: list[dict[str, Any]]) -> None:
    seq, last_hash = _lock_head(session)
    for entry in entries:
        seq += 1
        digest = chain.link(last_hash, chain.canonical(seq=seq, **entry))
        session.execute(insert(_ENTRIES).values(seq=seq, prev_hash=last_hash, hash=digest, **entry))
        last_hash = digest
    session.execute(update(_HEADS).where(_HEADS.c.id == _HEAD_ID).values(seq=seq, hash=last_hash))


@event.listens_for(Session, "before_commit")
def _chain_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending:
        _append_now(session, pending)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    # A rolled-back action leaves no trace in the trail either.
    session.info.pop(_PENDING, None)


def list_entries(
    session: Session,
    *,
    subject_id: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    after_seq: int | None = None,
    limit: int = 50,
) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.seq)
    if subject_id is not None:
        query = query.where(AuditEntry.subject_id == subject_id)
    if actor is not None:
        query = query.where(AuditEntry.actor == actor)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if after_seq is not None:
        query = query.where(AuditEntry.seq > after_seq)
    return list(session.scalars(query.limit(limit)))


def _entries_in_order(session: Session) -> Iterator[AuditEntry]:
    # Keyset batches: the walk never holds the whole trail in memory.
    last = 0
    while True:
        batch = list(
            session.scalars(
                select(AuditEntry)
                .where(AuditEntry.seq > last)
                .order_by(AuditEntry.seq)
                .limit(_VERIFY_BATCH)
            )
        )
        if not batch:
            return
        yield from batch
        last = batch[-1].seq
        session.expunge_all()


def verify_chain(session: Session) -> chain.Verdict:
    head = session.scalar(select(AuditHead).where(AuditHead.id == _HEAD_ID))
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    return chain.walk(_entries_in_order(session), head_seq=head_seq, head_hash=head_hash)
