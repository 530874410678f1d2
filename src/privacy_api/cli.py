"""The privacy-api command: migrate, serve, keys, openapi (later issues add theirs)."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence

from pydantic import ValidationError

from privacy_api.config import Settings, UnknownSettingError, load_settings
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


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    configure_logging(settings.log_level)
    uvicorn.run(
        "privacy_api.app:create_default_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        http="httptools",
        loop="uvloop",
        access_log=False,
        log_config=None,
        proxy_headers=args.proxy_headers,
        server_header=False,
    )
    return 0


def cmd_keys_create(args: argparse.Namespace, settings: Settings) -> int:
    scopes = apikeys.parse_scopes(args.scopes)
    db = _database(settings)
    with db.transaction() as session:
        key = apikeys.create_key(session, name=args.name, scopes=scopes)
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
    say(f"revoked key {args.name!r}")
    return 0


def cmd_openapi(_args: argparse.Namespace, _settings: Settings) -> int:
    from privacy_api.openapi import openapi_document

    emit(json.dumps(openapi_document(), indent=2, sort_keys=True, ensure_ascii=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="privacy-api", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("migrate", help="apply database migrations").set_defaults(run=cmd_migrate)

    serve = sub.add_parser("serve", help="serve the HTTP API (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument(
        "--proxy-headers",
        action="store_true",
        help="trust X-Forwarded-For from the reverse proxy for client addresses",
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

    sub.add_parser("openapi", help="print the OpenAPI document").set_defaults(run=cmd_openapi)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except (UnknownSettingError, ValidationError) as exc:
        say(f"privacy-api: invalid settings: {exc}")
        return 2
    run: Handler = args.run
    try:
        return run(args, settings)
    except ProblemError as exc:
        say(f"privacy-api: {exc.detail}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
