"""privacy-api: the privacy back end of onetagger.com, its server, worker and operations."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from pydantic import ValidationError

from privacy_api.cli.audit import cmd_audit_checkpoint, cmd_audit_keygen, cmd_audit_verify
from privacy_api.cli.common import Handler, say
from privacy_api.cli.keys import cmd_keys_create, cmd_keys_list, cmd_keys_revoke
from privacy_api.cli.outbox import cmd_outbox_deliver, cmd_outbox_list, cmd_outbox_retry
from privacy_api.cli.register import cmd_openapi, cmd_register_load
from privacy_api.cli.retention import cmd_retention_run
from privacy_api.cli.serve import cmd_migrate, cmd_serve, cmd_worker, cmd_worker_health
from privacy_api.config import ENV_PREFIX, Settings, UnknownSettingError, load_settings
from privacy_api.core.http.errors import ProblemError
from privacy_api.outbox import devmail


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

    worker = sub.add_parser(
        "worker",
        help="deliver the outbox (and run retention) on a schedule",
        description="Bare: run the schedule until stopped. `worker health`: check a running one.",
    )
    worker.set_defaults(run=cmd_worker)
    worker.add_subparsers(dest="worker_command", metavar="[health]").add_parser(
        "health",
        help="exit 0 while a scheduler on this host beats (the worker's container health check)",
    ).set_defaults(run=cmd_worker_health)
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
    devmail.add_commands(sub)
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
            if not nested or child.get_default("run") is not None:  # `worker` runs bare too
                found.append((path, helps.get(name, "")))
            found.extend(nested)
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
