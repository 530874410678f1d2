"""Four eyes on what leaves (issue 28, finding 1): a request on staff's word alone, whose
address differs from the subject's on record, sends nothing to that other address on one
key's word.

Staff (dsar:manage) may link a request to a subject by id, or open it verified
(`verified: true`); then nobody proved that the mailbox is the subject's. If the address
something would go to (the request's, or a rectification's new one) is not the record's,
the request is flagged: its package link goes only to the address on record, and anything
else (an e-mail change's code, an erasure or another right and its answer) waits, until a
second dsar:manage key (not the one that opened the request) approves the other address,
having seen both (dsar/approval.py). The comparison is of look-up hashes, as at intake,
and is made again at fulfilment and at download: the record may change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.core.http.errors import Conflict, Forbidden, Unprocessable
from privacy_api.core.time import clock
from privacy_api.dsar import service as dsar
from privacy_api.dsar.approval import other_address
from privacy_api.dsar.models import DsarEvent, DsarNote, DsarTicket
from privacy_api.subjects.models import Subject
from privacy_api.subjects.service import email_lookup_hash

APPROVED, REFUSED = "approved", "refused"


class AddressNotFlagged(Conflict):
    slug, title = "dsar-address-not-flagged", "The request's address needs no approval"


class AddressDecided(Conflict):
    slug, title = "dsar-address-decided", "The request's address was already decided"


class OwnLink(Forbidden):
    slug, title = "dsar-address-own-link", "A second key must approve the address"


class AddressNotShown(Unprocessable):
    slug, title = "dsar-address-not-shown", "Approve the address the request names"


class AwaitingSecondKey(Conflict):
    slug, title = (
        "dsar-address-awaits-approval",
        "The request's other address awaits a second key's approval",
    )


def differs(digest_of_other: str | None, on_record: str | None) -> bool:
    """A staff link's address differs when it is not the record's (no record: it differs)."""
    return digest_of_other is not None and digest_of_other != on_record


def _digest(ticket: DsarTicket, lookup_key: bytes) -> str | None:
    address = other_address(ticket)
    if address is None:
        return None
    if address == ticket.email and ticket.email_hash:
        return ticket.email_hash
    return email_lookup_hash(lookup_key, address)


def vouched_by_staff(ticket: DsarTicket) -> bool:
    """Staff's word alone: linked by subject id, or opened as verified (no code was ever
    sent, so nobody proved the mailbox)."""
    by_caller = ticket.verified_at is not None and ticket.code_sent_at is None
    return ticket.subject_link == "staff" or by_caller


def check(session: Session, ticket: DsarTicket, *, lookup_key: bytes, actor: str) -> None:
    """Compare again (at fulfilment and download): flag a request on staff's word whose
    address now differs from the record's. A flag once raised stays (and is audited)."""
    if ticket.subject_id is None or ticket.address_differs or not vouched_by_staff(ticket):
        return
    subject = session.get(Subject, ticket.subject_id)
    on_record = subject.email_hash if subject is not None else None
    if differs(_digest(ticket, lookup_key), on_record):
        ticket.address_differs = True
        audit.append_entry(
            session,
            actor=actor,
            action="dsar.address_flagged",
            target=f"dsar/{ticket.id}",
            subject_id=ticket.subject_id,
            details={"linked_by": ticket.created_by},
        )


def held_back(ticket: DsarTicket) -> bool:
    """The other address may not be used: flagged and not approved by a second key."""
    return ticket.address_differs and ticket.address_decision != APPROVED


def package_recipient(session: Session, ticket: DsarTicket) -> str:
    """Where the package's link goes: the request's address, or, while it is held back,
    only the address on record (none on record: nothing goes until a second key decides)."""
    if not held_back(ticket):
        return ticket.email
    subject = session.get(Subject, ticket.subject_id) if ticket.subject_id else None
    if subject is None or not subject.email:
        raise AwaitingSecondKey(
            f"Request {ticket.id!r} names an address the subject's record does not hold, and "
            "the record holds none to send the package to: a second dsar:manage key must "
            "approve the request's address first (POST /v1/dsar/{id}/approve-address)."
        )
    return subject.email


def require_approved(ticket: DsarTicket) -> None:
    """Anything but a package (an e-mail change's code, an erasure, a restriction, an
    objection, a rectification and their answers) for an address the record does not
    hold, on staff's word alone, waits for the second key; refused, it is not done."""
    if held_back(ticket):
        raise AwaitingSecondKey(
            f"Request {ticket.id!r} names an address the subject's record does not hold, on "
            "one key's word: a second dsar:manage key must approve the address first (POST "
            "/v1/dsar/{id}/approve-address); refused, reject the request or open a new one "
            "from the address on record."
        )


class LinkNotForThisAddress(Conflict):
    slug, title = (
        "dsar-package-link-address",
        "This link was not sent to the subject's address on record",
    )


def check_download(
    session: Session, ticket: DsarTicket, sent_to: object, *, lookup_key: bytes
) -> None:
    """At download: while the other address is held back, only a link mailed to the
    address on record opens the package (a link from before the flag, or mailed elsewhere,
    does not)."""
    check(session, ticket, lookup_key=lookup_key, actor="public:package-link")
    if not held_back(ticket):
        return
    subject = session.get(Subject, ticket.subject_id) if ticket.subject_id else None
    on_record = subject.email_hash if subject is not None else None
    if on_record is None or sent_to != on_record:
        raise LinkNotForThisAddress(
            "This request names an address the subject's record does not hold, and no "
            "second key approved it: only the link sent to the address on record opens "
            "the package."
        )


def decide(
    session: Session,
    *,
    ticket_id: str,
    actor: str,
    approve: bool,
    shown: str | None = None,
    reason: str | None = None,
) -> DsarTicket:
    """A second key approves the other address (naming it, so it saw what it approves),
    or any dsar:manage key refuses it (refusing sends nothing anywhere else)."""
    ticket = dsar.get_ticket(session, ticket_id, lock=True)
    if ticket.status not in ("pending_verification", "open", "in_progress"):
        raise dsar.IllegalTransition(
            f"A request in status {ticket.status!r} has nothing left to send; nothing decided."
        )
    if not ticket.address_differs:
        raise AddressNotFlagged(
            f"Request {ticket.id!r} is not flagged: its address is the subject's own, or it "
            "was not linked by staff. Nothing to approve or refuse."
        )
    if ticket.address_decision is not None:
        raise AddressDecided(
            f"The address of request {ticket.id!r} was {ticket.address_decision} by "
            f"{ticket.address_decided_by!r}; a decision is final."
        )
    if approve:
        if actor == ticket.created_by:
            raise OwnLink(
                f"Key {actor!r} linked request {ticket.id!r} itself; another key with "
                "dsar:manage must approve the other address."
            )
        expected = other_address(ticket) or ""
        if (shown or "").strip().lower() != expected.strip().lower():
            raise AddressNotShown(
                "Name the address you approve ('email'); it must be the one the request "
                "names (read the ticket first)."
            )
    decision = APPROVED if approve else REFUSED
    now = clock.now()
    ticket.address_decision, ticket.address_decided_by = decision, actor
    ticket.address_decided_at = now
    # Both keys' names; a refusal's reason is a note (notes go with the subject's erasure,
    # the audit never does).
    details: dict[str, Any] = {"linked_by": ticket.created_by, "decided_by": actor}
    if reason:
        session.add(DsarNote(ticket_id=ticket.id, at=now, author=actor, text=reason))
    event, entry = dsar.step(
        ticket_id=ticket.id,
        subject_id=ticket.subject_id,
        action=f"address_{decision}",
        before=ticket.status,
        after=ticket.status,
        actor=actor,
        details=details,
    )
    session.add(DsarEvent(**event))
    audit.queue(session, entry)
    return ticket
