"""The hash chain: hash = SHA-256(prev_hash || canonical JSON of the entry)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from privacy_api.audit.models import GENESIS_HASH, AuditEntry


def canonical(
    *,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    subject_id: str | None,
    target: str,
    request_id: str | None,
    details: dict[str, Any],
) -> str:
    """The entry as sorted, compact JSON: the text its hash is taken of."""
    before, after = canonical_around_seq(
        at=at,
        actor=actor,
        action=action,
        subject_id=subject_id,
        target=target,
        request_id=request_id,
        details=details,
    )
    return f"{before}{seq}{after}"


def canonical_around_seq(
    *,
    at: datetime,
    actor: str,
    action: str,
    subject_id: str | None,
    target: str,
    request_id: str | None,
    details: dict[str, Any],
) -> tuple[str, str]:
    """The canonical text before and after the sequence number, for a writer that learns
    the number only inside the database (the hot path on PostgreSQL).

    Keys sort as action, actor, at, details, request_id | seq | subject_id, target: the
    JSON of each side, joined around `"seq":N`, is exactly the JSON of the whole entry.
    """
    first = {
        "action": action,
        "actor": actor,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "details": details,
        "request_id": request_id,
    }
    last = {"subject_id": subject_id, "target": target}
    return _json(first)[:-1] + ',"seq":', "," + _json(last)[1:]


def _json(body: dict[str, Any]) -> str:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def link(prev_hash: str, canonical_entry: str) -> str:
    return hashlib.sha256((prev_hash + canonical_entry).encode()).hexdigest()


def entry_hash(entry: AuditEntry, prev_hash: str) -> str:
    return link(
        prev_hash,
        canonical(
            seq=entry.seq,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            subject_id=entry.subject_id,
            target=entry.target,
            request_id=entry.request_id,
            details=entry.details,
        ),
    )


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    first_bad: int | None = None
    reason: str | None = None


def walk(entries: Iterable[AuditEntry], *, head_seq: int, head_hash: str) -> Verdict:
    """Check every link in order, then that the chain ends where the head says it does."""
    prev_hash, expected_seq, count = GENESIS_HASH, 1, 0
    for entry in entries:
        if entry.seq != expected_seq:
            return Verdict(False, count, expected_seq, f"entry {expected_seq} is missing")
        if entry.prev_hash != prev_hash:
            return Verdict(False, count, entry.seq, "does not link to the entry before it")
        if entry_hash(entry, prev_hash) != entry.hash:
            return Verdict(False, count, entry.seq, "content does not match its hash")
        prev_hash, expected_seq, count = entry.hash, expected_seq + 1, count + 1
    if count != head_seq or prev_hash != head_hash:
        return Verdict(
            False,
            count,
            count + 1 if count < head_seq else count,
            "the chain ends before its recorded head (entries removed at the end)",
        )
    return Verdict(True, count)
