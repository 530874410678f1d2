"""Identity codes of rights requests (Art. 12(6)) and the limits that make guessing hopeless
and mail no weapon: wrong codes counted over the ticket's whole life, resends counted and
spaced. A locked ticket needs staff (dsar:manage), whose new code starts the count again."""

from __future__ import annotations

import math
import secrets
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from sqlalchemy.orm import Session

from privacy_api.config import Settings
from privacy_api.core.http.errors import (
    Conflict,
    Gone,
    ProblemError,
    TooManyRequests,
    Unprocessable,
)
from privacy_api.core.security.secrets import DerivedKeys, keyed_hash
from privacy_api.core.time import clock
from privacy_api.dsar.limits import count_code_try, mailbox_of
from privacy_api.dsar.models import DsarEvent, DsarTicket
from privacy_api.dsar.service import (
    TRANSITIONS,
    IllegalTransition,
    Mailing,
    StatusLinks,
    TicketFacts,
    letter,
    transition,
    visible_ticket,
)
from privacy_api.outbox import service as outbox
from privacy_api.register.spec import RegisterSpec

# ticket.result while a new e-mail address (rectification) waits for its code
AWAITING_NEW_ADDRESS = "awaiting_email_confirmation"


class CodeCheck(Enum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    EXHAUSTED = "exhausted"
    LOCKED = "locked"


class CodeWrong(Unprocessable):
    slug, title = "dsar-code-wrong", "The code does not match"


class CodeExpired(Gone):
    slug, title = "dsar-code-expired", "The code has expired"


class CodeExhausted(Conflict):
    slug, title = "dsar-code-exhausted", "Too many attempts"


class CodeLocked(Conflict):
    slug, title = "dsar-code-locked", "Too many wrong codes: the request needs staff"


class ResendsExhausted(Conflict):
    slug, title = "dsar-resends-exhausted", "No more codes: the request needs staff"


class ResendTooSoon(TooManyRequests):
    slug, title = "dsar-resend-too-soon", "A new code was sent moments ago"


def mailing(settings: Settings, keys: DerivedKeys, spec: RegisterSpec) -> Mailing:
    return Mailing(
        keys=keys,
        spec=spec,
        code_hours=settings.dsar_code_hours,
        code_attempts=settings.dsar_code_attempts,
        code_failures=settings.dsar_code_failures,
        resends=settings.dsar_resends,
        resend_interval_seconds=settings.dsar_resend_interval_seconds,
        code_tries_per_address=settings.dsar_code_tries_per_address,
        links=StatusLinks(keys.tokens, settings.public_base_url),
    )


def new_code(ticket_id: str, mailing: Mailing) -> tuple[str, dict[str, Any]]:
    """A one-time code (Art. 12(6)) and the ticket fields that keep only its hash."""
    code = f"{secrets.randbelow(10**6):06d}"
    now = clock.now()
    return code, {
        "code_hash": keyed_hash(mailing.keys.codes, f"{ticket_id}:{code}"),
        "code_expires_at": now + timedelta(hours=mailing.code_hours),
        "code_attempts": 0,
        "code_sent_at": now,
    }


def verification_letter(ticket: TicketFacts, code: str, mailing: Mailing) -> dict[str, Any]:
    # The code confirms the request as asked: a portability request that names an
    # organisation says so, or the person would confirm a transfer they never saw.
    recipient = (getattr(ticket, "details", None) or {}).get("recipient")
    return letter(
        ticket,
        template="dsar_verification",
        spec=mailing.spec,
        links=mailing.links,
        code=code,
        hours=mailing.code_hours,
        expires_at=code_expiry(mailing),
        organisation=recipient["name"] if isinstance(recipient, dict) else None,
        organisation_email=recipient["email"] if isinstance(recipient, dict) else None,
    )


def code_expiry(mailing: Mailing) -> datetime:
    """When a code mailed now stops working: its mail's text is purged after that."""
    return clock.now() + timedelta(hours=mailing.code_hours)


def new_address(ticket: DsarTicket) -> str:
    return str(ticket.details["corrections"]["email"])


def awaiting_new_address(ticket: DsarTicket) -> bool:
    return (
        ticket.status == "in_progress"
        and (ticket.result or {}).get("outcome") == AWAITING_NEW_ADDRESS
    )


def issue_code(session: Session, ticket: DsarTicket, mailing: Mailing) -> None:
    """A new code, mailed where it proves something: the ticket's address, or the new
    address a rectification asks for (only its owner may confirm it)."""
    code, fields = new_code(ticket.id, mailing)
    for name, value in fields.items():
        setattr(ticket, name, value)
    if awaiting_new_address(ticket):
        message = letter(
            ticket,
            template="dsar_email_confirm",
            spec=mailing.spec,
            links=mailing.links,
            to=new_address(ticket),
            code=code,
            hours=mailing.code_hours,
            expires_at=code_expiry(mailing),
        )
    else:
        message = verification_letter(ticket, code, mailing)
    outbox.enqueue(session, message)


def ask_to_confirm_new_address(
    session: Session, ticket: DsarTicket, *, actor: str, mailing: Mailing
) -> None:
    """Art. 16 of an e-mail address: nothing changes until the new address's code comes
    back (confirm_address), so nobody can move an account to a mailbox they do not own."""
    ticket.result = {"outcome": AWAITING_NEW_ADDRESS}
    ticket.code_resends = 0
    transition(session, ticket, "confirm_address", actor=actor, details={"step": "code_sent"})
    issue_code(session, ticket, mailing)


def judge(
    session: Session,
    ticket: DsarTicket,
    code: str,
    *,
    actor: str,
    mailing: Mailing,
    staff: bool = False,
) -> CodeCheck:
    """One attempt at the ticket's current code. Failures are kept, not raised, so the
    attempt counts even though the request fails."""
    if ticket.code_failures >= mailing.code_failures:
        return CodeCheck.LOCKED
    if ticket.code_attempts >= mailing.code_attempts:
        return CodeCheck.EXHAUSTED
    if ticket.code_expires_at is None or ticket.code_expires_at < clock.now():
        return CodeCheck.EXPIRED
    # Each ticket's cap alone lets whoever can open tickets for an address (anyone, through
    # a front end) try 10 codes per ticket, 5 tickets an hour: a 6-digit code then falls
    # within months. The mailbox the code went to has a daily budget over all its tickets;
    # staff (dsar:manage) are not counted, so a person whose budget a flood used up can
    # still be helped.
    if not staff:
        address = new_address(ticket) if awaiting_new_address(ticket) else ticket.email
        count_code_try(
            session,
            mailbox_hash=keyed_hash(mailing.keys.email_lookup, mailbox_of(address)),
            limit=mailing.code_tries_per_address,
        )
    expected = keyed_hash(mailing.keys.codes, f"{ticket.id}:{code}")
    if not secrets.compare_digest(expected, ticket.code_hash or ""):
        ticket.code_attempts += 1
        ticket.code_failures += 1
        session.add(
            DsarEvent(
                ticket_id=ticket.id,
                at=clock.now(),
                actor=actor,
                action="verify_failed",
                from_status=ticket.status,
                to_status=ticket.status,
                details={"attempts": ticket.code_attempts, "failures": ticket.code_failures},
            )
        )
        return CodeCheck.WRONG
    ticket.code_hash, ticket.code_expires_at = None, None
    return CodeCheck.OK


def refusal(outcome: CodeCheck, ticket: DsarTicket, mailing: Mailing) -> ProblemError | None:
    """The problem a failed attempt answers with (None when the code was right)."""
    if outcome is CodeCheck.WRONG:
        left = min(
            mailing.code_attempts - ticket.code_attempts,
            mailing.code_failures - ticket.code_failures,
        )
        return CodeWrong(f"{left} attempt(s) left.")
    if outcome is CodeCheck.EXPIRED:
        return CodeExpired("Ask for a new code (POST .../resend).")
    if outcome is CodeCheck.EXHAUSTED:
        return CodeExhausted("Ask for a new code (POST .../resend).")
    if outcome is CodeCheck.LOCKED:
        return _locked()
    return None


def _locked() -> CodeLocked:
    return CodeLocked(
        "Too many wrong codes were tried for this request; no code is accepted any more. "
        "Our staff must confirm the person's identity (contact the privacy team)."
    )


def check_code(
    session: Session, *, ticket_id: str, code: str, actor: str, staff: bool, mailing: Mailing
) -> tuple[DsarTicket, CodeCheck]:
    """Art. 12(6): the person proves the address is theirs."""
    ticket = visible_ticket(session, ticket_id, actor=actor, staff=staff, lock=True)
    if ticket.status != "pending_verification":
        raise IllegalTransition(f"The request is {ticket.status!r}, not awaiting verification.")
    outcome = judge(session, ticket, code, actor=actor, mailing=mailing, staff=staff)
    if outcome is CodeCheck.OK:
        ticket.verified_at, ticket.verified_by = clock.now(), actor
        transition(session, ticket, "verify", actor=actor, details={"by": "code"})
    return ticket, outcome


def _may_resend(ticket: DsarTicket, mailing: Mailing) -> None:
    if ticket.code_failures >= mailing.code_failures:
        raise _locked()
    if ticket.code_resends >= mailing.resends:
        raise ResendsExhausted(
            f"At most {mailing.resends} new code(s) per request; our staff can send another."
        )
    if ticket.code_sent_at is not None:
        ready = ticket.code_sent_at + timedelta(seconds=mailing.resend_interval_seconds)
        wait = (ready - clock.now()).total_seconds()
        if wait > 0:
            raise ResendTooSoon(
                "A code was sent moments ago; check the mailbox before asking again.",
                headers={"Retry-After": str(math.ceil(wait))},
            )


def resend_code(
    session: Session, *, ticket_id: str, actor: str, staff: bool, mailing: Mailing
) -> DsarTicket:
    """A new code; the old one stops working. Counted and spaced for callers without
    dsar:manage; staff judged the person genuine, so their code starts the counts again."""
    ticket = visible_ticket(session, ticket_id, actor=actor, staff=staff, lock=True)
    allowed, _ = TRANSITIONS["resend"]
    if ticket.status not in allowed or (
        ticket.status == "in_progress" and not awaiting_new_address(ticket)
    ):
        raise IllegalTransition(f"The request is {ticket.status!r}, with no code to send.")
    if staff:
        ticket.code_failures = ticket.code_resends = 0
    else:
        _may_resend(ticket, mailing)
        ticket.code_resends += 1
    transition(session, ticket, "resend", actor=actor)
    issue_code(session, ticket, mailing)
    return ticket
