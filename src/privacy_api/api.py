"""The table of contents of /v1: every domain's router, in the order of the policy.

Each router is included straight into the app: this FastAPI matches included routers level
by level, and one level less is worth a tenth of a hot endpoint's throughput.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from privacy_api.keys.router import router as keys_router

V1_ROUTERS: tuple[APIRouter, ...] = (keys_router,)


def include_v1(app: FastAPI) -> None:
    for router in V1_ROUTERS:
        app.include_router(router, prefix="/v1")
