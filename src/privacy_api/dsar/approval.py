"""What a second key is shown before it approves a request's other address (the rule
itself: rights/addresses.py). Here so the ticket's API answer and the console show the same."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from privacy_api.dsar.models import DsarTicket
from privacy_api.outbox.dead import mask_address
from privacy_api.subjects.models import Subject


def other_address(ticket: DsarTicket) -> str | None:
    """The address something of the person would go to: a rectification's new address,
    else the request's own, where its answer goes."""
    if ticket.type == "rectification":
        corrections = (ticket.details or {}).get("corrections") or {}
        new = corrections.get("email")
        if new:
            return str(new)
    return ticket.email or None


def what_is_approved(session: Session, ticket: DsarTicket) -> dict[str, Any]:
    """What the approver sees: the other address in full, the record's masked, who linked."""
    subject = session.get(Subject, ticket.subject_id) if ticket.subject_id else None
    on_record = subject.email if subject is not None else None
    return {
        "ticket_id": ticket.id,
        "type": ticket.type,
        "subject_id": ticket.subject_id,
        "linked_by": ticket.created_by,
        "other_address": other_address(ticket),
        "address_on_record": mask_address(on_record) if on_record else None,
        "sends": {
            "access": "package link",
            "portability": "package link",
            "rectification": "confirmation code (the new address)",
        }.get(ticket.type, "answer"),
    }
