"""Running the sweep with the erasure that rights requests use."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.http.errors import NotFound
from privacy_api.core.security.secrets import DerivedKeys
from privacy_api.dsar.limits import CODE_TRY_WINDOW
from privacy_api.policy import service as policy_service
from privacy_api.retention import guard, sweep
from privacy_api.retention.models import RetentionRun
from privacy_api.rights import service as rights

_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
_LATEST = datetime(9000, 1, 1, tzinfo=UTC)


def plausible_as_of(at: datetime) -> datetime:
    """An instant to run the rules as of, from the API or the command line."""
    # Periods and statutory holds are subtracted from `at`: a year like 0005 would leave
    # the calendar (found by fuzzing). Runs "as of" another time are for tests and catch-up.
    if at.tzinfo is None:
        raise ValueError("needs an offset, e.g. 2026-11-25T00:00:00+00:00")
    if not _EARLIEST <= at < _LATEST:
        raise ValueError("must be between 2000-01-01 and 9000-01-01")
    return at


class RunNotFound(NotFound):
    slug, title = "retention-run-not-found", "No such retention run"


def _windows(settings: Settings) -> sweep.Windows:
    return sweep.Windows(
        idempotency=timedelta(hours=settings.idempotency_key_hours),
        # The counters' table holds the intake windows and the daily code-try budgets; a
        # row goes only once the longer of the two has ended, or a sweep would hand an
        # address its budget back early.
        intake=max(timedelta(seconds=settings.dsar_intake_window_seconds), CODE_TRY_WINDOW),
    )


def preview(session: Session, settings: Settings, at: datetime) -> dict[str, Any]:
    """What a run at `at` would change, under the register in force; changes nothing."""
    spec, _ = policy_service.in_force(session)
    return sweep.preview(session, spec, at, windows=_windows(settings))


def run(
    db: Database,
    settings: Settings,
    *,
    at: datetime | None,
    dry_run: bool,
    actor: str,
    confirm_count: int | None = None,
) -> RetentionRun:
    """A sweep at `at` (default now). A run that changes data judges at the real clock (a
    future `at` is 422) and stops, changing nothing (409), when its due set is beyond
    `retention_max_share` of all subjects or records and `confirm_count` does not name it."""
    moment = guard.run_instant(at, dry_run=dry_run)
    with db.transaction(write=False) as session:
        spec, policy_version = policy_service.in_force(session)
    ctx = rights.Fulfilment(
        spec=spec,
        policy_version=policy_version,
        keys=DerivedKeys(settings.secret_key),
        public_base_url=settings.public_base_url,
    )

    def erase(session: Session, subject_id: str) -> dict[str, Any]:
        return rights.erase(session, subject_id=subject_id, actor=sweep.ACTOR, ctx=ctx)

    return sweep.run_sweep(
        db,
        spec=spec,
        at=moment,
        dry_run=dry_run,
        actor=actor,
        erase_subject=erase,
        batch_size=settings.retention_batch_size,
        windows=_windows(settings),
        max_share=settings.retention_max_share,
        confirm_count=confirm_count,
    )


def get_run(session: Session, run_id: int) -> RetentionRun:
    found = session.get(RetentionRun, run_id)
    if found is None:
        raise RunNotFound(f"There is no retention run {run_id}.")
    return found


def recent_runs(session: Session, limit: int) -> list[RetentionRun]:
    return list(session.scalars(select(RetentionRun).order_by(RetentionRun.id.desc()).limit(limit)))
