"""Retention: preview what is due, run the sweep, read each run's report."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Path
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictInt

from privacy_api.core.data.session import DbSession
from privacy_api.core.http.pagination import Limit, Page
from privacy_api.core.http.request import Context
from privacy_api.core.http.routing import api_router
from privacy_api.core.http.types import MAX_ROW_ID, Timestamp
from privacy_api.core.security.auth import RetentionRun as RetentionScope
from privacy_api.core.time import clock
from privacy_api.retention import service

AsOf = Annotated[Timestamp, AfterValidator(service.plausible_as_of)]

router = api_router(tags=["retention"])


class RunRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    dry_run: StrictBool = False
    at: AsOf | None = None
    confirm_count: Annotated[StrictInt, Field(ge=0, le=2**62)] | None = Field(
        default=None,
        description="Confirms a sweep far beyond the usual: the count its 409 announced",
    )


class RunRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    dry_run: bool
    actor: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    report: dict[str, Any]


@router.get("/retention/preview")
def preview(
    session: DbSession, _caller: RetentionScope, context: Context, at: AsOf | None = None
) -> dict[str, Any]:
    """Per rule: how many records and subjects would go at `at` (default now), and how
    many responses kept for Idempotency-Keys; no change."""
    return service.preview(session, context.settings, at or clock.now())


@router.post("/retention/runs", status_code=201)
def start_run(body: RunRequest, caller: RetentionScope, context: Context) -> RunRead:
    """Run the sweep and answer with its report. A run that changes data judges at the real
    clock (a future `at` is for dry runs: 422); a concurrent run is refused (409), and so is
    one far beyond the usual until confirmed with `confirm_count` (409, changing nothing)."""
    return RunRead.model_validate(
        service.run(
            context.db,
            context.settings,
            at=body.at,
            dry_run=body.dry_run,
            actor=caller.name,
            confirm_count=body.confirm_count,
        )
    )


@router.get("/retention/runs")
def list_runs(session: DbSession, _caller: RetentionScope, limit: Limit = 20) -> Page[RunRead]:
    """The latest runs, newest first."""
    return Page(items=[RunRead.model_validate(r) for r in service.recent_runs(session, limit)])


@router.get("/retention/runs/{run_id}")
def get_run(
    session: DbSession, _caller: RetentionScope, run_id: int = Path(ge=1, le=MAX_ROW_ID)
) -> RunRead:
    """One run's report: per rule counts, start and end, status."""
    return RunRead.model_validate(service.get_run(session, run_id))
