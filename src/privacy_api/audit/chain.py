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
    checkpoints_checked: int = 0
    last_checkpoint_seq: int | None = None
    last_checkpoint_at: datetime | None = None
    key_id: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    """A checkpoint as the walk checks it: the chain's hash at `seq`, and whether its
    signature verified under the trusted key."""

    seq: int
    head_hash: str
    at: datetime
    signed: bool


class _Claims:
    """The checkpoints, sorted by seq, consumed in step with the walk."""

    def __init__(self, claims: Iterable[Claim]) -> None:
        self._pending = iter(claims)
        self._next = next(self._pending, None)
        self.checked = 0
        self.proven = 0  # the last seq a checkpoint vouched for
        self.last: Claim | None = None

    def settle(self, seq: int, digest: str, entries: int) -> Verdict | None:
        """Check every claim about `seq` (and any about an earlier one: it was skipped)."""
        while self._next is not None and self._next.seq <= seq:
            claim = self._next
            if not claim.signed:
                return self._fail(
                    entries,
                    claim.seq,
                    f"checkpoint {claim.seq} is not signed by the audit key (forged or altered)",
                )
            if claim.seq != seq or claim.head_hash != digest:
                # The chain may link perfectly: someone re-hashed it after changing an entry
                # that the last matching checkpoint does not cover.
                return self._fail(
                    entries,
                    self.proven + 1,
                    f"checkpoint {claim.seq} does not match: the chain up to entry "
                    f"{claim.seq} is not the one signed at {claim.at.isoformat()}",
                )
            self.checked, self.proven = self.checked + 1, seq
            if self.last is None or claim.at >= self.last.at:
                self.last = claim
            self._next = next(self._pending, None)
        return None

    def beyond(self, entries: int) -> Verdict | None:
        """A claim left after the last entry: entries were removed and the head moved back."""
        claim = self._next
        if claim is None:
            return None
        if not claim.signed:
            return self._fail(
                entries,
                claim.seq,
                f"checkpoint {claim.seq} is not signed by the audit key (forged or altered)",
            )
        return self._fail(
            entries,
            entries + 1,
            f"checkpoint {claim.seq} does not match: it signed a chain of {claim.seq} "
            f"entries, {entries} remain",
        )

    def _fail(self, entries: int, first_bad: int, reason: str) -> Verdict:
        return Verdict(False, entries, first_bad, reason, **self.summary())

    def summary(self) -> dict[str, Any]:
        return {
            "checkpoints_checked": self.checked,
            "last_checkpoint_seq": self.last.seq if self.last else None,
            "last_checkpoint_at": self.last.at if self.last else None,
        }


def walk(
    entries: Iterable[AuditEntry],
    *,
    head_seq: int,
    head_hash: str,
    claims: Iterable[Claim] = (),
) -> Verdict:
    """Check every link in order, that the chain ends where the head says it does, and that
    it hashes, at each signed checkpoint, to what was signed."""
    checkpoints = _Claims(claims)
    prev_hash, expected_seq, count = GENESIS_HASH, 1, 0
    if failed := checkpoints.settle(0, GENESIS_HASH, 0):
        return failed
    for entry in entries:
        if entry.seq != expected_seq:
            return Verdict(False, count, expected_seq, f"entry {expected_seq} is missing")
        if entry.prev_hash != prev_hash:
            return Verdict(False, count, entry.seq, "does not link to the entry before it")
        if entry_hash(entry, prev_hash) != entry.hash:
            return Verdict(False, count, entry.seq, "content does not match its hash")
        if failed := checkpoints.settle(entry.seq, entry.hash, count):
            return failed
        prev_hash, expected_seq, count = entry.hash, expected_seq + 1, count + 1
    if count != head_seq or prev_hash != head_hash:
        return Verdict(
            False,
            count,
            count + 1 if count < head_seq else count,
            "the chain ends before its recorded head (entries removed at the end)",
        )
    if failed := checkpoints.beyond(count):
        return failed
    return Verdict(True, count, **checkpoints.summary())
