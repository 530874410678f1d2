"""A new e-mail address takes effect only once its owner confirms it (Art. 16, issue 16).

Fulfilling a rectification of the address mailed a code to the new address
(dsar/codes.py); the code coming back proves the new mailbox is the person's, so an
account cannot be moved to a mailbox someone else reads. The old address is told.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from privacy_api.dsar import codes
from privacy_api.dsar import service as dsar
from privacy_api.dsar.models import DsarTicket
from privacy_api.outbox import service as outbox
from privacy_api.rights import service
from privacy_api.rights.binding import check_binding
from privacy_api.subjects import service as subjects


def confirm_address(
    session: Session,
    *,
    ticket_id: str,
    code: str,
    actor: str,
    staff: bool,
    ctx: service.Fulfilment,
) -> tuple[DsarTicket, codes.CodeCheck]:
    """The code from the new address: the address changes, the systems are told (Art. 19),
    the old address gets a notice, and the ticket completes as any rectification."""
    assert ctx.mailing is not None
    ticket = dsar.visible_ticket(session, ticket_id, actor=actor, staff=staff, lock=True)
    if not codes.awaiting_new_address(ticket):
        raise dsar.IllegalTransition("The request has no new e-mail address awaiting a code.")
    outcome = codes.judge(session, ticket, code, actor=actor, mailing=ctx.mailing, staff=staff)
    if outcome is not codes.CodeCheck.OK:
        return ticket, outcome
    check_binding(session, ticket)
    assert ticket.subject_id is not None
    old_address = subjects.get_subject(session, ticket.subject_id).email
    dsar.transition(session, ticket, "confirm_address", actor=actor, details={"step": "confirmed"})
    fields = service.rectify(
        session,
        subject_id=ticket.subject_id,
        corrections=ticket.details["corrections"],
        actor=actor,
        lookup_key=ctx.keys.email_lookup,
        ticket_id=ticket.id,
    )
    if old_address:
        notice = dsar.letter(
            ticket, template="dsar_email_changed", spec=ctx.spec, links=ctx.links, to=old_address
        )
        outbox.enqueue(session, notice)
    service.finish(
        session, ticket, {"outcome": "rectified", "fields": fields}, actor=actor, ctx=ctx
    )
    return ticket, outcome
