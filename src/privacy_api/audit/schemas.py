"""Audit entries, chain verdicts and signed checkpoints as operators and auditors read them."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from privacy_api.core.http.pagination import Page


class AuditEntryRead(BaseModel):
    seq: int
    at: datetime
    actor: str
    action: str
    subject_id: str | None
    target: str
    request_id: str | None
    details: dict[str, Any]
    hash: str


class BadEntry(BaseModel):
    seq: int
    reason: str


class ChainVerdict(BaseModel):
    ok: bool
    entries: int
    first_bad: BadEntry | None = None
    checkpoints_checked: int = Field(
        default=0, description="Signed checkpoints whose signature and hash both held"
    )
    last_checkpoint_seq: int | None = Field(
        default=None, description="The newest entry a checked checkpoint vouches for"
    )
    last_checkpoint_at: datetime | None = Field(
        default=None, description="When the newest checked checkpoint was signed"
    )
    key_id: str | None = Field(
        default=None, description="Fingerprint of the public key checked against; null: none"
    )
    warnings: list[str] = Field(
        default_factory=list,
        description="What weakens the proof without showing tampering (no key, no or stale "
        "checkpoints)",
    )


class CheckpointRead(BaseModel):
    id: int
    seq: int
    head_hash: str
    at: datetime
    key_id: str
    signature: str = Field(
        description="base64 Ed25519 signature of "
        "`privacy-api-audit-checkpoint:v1:<seq>:<head_hash>:<at>` (UTF-8; `at` in UTC, "
        "ISO 8601 with microseconds and +00:00)"
    )


class PublicKeyRead(BaseModel):
    algorithm: Literal["Ed25519"] = "Ed25519"
    key_id: str = Field(description="SHA-256 of the raw public key, hex")
    raw: str = Field(description="the 32-byte public key, base64")
    pem: str = Field(description="the public key as PEM (SubjectPublicKeyInfo)")


class CheckpointPage(Page[CheckpointRead]):
    public_key: PublicKeyRead | None = Field(
        description="The key checkpoints are signed with now; null when none is configured"
    )
