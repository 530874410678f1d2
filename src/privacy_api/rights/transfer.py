"""Art. 20(2), policy §3: the data sent to the organisation the person named on their
portability request. Staff confirm the recipient once the person is verified; the
organisation gets its own single-use download link; the person is told who received the
data and when; every step is in the ticket's history and the audit trail.

The transfer's state lives in the ticket's `details.recipient`, so it goes with the ticket's
details when the request's record is anonymised (register: rights_requests)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.core.http.errors import Conflict, Gone
from privacy_api.core.security import tokens
from privacy_api.core.time import clock
from privacy_api.dsar import service as dsar
from privacy_api.dsar.models import DsarEvent, DsarTicket
from privacy_api.outbox import service as outbox
from privacy_api.rights.binding import check_binding
from privacy_api.rights.service import Fulfilment

TRANSFER = "transfer"
# Where the organisation's link leads: the download itself (no page of the person's centre).
DOWNLOAD_PATH = "/v1/dsar/transfer"


class NoRecipient(Conflict):
    slug, title = "dsar-no-recipient", "This request names no organisation to send data to"


class NotVerified(Conflict):
    slug, title = "dsar-not-verified", "The person's identity is not verified yet"


class RecipientAlreadyConfirmed(Conflict):
    slug, title = "dsar-recipient-confirmed", "The recipient was confirmed already"


class OwnRecipient(Conflict):
    slug, title = "dsar-recipient-own", "Another key must confirm the organisation this key named"


class NoDataHeld(Conflict):
    slug, title = "dsar-no-data-held", "No account is linked to this request: nothing to send"


class TransferLinkUsed(Gone):
    slug, title = "dsar-transfer-used", "This download link was used already"


def recipient_of(ticket: DsarTicket) -> dict[str, Any] | None:
    recipient = (ticket.details or {}).get("recipient")
    return recipient if isinstance(recipient, dict) else None


def _record(
    session: Session, ticket: DsarTicket, action: str, actor: str, details: dict[str, Any]
) -> None:
    """A step in the ticket's history and the audit trail; the status does not move."""
    event, entry = dsar.step(
        ticket_id=ticket.id,
        subject_id=ticket.subject_id,
        action=action,
        before=ticket.status,
        after=ticket.status,
        actor=actor,
        details=details,
    )
    session.add(DsarEvent(**event))
    audit.queue(session, entry)


def _day(value: str | datetime) -> str:
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    return at.date().isoformat()


def recipient_refusal(ticket: DsarTicket) -> Conflict | None:
    """Why the organisation cannot be confirmed now (None: it can); pages offer by it."""
    recipient = recipient_of(ticket)
    if ticket.type != "portability" or recipient is None:
        return NoRecipient(f"Request {ticket.id!r} names no organisation to send the data to.")
    if ticket.verified_at is None or ticket.status == "pending_verification":
        return NotVerified(
            f"Request {ticket.id!r} waits for the person's code: confirm the recipient only "
            "once the person is verified (GDPR Art. 12(6))."
        )
    if ticket.status == "rejected":
        return dsar.IllegalTransition(f"Request {ticket.id!r} was rejected.")
    if recipient.get("confirmed_at"):
        return RecipientAlreadyConfirmed(
            f"{recipient['name']} was confirmed on {_day(recipient['confirmed_at'])}."
        )
    if ticket.subject_id is None:
        return NoDataHeld(f"Request {ticket.id!r} is about no known account.")
    return None


def confirm_recipient(
    session: Session, *, ticket_id: str, actor: str, ctx: Fulfilment
) -> DsarTicket:
    """Staff confirm the organisation the person named: it is mailed its own single-use
    link to the portability package, and the person is told whom it went to and when."""
    ticket = dsar.get_ticket(session, ticket_id, lock=True)
    refused = recipient_refusal(ticket)
    if refused is not None:
        raise refused
    recipient = recipient_of(ticket)
    assert recipient is not None  # recipient_refusal said so
    if actor == ticket.created_by:
        # Four eyes (docs/security.md): the key that opened the request named the
        # organisation (and may have vouched for the person itself); it alone must not
        # send the person's data to an address of its choosing.
        raise OwnRecipient(
            f"Key {actor!r} opened request {ticket.id!r} and named its organisation; "
            "another key with dsar:manage must confirm the recipient."
        )
    check_binding(session, ticket)
    now = clock.now()
    token, expires = tokens.sign(
        ctx.keys.tokens,
        purpose=TRANSFER,
        claims={"ticket": ticket.id},
        ttl=timedelta(days=ctx.package_days),
    )
    ticket.details = {
        **ticket.details,
        "recipient": {
            **recipient,
            "confirmed_at": now.isoformat(),
            "confirmed_by": actor,
            "link_expires_at": expires.isoformat(),
            "downloaded_at": None,
        },
    }
    _record(
        session,
        ticket,
        "recipient_confirmed",
        actor,
        {
            "recipient": recipient["name"],
            "recipient_email": recipient["email"],
            "named_by": ticket.created_by,
        },
    )
    spec = ctx.spec
    outbox.enqueue(
        session,
        outbox.mail(
            to=recipient["email"],
            template="dsar_transfer_recipient",
            lang=ticket.lang,
            reference=f"dsar/{ticket.id}",
            expires_at=expires,
            organisation=recipient["name"],
            person=ticket.email,
            link=f"{ctx.public_base_url.rstrip('/')}{DOWNLOAD_PATH}?token={token}",
            link_expires=expires.date().isoformat(),
            controller=spec.controller.name,
            controller_email=spec.controller.email,
        ),
    )
    dsar.tell_person(
        session,
        ticket,
        template="dsar_transfer_sent",
        spec=spec,
        links=ctx.links,
        organisation=recipient["name"],
        organisation_email=recipient["email"],
        sent_on=now.date().isoformat(),
        link_expires=expires.date().isoformat(),
        downloaded_on=None,
    )
    return ticket


def take_transfer(session: Session, *, token: str, ctx: Fulfilment) -> DsarTicket:
    """The organisation's link, once: marks the download and tells the person."""
    claims = tokens.verify(ctx.keys.tokens, token, purpose=TRANSFER)
    ticket = dsar.get_ticket(session, str(claims["ticket"]), lock=True)
    recipient = recipient_of(ticket)
    if recipient is None or not recipient.get("confirmed_at") or ticket.subject_id is None:
        raise NoRecipient("This request has no confirmed recipient.")
    if ticket.status == "rejected":
        # Staff who reject after confirming stop the transfer: the mailed link is void.
        raise NoRecipient(f"Request {ticket.id!r} was rejected; nothing is sent.")
    if recipient.get("downloaded_at"):
        raise TransferLinkUsed(
            f"The data was downloaded on {_day(recipient['downloaded_at'])}; the link worked "
            f"once. Ask {ctx.spec.controller.email} if it must be sent again."
        )
    check_binding(session, ticket)
    now = clock.now()
    ticket.details = {
        **ticket.details,
        "recipient": {**recipient, "downloaded_at": now.isoformat()},
    }
    _record(
        session,
        ticket,
        "recipient_downloaded",
        "public:transfer-link",
        {"recipient": recipient["name"]},
    )
    dsar.tell_person(
        session,
        ticket,
        template="dsar_transfer_sent",
        spec=ctx.spec,
        links=ctx.links,
        organisation=recipient["name"],
        organisation_email=recipient["email"],
        sent_on=_day(recipient["confirmed_at"]),
        link_expires=None,
        downloaded_on=now.date().isoformat(),
    )
    return ticket
