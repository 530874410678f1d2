"""Append to and read the audit trail. Entries name ids and fields, never the values."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    Insert,
    LargeBinary,
    Table,
    Text,
    bindparam,
    event,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from privacy_api.audit import chain
from privacy_api.audit.models import GENESIS_HASH, AuditEntry, AuditHead
from privacy_api.core.data.hot import HotConnection, all_in_one
from privacy_api.core.http.context import current_request_id
from privacy_api.core.time import clock

_HEAD_ID = 1
_PENDING = "audit_pending"


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


def _link_in_postgres() -> Insert:
    """One entry linked and the head moved, in one statement that takes the head's lock:
    the hash is SHA-256 of (previous hash || canonical text), the text's parts around the
    sequence number given (`chain.canonical_around_seq`), the number and previous hash
    read under the lock. Python's `chain.walk` verifies what it makes like any other link.
    """
    utf8 = literal("UTF8")
    text_before = bindparam("text_before", type_=LargeBinary)
    text_after = bindparam("text_after", type_=LargeBinary)
    next_seq = _HEADS.c.seq + 1
    linked = (
        func.convert_to(_HEADS.c.hash, utf8)
        .op("||")(text_before)
        .op("||")(func.convert_to(sql_cast(next_seq, Text), utf8))
        .op("||")(text_after)
    )
    moved = (
        update(_HEADS)
        .where(_HEADS.c.id == _HEAD_ID)
        .values(
            prev_hash=_HEADS.c.hash,
            seq=next_seq,
            hash=func.encode(func.sha256(linked), literal("hex")),
        )
        .returning(_HEADS.c.seq, _HEADS.c.prev_hash, _HEADS.c.hash)
        .cte("head_moved")
    )
    fields = ("at", "actor", "action", "subject_id", "target", "request_id", "details")
    given = (bindparam(f, type_=_ENTRIES.c[f].type) for f in fields)
    return (
        insert(_ENTRIES)
        .from_select(
            ["seq", "prev_hash", "hash", *fields],
            select(moved.c.seq, moved.c.prev_hash, moved.c.hash, *given),
        )
        .returning(_ENTRIES.c.seq)
    )


_LINK_IN_POSTGRES = _link_in_postgres()


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
    if conn.dialect == "postgresql":
        for entry in entries:
            await _link_one_in_postgres(conn, entry)
        return
    head = (await conn.execute(_LOCK_HEAD)).first()
    if head is None:
        await conn.execute(_CREATE_HEAD[conn.dialect])
        head = (await conn.execute(_LOCK_HEAD)).first()
        assert head is not None
    rows, moved = _chained(int(head[0]), str(head[1]), entries)
    for row in rows:
        await conn.execute(_INSERT_ENTRY, row)
    await conn.execute(_MOVE_HEAD, moved)


def linked_with(*inserts: Insert) -> Insert:
    """PostgreSQL: one statement that runs these INSERTs and links an entry, for
    `append_with`. Their parameters must not be named like an entry's fields."""
    return all_in_one(_LINK_IN_POSTGRES, *inserts)


async def append_with(
    conn: HotConnection, statement: Insert, parameters: dict[str, Any], entry: dict[str, Any]
) -> None:
    """Run a `linked_with` statement: the writes and their audit entry in one round trip,
    last in the transaction, like `append_now`."""
    await conn.queue_for("audit-head")
    if (await conn.execute(statement, {**parameters, **_link_parameters(entry)})).first():
        return
    # No head yet (the very first entry): the writes are done, the link is not.
    await _link_one_in_postgres(conn, entry)


def _link_parameters(entry: dict[str, Any]) -> dict[str, Any]:
    before, after = chain.canonical_around_seq(**entry)
    return {**entry, "text_before": before.encode(), "text_after": after.encode()}


async def _link_one_in_postgres(conn: HotConnection, entry: dict[str, Any]) -> None:
    # One round trip, the head locked from it to the commit: the fewer awaits the lock is
    # held across, the less every other appender waits (decision 0002).
    given = _link_parameters(entry)
    if (await conn.execute(_LINK_IN_POSTGRES, given)).first() is None:
        await conn.execute(_CREATE_HEAD[conn.dialect])  # the very first entry
        linked = (await conn.execute(_LINK_IN_POSTGRES, given)).first()
        assert linked is not None


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


def verify_chain(session: Session) -> chain.Verdict:
    """The chain walked as the session sees it, without checkpoints (`verify.verify` checks
    those, in one snapshot)."""
    from privacy_api.audit import verify

    return verify.verify_chain(session)
