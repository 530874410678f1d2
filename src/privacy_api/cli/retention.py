"""The retention sweep, run by hand: what is due, and erasing it once confirmed."""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from privacy_api.cli.common import _database, cli_actor, emit, say
from privacy_api.config import Settings
from privacy_api.core.data.db import Database


def cmd_retention_run(args: argparse.Namespace, settings: Settings) -> int:
    from privacy_api.retention import service as retention
    from privacy_api.retention.guard import ConfirmationRequired, FutureRunRefused, run_instant
    from privacy_api.retention.lock import RetentionBusy

    try:
        at = retention.plausible_as_of(datetime.fromisoformat(args.at)) if args.at else None
        run_instant(at, dry_run=args.dry_run)
    except ValueError as exc:
        say(f"privacy-api: --at {args.at!r}: {exc}")
        return 2
    except FutureRunRefused:
        say(
            f"privacy-api: --at {args.at!r} is in the future: a run that changes data is "
            "judged at the real clock; add --dry-run to see what it would change then"
        )
        return 2
    try:
        run = retention.run(
            Database.connect(settings.database_url, pool_size=2),
            settings,
            at=at,
            dry_run=args.dry_run,
            actor=cli_actor(),
            confirm_count=args.confirm,
        )
    except RetentionBusy as exc:
        say(f"privacy-api: {exc.detail}")
        return 3
    except ConfirmationRequired as exc:
        say(f"privacy-api: {exc.detail}")
        return 4
    emit(
        json.dumps(
            {"id": run.id, "status": run.status, "dry_run": run.dry_run, "report": run.report},
            indent=2,
            default=str,
        )
    )
    if not args.dry_run:
        from privacy_api.audit import checkpoints

        # What the sweep erased is signed for at once, not at the next hourly round; the
        # sweep is done whether or not the checkpoint can be made.
        try:
            checkpoints.checkpoint_now(_database(settings), settings)
        except checkpoints.AuditKeyUnusable as exc:
            say(f"privacy-api: no audit checkpoint after the sweep: {exc.detail}")
    return 0
