"""The table of contents of /v1: every domain's router, in the order of the policy."""

from __future__ import annotations

from fastapi import APIRouter

from privacy_api.keys.router import router as keys_router

v1 = APIRouter(prefix="/v1")
v1.include_router(keys_router)
