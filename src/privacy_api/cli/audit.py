"""The audit trail: verify the chain, make a checkpoint key, sign a checkpoint."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from privacy_api.cli.common import _database, emit, say
from privacy_api.config import Settings


def cmd_audit_verify(args: argparse.Namespace, settings: Settings) -> int:
    from privacy_api.audit import checkpoints, verify

    key = None
    if args.public_key:
        try:
            key = checkpoints.public_key_from_bytes(Path(args.public_key).read_bytes())
        except (OSError, ValueError) as exc:
            say(f"privacy-api: --public-key {args.public_key}: {exc}")
            return 2
    verdict = verify.verify(_database(settings), settings, key=key)
    for warning in verdict.warnings:
        say(f"warning: {warning}")
    if not verdict.ok:
        emit(
            f"audit chain BROKEN at entry {verdict.first_bad}: {verdict.reason} "
            f"({verdict.entries} entries verified before it)"
        )
        return 1
    proven = (
        f"; {verdict.checkpoints_checked} signed checkpoints hold, the newest at entry "
        f"{verdict.last_checkpoint_seq} ({verdict.last_checkpoint_at:%Y-%m-%dT%H:%M:%SZ})"
        if verdict.last_checkpoint_at
        else "; no signed checkpoint checked"
    )
    emit(f"audit chain ok: {verdict.entries} entries{proven}")
    return 3 if args.strict and verdict.warnings else 0


def cmd_audit_keygen(args: argparse.Namespace, _settings: Settings) -> int:
    from privacy_api.audit import checkpoints

    try:
        public = checkpoints.new_key_file(Path(args.file))
    except FileExistsError:
        say(f"privacy-api: {args.file} exists; a signing key is never overwritten")
        return 1
    except OSError as exc:
        say(f"privacy-api: {args.file}: {exc.strerror}")
        return 1
    say(f"signing key written to {args.file} (mode 0600); its public key, for auditors:")
    emit(public.pem.rstrip())
    return 0


def cmd_audit_checkpoint(_args: argparse.Namespace, settings: Settings) -> int:
    from privacy_api.audit import checkpoints

    made = checkpoints.checkpoint_now(_database(settings), settings)
    if made is None:
        say("privacy-api: no audit signing key: set PRIVACY_API_AUDIT_SIGNING_KEY_FILE")
        return 1
    emit(
        json.dumps(
            {
                "id": made.id,
                "seq": made.seq,
                "head_hash": made.head_hash,
                "at": made.at.isoformat(),
                "key_id": made.key_id,
                "signature": made.signature,
            }
        )
    )
    return 0
