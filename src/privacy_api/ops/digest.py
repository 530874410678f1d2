"""The daily operations digest: the status counts and ticket ids, to PRIVACY_API_OPS_EMAIL.

Queued in the outbox like every other mail, so it is retried, and listed among the dead if it
never goes. The scheduler runs it once per interval for the deployment (ops/jobs.py).
"""

from __future__ import annotations

from typing import Any

from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.ops.status import OpsStatus, TicketDue, snapshot
from privacy_api.outbox import service as outbox


def _ticket(ticket: TicketDue) -> dict[str, str]:
    return {"id": ticket.id, "due_at": ticket.due_at.isoformat(timespec="minutes")}


def digest_mail(status: OpsStatus, to: str) -> dict[str, Any]:
    """The digest as an outbox row's values."""
    return outbox.mail(
        to=to,
        template="ops_digest",
        lang="en",
        reference=f"ops-digest/{status.at.date().isoformat()}",
        day=status.at.date().isoformat(),
        at=status.at.isoformat(timespec="seconds"),
        overdue=status.dsar_overdue,
        due_soon=status.dsar_due_soon,
        dead=status.outbox_dead,
        breaches=status.breaches_open,
        breaches_late=status.breaches_authority_overdue,
        overdue_tickets=[_ticket(t) for t in status.overdue],
        due_soon_tickets=[_ticket(t) for t in status.due_soon],
    )


def queue_digest(db: Database, settings: Settings) -> dict[str, Any]:
    """Queue one digest now; nothing when no address is configured."""
    if not settings.ops_email:
        return {"queued": False}
    with db.transaction() as session:
        status = snapshot(session, clock.now(), with_ids=True)
        message = outbox.enqueue(session, digest_mail(status, settings.ops_email))
        session.flush()
        return {"queued": True, "message": message.id}
