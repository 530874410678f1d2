"""Operational endpoints: public, cheap, and never touching personal data."""

from __future__ import annotations

from fastapi import Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from privacy_api.core.data.db import Database
from privacy_api.core.http.routing import api_router
from privacy_api.core.security.auth import require
from privacy_api.health.readiness import check_ready

router = api_router(tags=["operations"])
_GAUGES_READER = require("audit:read")


class Health(BaseModel):
    status: str


@router.get("/healthz")
async def healthz() -> Health:
    """Liveness: 200 while the process runs."""
    return Health(status="ok")


@router.get("/favicon.ico", include_in_schema=False, status_code=204)
async def favicon() -> Response:
    """Browsers ask for it on every page; no icon, and no 404 in their consoles."""
    return Response(status_code=204, headers={"Cache-Control": "public, max-age=604800"})


@router.get(
    "/readyz",
    responses={
        503: {
            "description": "Not ready: the database does not answer, its migrations are "
            "behind the code, or no register is loaded (the problem's type says which)"
        }
    },
)
async def readyz(request: Request) -> Health:
    """Readiness: 200 when the database answers at the code's schema with a register
    loaded, else 503 naming the reason."""
    db: Database = request.app.state.db
    await run_in_threadpool(check_ready, db)
    return Health(status="ready")


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
async def metrics(request: Request) -> Response:
    """Prometheus metrics: request counts and latency by route template and status; with a
    key holding `audit:read` (Prometheus's `authorization` setting) also the operations
    gauges, which tell of overdue requests and open breaches and are not for the public."""
    body = generate_latest(request.app.state.metrics.registry)
    if request.headers.get("authorization"):
        await _GAUGES_READER(request)  # 401 / 403: a scraper misconfigured is told so
        # The gauges query the database (ops/metrics.py): off the loop.
        body += await run_in_threadpool(generate_latest, request.app.state.ops_metrics)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
