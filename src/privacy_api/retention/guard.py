"""The guards around an irreversible sweep: real-clock runs only, and a confirmation when
the due set is far beyond the usual."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from privacy_api.core.http.errors import Conflict, Unprocessable
from privacy_api.core.time import clock
from privacy_api.records.models import Record
from privacy_api.subjects.models import Subject


class FutureRunRefused(Unprocessable):
    slug, title = "retention-future-run", "A sweep that changes data runs at the real clock"


class ConfirmationRequired(Conflict):
    slug, title = "retention-confirmation-required", "This sweep needs an explicit confirmation"


def run_instant(at: datetime | None, *, dry_run: bool) -> datetime:
    """The instant a sweep judges by: `at` or now; a future `at` only for a dry run.

    Erasure cannot be undone, so what it erases is what is due now: a run "as of" a later
    date would erase what the policy still keeps (and, dated far enough, everything). A past
    `at` is allowed for a real run (catching up): every rule counts its period back from
    `at`, so it can only find less due than a run now."""
    now = clock.now()
    if at is None:
        return now
    if not dry_run and at > now:
        raise FutureRunRefused(
            f"'at' ({at.isoformat()}) is after the current time ({now.isoformat()}): a run "
            'dated in the future is for dry runs only. Send {"dry_run": true} to see what '
            "it would change, or leave 'at' out to run now."
        )
    return at


@dataclass(frozen=True)
class DueSet:
    """How much one sweep would take, against how much there is."""

    subjects: int
    records: int
    all_subjects: int
    all_records: int

    @property
    def count(self) -> int:
        """The number a caller confirms: subjects to erase plus records to erase or
        anonymise (each counted by its own rule, as the preview shows them)."""
        return self.subjects + self.records

    def beyond(self, max_share: float) -> bool:
        return (
            self.subjects > max_share * self.all_subjects
            or self.records > max_share * self.all_records
        )

    def report(self) -> dict[str, Any]:
        return {
            "subjects": self.subjects,
            "records": self.records,
            "of_subjects": self.all_subjects,
            "of_records": self.all_records,
            "confirm_count": self.count,
        }


def due_set(session: Session, plan: dict[str, Any]) -> DueSet:
    """The due set of a preview's report, with the totals it is measured against: two
    COUNTs, never rows, so it costs the same on a million records as on ten."""
    rules = plan["rules"].values()
    live_subjects = select(func.count()).select_from(Subject).where(Subject.erased_at.is_(None))
    live_records = select(func.count()).select_from(Record).where(Record.anonymised_at.is_(None))
    return DueSet(
        subjects=sum(int(r["subjects"]) for r in rules),
        records=sum(int(r["records"]) for r in rules) + int(plan["released_holds"]),
        all_subjects=int(session.scalar(live_subjects) or 0),
        all_records=int(session.scalar(live_records) or 0),
    )


def check_confirmed(due: DueSet, *, max_share: float, confirm_count: int | None) -> str | None:
    """Why the sweep must stop before changing anything, or None when it may go on.

    A confirmation names the count it agrees to, so it cannot approve a larger set that
    grew after the caller looked (or a different run altogether)."""
    if confirm_count is not None and confirm_count != due.count:
        return f"the confirmation was for {confirm_count}, but {due.count} are due now"
    if confirm_count is None and due.beyond(max_share):
        return f"more than {max_share:.0%} of all subjects or of all records would go at once"
    return None


def refusal(due: DueSet, *, reason: str, max_share: float, run_id: int) -> ConfirmationRequired:
    return ConfirmationRequired(
        f"Nothing was changed: this sweep would erase {due.subjects} of {due.all_subjects} "
        f"subjects and erase or anonymise {due.records} of {due.all_records} records, and "
        f"{reason}. Check with a dry run, then confirm with "
        f'{{"dry_run": false, "confirm_count": {due.count}}} '
        f"(command line: --confirm {due.count}).",
        due=due.report(),
        confirm_count=due.count,
        max_share=max_share,
        run_id=run_id,
    )
