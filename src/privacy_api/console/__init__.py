"""The operations console at /console/: server-rendered pages over the services' own rules."""

from fastapi import APIRouter

from privacy_api.console.ops import router as ops_router
from privacy_api.console.router import router as console_router

CONSOLE_ROUTERS: tuple[APIRouter, ...] = (console_router, ops_router)
