"""Append to and read the audit trail. Entries name ids and fields, never the values."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, event, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from privacy_api.audit import chain
from privacy_api.audit.models import GENESIS_HASH, AuditEntry, AuditHead
from privacy_api.core import clock
from privacy_api.core.context import current_request_id
from privacy_api.core.hot import HotConnection

_HEAD_ID = 1
_PENDING = "audit_pending"
_VERIFY_BATCH = 2000


_ENTRIES = cast(Table, AuditEntry.__table__)
_HEADS = cast(Table, AuditHead.__table__)
_LOCK_HEAD = select(_HEADS.c.seq, _HEADS.c.hash).where(_HEADS.c.id == _HEAD_ID).with_for_update()
_CREATE_HEAD = {
    name: dialect_insert(_HEADS)
    .values(id=_HEAD_ID, seq=0, hash=GENESIS_HASH)
    .on_conflict_do_nothing(index_elements=[_HEADS.c.id])
    for name, dialect_insert in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))
}
_INSERT_ENTRY = insert(_ENTRIES).values({c.name: bindparam(c.name) for c in _ENTRIES.columns})
_MOVE_HEAD = (
    update(_HEADS)
    .where(_HEADS.c.id == _HEAD_ID)
    .values(seq=bindparam("b_seq"), hash=bindparam("b_hash"))
)
# One entry and the head it moves to in one PostgreSQL round trip, the chain's lock held
# for as short a time as can be.
_ENTRY_AND_HEAD = _MOVE_HEAD.add_cte(_INSERT_ENTRY.cte("entry_written"))


def _lock_head(session: Session) -> tuple[int, str]:
    """The chain's last (seq, hash), locked until the caller's transaction ends.

    FOR UPDATE serialises appenders on PostgreSQL; SQLite has one writer at a time already
    (write sessions begin IMMEDIATE). Core statements: the ORM unit of work would cost more
    than the append itself.
    """
    head = session.execute(_LOCK_HEAD).first()
    if head is None:
        # Another transaction may be creating it too: theirs wins, and is locked below.
        session.execute(_CREATE_HEAD[session.get_bind().dialect.name])
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
    queue(
        session,
        new_entry(
            actor=actor, action=action, target=target, subject_id=subject_id, details=details
        ),
    )


def queue(session: Session, entry: dict[str, Any]) -> None:
    """An entry from `new_entry()`, chained when the session commits."""
    session.info.setdefault(_PENDING, []).append(entry)


def new_entry(
    *,
    actor: str,
    action: str,
    target: str,
    subject_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An entry not yet chained: what happened, by whom, in which request."""
    return {
        "at": clock.now(),
        "actor": actor,
        "action": action,
        "subject_id": subject_id,
        "target": target,
        "request_id": current_request_id(),
        "details": details or {},
    }


def _chained(
    seq: int, last_hash: str, entries: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The entries as rows linked after (seq, last_hash), and the head that follows them."""
    rows = []
    for entry in entries:
        seq += 1
        digest = chain.link(last_hash, chain.canonical(seq=seq, **entry))
        rows.append({**entry, "seq": seq, "prev_hash": last_hash, "hash": digest})
        last_hash = digest
    return rows, {"b_seq": seq, "b_hash": last_hash}


def _append_now(session: Session, entries: list[dict[str, Any]]) -> None:
    rows, head = _chained(*_lock_head(session), entries)
    session.execute(_INSERT_ENTRY, rows)
    session.execute(_MOVE_HEAD, head)


async def append_now(conn: HotConnection, entries: list[dict[str, Any]]) -> None:
    """Chain entries on the hot path, inside its transaction: call it last, before commit,
    so the chain's head stays locked for the commit alone."""
    await conn.queue_for("audit-head")
    head = (await conn.execute(_LOCK_HEAD)).first()
    if head is None:
        await conn.execute(_CREATE_HEAD[conn.dialect])
        head = (await conn.execute(_LOCK_HEAD)).first()
        assert head is not None
    rows, moved = _chained(int(head[0]), str(head[1]), entries)
    if conn.dialect == "postgresql" and len(rows) == 1:
        await conn.execute(_ENTRY_AND_HEAD, {**rows[0], **moved})
        return
    for row in rows:
        await conn.execute(_INSERT_ENTRY, row)
    await conn.execute(_MOVE_HEAD, moved)


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
