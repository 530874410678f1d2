"""When a request can still be fulfilled: the one rule fulfil() enforces and pages offer by.

A request carried out here but waiting for downstream systems (or an objection's decision)
is in progress with its result stored: fulfilling it again would repeat the act (a second
erasure, a second set of orders) instead of finishing it. What finishes it is the systems'
acknowledgements, or staff completing it with a reason (service.close).
"""

from __future__ import annotations

from privacy_api.dsar import codes
from privacy_api.dsar import service as dsar
from privacy_api.dsar.models import DsarTicket


def carried_out(ticket: DsarTicket) -> bool:
    """Done here, waiting to complete (service.finish stored `waiting_for`)."""
    return ticket.status == "in_progress" and "waiting_for" in (ticket.result or {})


def fulfil_refusal(ticket: DsarTicket) -> str | None:
    """Why the request cannot be fulfilled now, or None when it can."""
    if codes.awaiting_new_address(ticket):
        return "The new e-mail address awaits its owner's code."
    if not dsar.allows("complete", ticket.status):
        return f"A request in status {ticket.status!r} cannot be fulfilled."
    if carried_out(ticket):
        return (
            "The request is carried out already: it completes when every system confirms, "
            "or when staff complete it with a reason."
        )
    return None
