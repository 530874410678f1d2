"""Whom a ticket may act on: the subject whose address it came from, while the address is
still theirs (issue 16: no hijacked requests, no forged package links)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.core.http.errors import Conflict
from privacy_api.dsar import service as dsar
from privacy_api.dsar.models import DsarTicket
from privacy_api.subjects.models import Subject


class BindingBroken(Conflict):
    slug, title = (
        "dsar-subject-binding",
        "The request's e-mail address is no longer the subject's",
    )


class PackageUnavailable(Conflict):
    slug, title = "dsar-package-unavailable", "This request has no package to download"


def check_binding(session: Session, ticket: DsarTicket) -> None:
    """A ticket linked by its e-mail address acts on the subject only while the address is
    still the subject's own (issue 16): whoever reads that mailbox proved who they are, and
    nobody else. Staff links (dsar:manage) are staff's word and are not re-checked."""
    if ticket.subject_id is None or ticket.subject_link == "staff":
        return
    subject = session.get(Subject, ticket.subject_id)
    if subject is not None and subject.erased_at is not None and ticket.type == "erasure":
        return  # erasing again reports what is left and discloses nothing
    if subject is None or subject.email_hash != ticket.email_hash:
        raise BindingBroken(
            f"Request {ticket.id!r} came from an address that is no longer the subject's; "
            "nothing was done. Reject it, or open a new request verified by staff."
        )


def bind_by_address(session: Session, ticket: DsarTicket, *, actor: str) -> None:
    """A verified request not yet linked binds, when it is carried out, to the subject that
    holds its address now (finding 0 of issue 28): an access request filed before the
    account existed must find the account. The rule is intake's: the address's look-up
    hash, one living subject exactly (two are for the operator), never a caller's hint."""
    if ticket.subject_id is not None or not ticket.email_hash:
        return
    found = list(
        session.scalars(
            select(Subject.subject_id)
            .where(Subject.email_hash == ticket.email_hash, Subject.erased_at.is_(None))
            .limit(2)
        )
    )
    if len(found) != 1:
        return
    ticket.subject_id, ticket.subject_link = found[0], "email"
    audit.append_entry(
        session,
        actor=actor,
        action="dsar.bound",
        target=f"dsar/{ticket.id}",
        subject_id=found[0],
        details={"by": "email", "at": "fulfilment"},
    )


def package_ticket(session: Session, ticket_id: str, *, staff: bool) -> DsarTicket:
    """The ticket whose package may be downloaded: access or portability about a known
    subject, still bound to it; by its mailed link only once completed (staff may preview)."""
    ticket = dsar.get_ticket(session, ticket_id)
    if (
        ticket.type not in ("access", "portability")
        or ticket.subject_id is None
        or not (staff or ticket.status == "completed")
    ):
        raise PackageUnavailable(
            "Only a completed access or portability request about a known subject has a package."
        )
    check_binding(session, ticket)
    return ticket
