"""API keys: create, list, revoke (each audited)."""

from __future__ import annotations

import argparse

from sqlalchemy.orm import Session

from privacy_api.cli.common import _database, cli_actor, emit, say
from privacy_api.config import Settings
from privacy_api.core.security import apikeys


def _audit_key(session: Session, action: str, name: str, details: dict[str, object]) -> None:
    from privacy_api.audit import service as audit

    audit.append_entry(
        session, actor=cli_actor(), action=action, target=f"api-key/{name}", details=details
    )


def cmd_keys_create(args: argparse.Namespace, settings: Settings) -> int:
    scopes = apikeys.parse_scopes(args.scopes)
    db = _database(settings)
    with db.transaction() as session:
        key = apikeys.create_key(session, name=args.name, scopes=scopes)
        _audit_key(session, "key.created", args.name, {"scopes": list(scopes)})
    say(f"created key {args.name!r} with scopes {','.join(scopes)}; it is shown only now")
    emit(key)
    return 0


def cmd_keys_list(_args: argparse.Namespace, settings: Settings) -> int:
    db = _database(settings)
    with db.transaction(write=False) as session:
        keys = apikeys.list_keys(session)
    emit(f"{'NAME':<24} {'SCOPES':<40} {'CREATED':<32} REVOKED")
    for info in keys:
        revoked = info.revoked_at.isoformat() if info.revoked_at else "-"
        emit(
            f"{info.name:<24} {','.join(info.scopes):<40} "
            f"{info.created_at.isoformat():<32} {revoked}"
        )
    return 0


def cmd_keys_revoke(args: argparse.Namespace, settings: Settings) -> int:
    db = _database(settings)
    with db.transaction() as session:
        apikeys.revoke_key(session, name=args.name)
        _audit_key(session, "key.revoked", args.name, {})
    say(f"revoked key {args.name!r}")
    return 0
