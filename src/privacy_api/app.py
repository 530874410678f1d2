"""The application factory: settings in, a FastAPI app with every router and middleware out."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from privacy_api import __version__
from privacy_api.api import include_v1
from privacy_api.centre.cookie_policy import router as cookie_policy_router
from privacy_api.centre.router import FAST_LANES as CENTRE_LANES
from privacy_api.centre.router import router as centre_router
from privacy_api.config import Settings, load_settings
from privacy_api.consent.router import FAST_LANES as CONSENT_LANES
from privacy_api.consent.router import wellknown as consent_wellknown
from privacy_api.console import CONSOLE_ROUTERS
from privacy_api.core.data.db import Database
from privacy_api.core.data.hot import HotPath
from privacy_api.core.data.session import session_gate
from privacy_api.core.http.errors import install_problem_handlers
from privacy_api.core.http.fastlane import FastLane
from privacy_api.core.http.middleware import CorsForBrowsers, RequestMiddleware
from privacy_api.core.http.problem_docs import document_problems
from privacy_api.core.http.ratelimit import RateLimiter, SharedRateLimiter
from privacy_api.core.http.request import AppContext
from privacy_api.core.http.streaming import StreamSlots
from privacy_api.core.observe.metrics import HttpMetrics
from privacy_api.core.security.secrets import DerivedKeys
from privacy_api.dsar.router import FAST_LANES as DSAR_LANES
from privacy_api.health.router import router as health_router
from privacy_api.ops.metrics import OpsCollector
from privacy_api.permissions.router import FAST_LANES as PERMISSION_LANES
from privacy_api.register.live import LiveRegister

# Paths whose bodies may exceed the general limit (bulk ingestion).
BATCH_PATHS = frozenset({"/v1/records/batch"})
PERMISSIONS_CHECK_PATH = "/v1/permissions/check"
PERMISSIONS_CHECK_BODY_BYTES = 2 * 1024 * 1024


def create_app(settings: Settings | None = None, *, db: Database | None = None) -> FastAPI:
    settings = settings or load_settings()
    database = db or Database.connect(
        settings.database_url,
        pool_size=settings.db_pool_size,
        connect_timeout=settings.db_connect_timeout_seconds,
    )

    hot = HotPath(
        database,
        settings.database_url,
        pool_size=settings.db_hot_pool_size,
        connect_timeout=settings.db_connect_timeout_seconds,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await hot.open()
        # Everything built at start-up lives as long as the process: keeping it out of the
        # collector's generations makes each full collection, and its pause, shorter.
        gc.collect()
        gc.freeze()
        # A records batch holds ~20,000 live containers at once: at the default gen0
        # threshold (700) the collector ran ~10 times per batch, 1.5 ms of its ~30 ms, to
        # free nothing (requests free their objects by reference count). Cycles are still
        # collected, after 50,000 net allocations instead of 700.
        gc.set_threshold(50_000, *gc.get_threshold()[1:])
        yield
        await hot.dispose()
        if db is None:
            database.dispose()

    app = FastAPI(
        title="privacy-api",
        version=__version__,
        description="The privacy back end of onetagger.com (Connexeon BV).",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = database
    app.state.hot = hot
    app.state.live_register = LiveRegister()
    app.state.session_gate = session_gate(settings.db_pool_size)
    app.state.consent_limiter = _consent_limiter(settings, database)
    app.state.metrics = HttpMetrics()
    # Apart from the public request metrics: only a key with audit:read sees these.
    app.state.ops_metrics = CollectorRegistry(auto_describe=False)
    app.state.ops_metrics.register(OpsCollector(database))
    app.state.keys = DerivedKeys(settings.secret_key)
    app.state.context = AppContext(
        db=database,
        hot=hot,
        settings=settings,
        keys=app.state.keys,
        exports=StreamSlots(settings.export_max_concurrent),
    )
    install_problem_handlers(app, postgresql=database.engine.dialect.name == "postgresql")
    app.include_router(health_router)
    app.include_router(consent_wellknown)
    include_v1(app)
    app.include_router(centre_router)  # the privacy centre's pages, /privacy/
    app.include_router(cookie_policy_router)  # /privacy/cookie-policy
    for console_router in CONSOLE_ROUTERS:
        app.include_router(console_router)
    lanes = CONSENT_LANES + DSAR_LANES + PERMISSION_LANES + CENTRE_LANES
    app.add_middleware(FastLane, lanes=lanes, fastapi=app)
    app.add_middleware(CorsForBrowsers, origins=settings.cors_origins)

    def body_limit_for(path: str) -> int:
        if path in BATCH_PATHS:
            return settings.max_batch_body_bytes
        if path == PERMISSIONS_CHECK_PATH:  # 10,000 ids of 128 characters: 1.3 MB
            return max(settings.max_body_bytes, PERMISSIONS_CHECK_BODY_BYTES)
        return settings.max_body_bytes

    app.add_middleware(
        RequestMiddleware,
        metrics=app.state.metrics,
        body_limit_for=body_limit_for,
        header_limit=settings.max_header_bytes,
        log_requests=settings.access_log,
    )
    _publish_problem_responses(app)
    return app


def _consent_limiter(settings: Settings, db: Database) -> RateLimiter | SharedRateLimiter:
    """For the deployment on PostgreSQL, per process on SQLite (core/http/ratelimit.py)."""
    limit = settings.consent_rate_limit_per_minute
    if db.engine.dialect.name != "postgresql":
        return RateLimiter(limit=limit, window_seconds=60)
    hash_key = DerivedKeys(settings.secret_key).ip_hash
    return SharedRateLimiter(name="consent", limit=limit, window_seconds=60, hash_key=hash_key)


def _publish_problem_responses(app: FastAPI) -> None:
    plain_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_problems(plain_openapi())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def create_default_app() -> FastAPI:
    """Entry point for `uvicorn --factory privacy_api.app:create_default_app`."""
    return create_app()
