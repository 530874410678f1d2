"""The outbox: deliver now, list (dead letters too), retry one."""

from __future__ import annotations

import argparse

from privacy_api.cli.common import _database, cli_actor, emit, say
from privacy_api.config import Settings
from privacy_api.core.observe.logging import configure_logging


def cmd_outbox_deliver(_args: argparse.Namespace, settings: Settings) -> int:
    from privacy_api.worker import deliver_outbox

    configure_logging(settings.log_level)  # a mail written to a file logs where it went
    died = False
    for channel, report in deliver_outbox(_database(settings), settings).items():
        emit(f"{channel}: {report.sent} sent, {report.failed} to retry, {report.dead} given up")
        for failure in report.failures:
            fate = "given up" if failure.dead else "will retry"
            say(f"  message {failure.message_id} {fate}: {failure.reason}")
            died = died or failure.dead
    # Cron mails a failing job's output: a message given up for good must reach someone.
    return 1 if died else 0


def cmd_outbox_list(args: argparse.Namespace, settings: Settings) -> int:
    from privacy_api.outbox import dead

    if not args.dead:
        say("privacy-api: only given-up messages are listed: add --dead")
        return 2
    emit(f"{'ID':>8}  {'KIND':<8} {'RECIPIENT':<28} {'ATTEMPTS':>8}  {'DEAD AT':<25} LAST ERROR")
    after: int | None = None
    with _database(settings).transaction(write=False) as session:
        while rows := dead.list_dead(session, after_id=after, limit=500):
            for row in rows:
                emit(
                    f"{row.id:>8}  {row.kind:<8} {row.recipient:<28} {row.attempts:>8}  "
                    f"{row.dead_at:%Y-%m-%dT%H:%M:%SZ}      {row.last_error or '-'}"
                )
            after = rows[-1].id
    return 0


def cmd_outbox_retry(args: argparse.Namespace, settings: Settings) -> int:
    from privacy_api.outbox import dead

    with _database(settings).transaction() as session:
        shown = dead.retry_dead(session, message_id=args.id, actor=cli_actor())
    say(f"message {shown.id} queued again (it had {shown.attempts} attempts: {shown.last_error})")
    return 0
