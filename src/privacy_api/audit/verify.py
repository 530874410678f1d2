"""Verifying the audit trail: in one snapshot, every link, and every signed checkpoint."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, text, tuple_
from sqlalchemy.orm import Session

from privacy_api.audit import chain
from privacy_api.audit.checkpoints import VerifyKey, verify_key
from privacy_api.audit.models import GENESIS_HASH, AuditCheckpoint, AuditEntry, AuditHead
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock

_HEAD_ID = 1
_BATCH = 2000


@contextmanager
def snapshot(db: Database) -> Iterator[Session]:
    """A read-only transaction that sees one state of the database from its first read on.

    PostgreSQL's default (READ COMMITTED) takes a new snapshot per statement: the head read
    first and entries appended after it disagreed, and an intact chain was reported broken.
    SQLite in WAL mode keeps one snapshot per read transaction already.
    """
    with db.transaction(write=False) as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
        yield session


def verify(db: Database, settings: Settings, *, key: VerifyKey | None = None) -> chain.Verdict:
    """The whole trail, in one snapshot, against the configured key (or the one given)."""
    key = key or verify_key(settings)
    stale_after = timedelta(hours=2 * settings.audit_checkpoint_interval_hours)
    with snapshot(db) as session:
        return verify_chain(session, key=key, stale_after=stale_after)


def verify_chain(
    session: Session, *, key: VerifyKey | None = None, stale_after: timedelta | None = None
) -> chain.Verdict:
    """Walk the chain as the session's transaction sees it (give it one snapshot)."""
    head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == _HEAD_ID))
    head_seq, head_hash = head.first() or (0, GENESIS_HASH)
    other_keys = _Tally()
    claims = _claims(session, key, other_keys) if key is not None else iter(())
    verdict = chain.walk(
        _entries_in_order(session), head_seq=head_seq, head_hash=head_hash, claims=claims
    )
    stored = session.scalar(select(func.count()).select_from(AuditCheckpoint)) or 0
    return dataclasses.replace(
        verdict,
        key_id=key.key_id if key else None,
        warnings=_warnings(verdict, key, stored, other_keys.count, stale_after),
    )


@dataclass
class _Tally:
    count: int = 0


def _entries_in_order(session: Session) -> Iterator[AuditEntry]:
    # Keyset batches: the walk never holds the whole trail in memory.
    last = 0
    while True:
        batch = list(
            session.scalars(
                select(AuditEntry)
                .where(AuditEntry.seq > last)
                .order_by(AuditEntry.seq)
                # Each batch is walked and dropped: the identity map must not keep them.
                .limit(_BATCH)
            )
        )
        if not batch:
            return
        yield from batch
        last = batch[-1].seq
        for entry in batch:
            session.expunge(entry)


def _claims(session: Session, key: VerifyKey, other_keys: _Tally) -> Iterator[chain.Claim]:
    """Checkpoints in seq order, each with whether its signature verifies under `key`.

    Those naming another key (an earlier one, before a rotation) cannot be checked here:
    they are counted and reported, never trusted.
    """
    order = (AuditCheckpoint.seq, AuditCheckpoint.id)
    query = select(AuditCheckpoint).order_by(*order).limit(_BATCH)
    batch = list(session.scalars(query))
    while batch:
        for checkpoint in batch:
            session.expunge(checkpoint)
            if checkpoint.key_id != key.key_id:
                other_keys.count += 1
                continue
            yield chain.Claim(
                checkpoint.seq, checkpoint.head_hash, checkpoint.at, key.signed(checkpoint)
            )
        after = (batch[-1].seq, batch[-1].id)
        batch = list(session.scalars(query.where(tuple_(*order) > tuple_(*after))))


def _warnings(
    verdict: chain.Verdict,
    key: VerifyKey | None,
    stored: int,
    other_keys: int,
    stale_after: timedelta | None,
) -> tuple[str, ...]:
    """What weakens the proof without showing tampering: said, so monitoring can alert."""
    if key is None:
        return (
            "no audit signing key: checkpoints were not checked, and the chain proves only "
            "itself to whoever holds the database (set PRIVACY_API_AUDIT_SIGNING_KEY_FILE, "
            f"or verify with --public-key; {stored} checkpoints stored)",
        )
    found: list[str] = []
    if other_keys:
        found.append(f"{other_keys} checkpoints name another key and were not checked")
    if verdict.last_checkpoint_at is None:
        if verdict.ok and verdict.entries:
            found.append(
                f"no checkpoint signed by key {key.key_id[:16]}: nothing outside the "
                "database vouches for this chain (checkpoints deleted, or none made yet)"
            )
    elif stale_after is not None and verdict.last_checkpoint_at < clock.now() - stale_after:
        found.append(
            f"no checkpoint newer than {verdict.last_checkpoint_at.isoformat()} (entry "
            f"{verdict.last_checkpoint_seq}): checkpoints deleted, or none being made"
        )
    return tuple(found)
