"""Reading and verifying the audit trail (policy §4: every access attributable)."""

from __future__ import annotations

import base64

from fastapi import Query

from privacy_api.audit import checkpoints, service, verify
from privacy_api.audit.schemas import (
    AuditEntryRead,
    BadEntry,
    ChainVerdict,
    CheckpointPage,
    CheckpointRead,
    PublicKeyRead,
)
from privacy_api.core.data.session import DbSession
from privacy_api.core.http.pagination import Cursor, Limit, Page, decode_int_cursor, encode_cursor
from privacy_api.core.http.request import Context
from privacy_api.core.http.routing import api_router
from privacy_api.core.http.types import Timestamp
from privacy_api.core.security.auth import AuditRead

router = api_router(tags=["audit"])


@router.get("/audit")
def list_audit(
    session: DbSession,
    _caller: AuditRead,
    subject_id: str | None = Query(default=None, max_length=128),
    actor: str | None = Query(default=None, max_length=128),
    action: str | None = Query(default=None, max_length=64),
    since: Timestamp | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[AuditEntryRead]:
    """Audit entries, oldest first, filtered by subject, actor, action or time."""
    entries = service.list_entries(
        session,
        subject_id=subject_id,
        actor=actor,
        action=action,
        since=since,
        after_seq=decode_int_cursor(cursor),
        limit=limit + 1,
    )
    page = entries[:limit]
    next_cursor = encode_cursor([page[-1].seq]) if len(entries) > limit else None
    return Page(
        items=[AuditEntryRead.model_validate(e, from_attributes=True) for e in page],
        next_cursor=next_cursor,
    )


@router.get("/audit/verify")
def verify_audit(context: Context, _caller: AuditRead) -> ChainVerdict:
    """Recompute the hash chain in one snapshot and check it against every signed checkpoint:
    ok, or the first entry that was altered, removed or moved (policy §4)."""
    verdict = verify.verify(context.db, context.settings)
    bad = (
        BadEntry(seq=verdict.first_bad, reason=verdict.reason or "")
        if verdict.first_bad is not None
        else None
    )
    return ChainVerdict(
        ok=verdict.ok,
        entries=verdict.entries,
        first_bad=bad,
        checkpoints_checked=verdict.checkpoints_checked,
        last_checkpoint_seq=verdict.last_checkpoint_seq,
        last_checkpoint_at=verdict.last_checkpoint_at,
        key_id=verdict.key_id,
        warnings=list(verdict.warnings),
    )


@router.get("/audit/checkpoints")
def list_checkpoints(
    session: DbSession,
    context: Context,
    _caller: AuditRead,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> CheckpointPage:
    """Signed checkpoints of the chain's head, oldest first, with the public key that checks
    them offline (policy §4: provable against whoever holds the database)."""
    found = checkpoints.list_checkpoints(
        session, after_id=decode_int_cursor(cursor), limit=limit + 1
    )
    page = found[:limit]
    key = checkpoints.verify_key(context.settings)
    return CheckpointPage(
        items=[CheckpointRead.model_validate(c, from_attributes=True) for c in page],
        next_cursor=encode_cursor([page[-1].id]) if len(found) > limit else None,
        public_key=(
            PublicKeyRead(key_id=key.key_id, raw=base64.b64encode(key.raw).decode(), pem=key.pem)
            if key
            else None
        ),
    )
