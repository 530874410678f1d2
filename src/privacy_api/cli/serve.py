"""Running the service: migrate, serve (with its scheduler or not), the worker."""

from __future__ import annotations

import argparse
import os
import signal

from privacy_api.cli.common import _database, emit, say
from privacy_api.config import ENV_PREFIX, Settings, load_settings
from privacy_api.core.data.db import Database
from privacy_api.core.observe.logging import configure_logging


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
        # httptools, with a deadline on each request's headers (core/http/server.py).
        http="privacy_api.core.http.server:HeaderDeadlineProtocol",
        loop="uvloop",
        access_log=False,
        log_config=None,
        proxy_headers=trusted is not None,
        forwarded_allow_ips=trusted,
        server_header=False,
    )


def cmd_worker(_args: argparse.Namespace, settings: Settings) -> int:
    from privacy_api.worker import all_jobs, serve_forever

    configure_logging(settings.log_level)
    db = Database.connect(settings.database_url, pool_size=2)
    serve_forever(db, all_jobs(db, settings))
    return 0


def cmd_worker_health(_args: argparse.Namespace, settings: Settings) -> int:
    from privacy_api.ops import heartbeat

    health = heartbeat.check(_database(settings))
    emit(f"worker {'healthy' if health.healthy else 'unhealthy'}: {health.reason}")
    # Docker reads 0 as healthy and 1 as unhealthy (2 is reserved).
    return 0 if health.healthy else 1
