"""privacy-api: the privacy back end of onetagger.com, its server, worker and operations."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import signal
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.orm import Session

from privacy_api.config import ENV_PREFIX, Settings, UnknownSettingError, load_settings
from privacy_api.core import apikeys
from privacy_api.core.db import Database
from privacy_api.core.errors import ProblemError
from privacy_api.core.logging import configure_logging

Handler = Callable[[argparse.Namespace, Settings], int]


def cli_actor() -> str:
    """Who runs a CLI command, as the audit trail names them."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


def emit(line: str) -> None:
    """Output for the caller's pipe (a key, a document): stdout."""
    sys.stdout.write(line + "\n")


def say(line: str) -> None:
    """Messages for the operator: stderr, so stdout stays machine-readable."""
    sys.stderr.write(line + "\n")


def _database(settings: Settings) -> Database:
    return Database.connect(settings.database_url, pool_size=1)


def cmd_migrate(_args: argparse.Namespace, settings: Settings) -> int:
    from privacy_api.migrate import upgrade

    upgrade(settings.database_url)
    say("database is at the latest revision")
    return 0


def served_base_url(host: str, port: int) -> str:
    """The address `serve` answers on, as links name it; a wildcard host is reached on
    loopback from this machine (set PRIVACY_API_PUBLIC_BASE_URL for anyone else)."""
    if host in ("0.0.0.0", "", "::"):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _follow_served_address(args: argparse.Namespace, settings: Settings) -> Settings:
    """Links in mail name the address served unless PRIVACY_API_PUBLIC_BASE_URL says
    otherwise. Through the environment, so uvicorn's app factory (and its worker processes)
    read the same settings."""
    if os.environ.get(f"{ENV_PREFIX}PUBLIC_BASE_URL", "").strip():
        return settings
    os.environ[f"{ENV_PREFIX}PUBLIC_BASE_URL"] = served_base_url(args.host, args.port)
    load_settings.cache_clear()
    return load_settings()


def _trusted_proxies(args: argparse.Namespace) -> str | None:
    """FORWARDED_ALLOW_IPS (uvicorn's variable): the proxies whose X-Forwarded-For names the
    client. Unset, none is trusted: every client is the address that connected."""
    trusted = os.environ.get("FORWARDED_ALLOW_IPS", "").strip()
    return trusted or ("127.0.0.1" if args.proxy_headers else None)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    configure_logging(settings.log_level)
    settings = _follow_served_address(args, settings)
    trusted = _trusted_proxies(args)
    if not args.with_scheduler:
        _run_uvicorn(args, trusted)
        return 0
    from privacy_api.worker import start_in_background

    scheduler = start_in_background(Database.connect(settings.database_url, pool_size=2), settings)
    # uvicorn shuts down on SIGINT/SIGTERM, then raises the signal again under the handler
    # it found: this one, which notes it, so the scheduler is stopped before the process
    # ends the way the signal asks.
    received: list[int] = []
    handled = (signal.SIGINT, signal.SIGTERM)
    previous = {
        sig: signal.signal(sig, lambda sig, _frame: received.append(sig)) for sig in handled
    }
    try:
        _run_uvicorn(args, trusted)
    finally:
        scheduler.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if received:
        signal.raise_signal(received[0])
    return 0


def _run_uvicorn(args: argparse.Namespace, trusted: str | None) -> None:
    import uvicorn

    uvicorn.run(
        "privacy_api.app:create_default_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        # httptools, with a deadline on each request's headers (core/server.py).
        http="privacy_api.core.server:HeaderDeadlineProtocol",
        loop="uvloop",
        access_log=False,
        log_config=None,
        proxy_headers=trusted is not None,
        forwarded_allow_ips=trusted,
        server_header=False,
    )


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


def cmd_register_load(args: argparse.Namespace, settings: Settings) -> int:
    from privacy_api.policy import service as policy
    from privacy_api.register import service as register
    from privacy_api.register.spec import RegisterInvalid

    path = Path(args.file) if args.file else register.default_register_path()
    try:
        document = register.read_register_file(path)
    except RegisterInvalid as exc:
        say(f"privacy-api: {path} is not a valid register; nothing was stored:")
        for error in exc.errors:
            say(f"  - {error}")
        return 1
    db = _database(settings)
    with db.transaction() as session:
        loaded, created = register.load_register(
            session, document=document, source=path.name, actor=cli_actor()
        )
        # A register that changes what the policy shows publishes a new version (policy §5).
        published = policy.publish_register_changes(
            session, public_base_url=settings.public_base_url, actor=cli_actor()
        )
    say(f"register version {loaded.version} " + ("stored" if created else "unchanged"))
    if published is not None:
        material = " (material: consent asked again, notices queued)" if published.material else ""
        say(f"policy version {published.version} published{material}")
    return 0


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


def cmd_worker(_args: argparse.Namespace, settings: Settings) -> int:
    from privacy_api.worker import all_jobs, serve_forever

    configure_logging(settings.log_level)
    db = Database.connect(settings.database_url, pool_size=2)
    serve_forever(db, all_jobs(db, settings))
    return 0


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


def cmd_openapi(_args: argparse.Namespace, _settings: Settings) -> int:
    from privacy_api.openapi import openapi_document

    emit(json.dumps(openapi_document(), indent=2, sort_keys=True, ensure_ascii=False))
    return 0


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


def _message_id(text: str) -> int:
    value = int(text)
    if not 1 <= value < 2**63:
        raise ValueError(text)
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="privacy-api",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("migrate", help="apply database migrations").set_defaults(run=cmd_migrate)

    serve = sub.add_parser("serve", help="serve the HTTP API (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument(
        "--with-scheduler",
        action="store_true",
        help="also run the scheduled jobs (outbox, sweep, checkpoints, digest) in this process",
    )
    serve.add_argument(
        "--proxy-headers",
        action="store_true",
        help="trust X-Forwarded-For from a proxy on 127.0.0.1 (others: FORWARDED_ALLOW_IPS)",
    )
    serve.set_defaults(run=cmd_serve)

    keys = sub.add_parser("keys", help="manage API keys").add_subparsers(
        dest="keys_command", required=True
    )
    create = keys.add_parser("create", help="create a key; prints it once, as the last line")
    create.add_argument("--name", required=True)
    create.add_argument("--scopes", required=True, help="comma-separated, e.g. consent:read")
    create.set_defaults(run=cmd_keys_create)
    keys.add_parser("list", help="list keys (never the keys themselves)").set_defaults(
        run=cmd_keys_list
    )
    revoke = keys.add_parser("revoke", help="revoke a key by name")
    revoke.add_argument("name")
    revoke.set_defaults(run=cmd_keys_revoke)

    reg = sub.add_parser("register", help="the register of processing").add_subparsers(
        dest="register_command", required=True
    )
    load = reg.add_parser("load", help="validate and store the register file as a new version")
    load.add_argument("file", nargs="?", help="default: the packaged policy/onetagger.yaml")
    load.set_defaults(run=cmd_register_load)

    audit = sub.add_parser("audit", help="the audit trail").add_subparsers(
        dest="audit_command", required=True
    )
    check = audit.add_parser(
        "verify", help="check the chain and its signed checkpoints; exit 1 naming the first bad"
    )
    check.add_argument(
        "--public-key",
        metavar="FILE",
        help="check checkpoints against this Ed25519 public key (PEM, raw or base64) instead "
        "of the configured signing key",
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="exit 3 when the proof is weak (no key, no checkpoint, none recent)",
    )
    check.set_defaults(run=cmd_audit_verify)
    audit.add_parser(
        "checkpoint", help="sign the chain's head now (the worker does it hourly)"
    ).set_defaults(run=cmd_audit_checkpoint)
    keygen = audit.add_parser(
        "keygen",
        help="write a new Ed25519 signing key (owner-only) for "
        "PRIVACY_API_AUDIT_SIGNING_KEY_FILE and print its public key",
    )
    keygen.add_argument("file", help="where to write it; an existing file is never replaced")
    keygen.set_defaults(run=cmd_audit_keygen)

    retention = sub.add_parser("retention", help="the retention sweep").add_subparsers(
        dest="retention_command", required=True
    )
    sweep = retention.add_parser("run", help="erase or anonymise what the register says is due")
    sweep.add_argument("--dry-run", action="store_true", help="report only, change nothing")
    sweep.add_argument(
        "--at", help="the instant to judge by (ISO-8601 with offset; a future one: --dry-run only)"
    )
    sweep.add_argument(
        "--confirm",
        type=_count,
        metavar="COUNT",
        help="confirm a sweep far beyond the usual: the count its refusal announced",
    )
    sweep.set_defaults(run=cmd_retention_run)

    sub.add_parser(
        "worker", help="deliver the outbox (and run retention) on a schedule"
    ).set_defaults(run=cmd_worker)
    outbox = sub.add_parser("outbox", help="the outbox of mail and webhooks").add_subparsers(
        dest="outbox_command", required=True
    )
    outbox.add_parser(
        "deliver", help="send what is due, once (for cron); exit 1 when a message is given up"
    ).set_defaults(run=cmd_outbox_deliver)
    listing = outbox.add_parser("list", help="list messages given up after their last attempt")
    listing.add_argument("--dead", action="store_true", help="given-up messages (required)")
    listing.set_defaults(run=cmd_outbox_list)
    retry = outbox.add_parser("retry", help="give a given-up message a new round of attempts")
    retry.add_argument("id", type=_message_id, help="the message id, as `outbox list --dead` shows")
    retry.set_defaults(run=cmd_outbox_retry)

    sub.add_parser("openapi", help="print the OpenAPI document").set_defaults(
        run=cmd_openapi, needs_settings=False
    )
    parser.epilog = "commands:\n" + "\n".join(
        f"  {name:<28} {text}" for name, text in _commands(parser)
    )
    return parser


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> list[tuple[str, str]]:
    """Every runnable command with its one-line help, sub-commands spelled out."""
    found: list[tuple[str, str]] = []
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
        for name, child in action.choices.items():
            path = f"{prefix} {name}".strip()
            nested = _commands(child, path)
            found.extend(nested or [(path, helps.get(name, ""))])
    return found


def _without_values(exc: ValidationError) -> str:
    """Each problem by the environment variable that set it, never the value given (it may
    be a secret): `PRIVACY_API_SMTP_PORT: Input should be a valid integer`."""
    return "; ".join(
        _variable_problem(error["loc"], error["msg"])
        for error in exc.errors(include_url=False, include_input=False)
    )


def _variable_problem(loc: tuple[int | str, ...], message: str) -> str:
    message = message.removeprefix("Value error, ")
    if not loc:
        return message  # a check across settings: its message names the variables
    field = str(loc[0])
    variable = "DATABASE_URL" if field == "database_url" else f"{ENV_PREFIX}{field.upper()}"
    return f"{variable}: {message}"


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run: Handler = args.run
    if not getattr(args, "needs_settings", True):
        # The document does not depend on this machine, and printing it must not create
        # an SQLite key file where it runs.
        return run(args, Settings(database_url="sqlite://"))
    try:
        settings = load_settings()
    except UnknownSettingError as exc:
        say(f"privacy-api: {exc}")
        return 2
    except ValidationError as exc:
        say(f"privacy-api: {_without_values(exc)}")
        return 2
    try:
        return run(args, settings)
    except ProblemError as exc:
        say(f"privacy-api: {exc.detail}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
