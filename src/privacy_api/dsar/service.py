"""The life of a rights request: its steps, deadline, extension, rejection (codes: codes.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.config import DEFAULT_BASE_URL
from privacy_api.core.http.errors import Conflict, NotFound, Unprocessable
from privacy_api.core.security import tokens
from privacy_api.core.security.outbound_links import foreign_links
from privacy_api.core.security.secrets import DerivedKeys
from privacy_api.core.time import clock
from privacy_api.dsar import deadlines
from privacy_api.dsar.models import DsarEvent, DsarNote, DsarTicket
from privacy_api.dsar.schemas import ACTIVE_STATUSES, DsarRead
from privacy_api.outbox import service as outbox
from privacy_api.register.complaint import complaint_sentences
from privacy_api.register.spec import Lang, RegisterSpec

TYPE_LABELS = {
    "en": {
        "access": "access to your data",
        "rectification": "rectification",
        "erasure": "erasure",
        "restriction": "restriction of processing",
        "portability": "data portability",
        "objection": "objection",
    },
    "pl": {
        "access": "dostęp do danych",
        "rectification": "sprostowanie danych",
        "erasure": "usunięcie danych",
        "restriction": "ograniczenie przetwarzania",
        "portability": "przeniesienie danych",
        "objection": "sprzeciw",
    },
}

# action: (statuses it may start from, status it leads to; None keeps the status)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "verify": (frozenset({"pending_verification"}), "open"),
    # in_progress: a new e-mail address awaiting its code (codes.awaiting_new_address)
    "resend": (frozenset({"pending_verification", "in_progress"}), None),
    "confirm_address": (frozenset({"in_progress"}), None),
    "assign": (frozenset({"open", "in_progress"}), "in_progress"),
    "extend": (frozenset({"open", "in_progress"}), None),
    "reject": (frozenset(ACTIVE_STATUSES), "rejected"),
    "complete": (frozenset({"open", "in_progress"}), "completed"),
    "note": (frozenset({*ACTIVE_STATUSES, "completed", "rejected"}), None),
}


def allows(action: str, status: str) -> bool:
    """Whether a request in `status` may take `action`: the table transition() enforces,
    for pages that offer only what can still be done."""
    return status in TRANSITIONS[action][0]


class TicketNotFound(NotFound):
    slug, title = "dsar-not-found", "No such rights request"


class IllegalTransition(Conflict):
    slug, title = "dsar-illegal-transition", "Not possible in the request's current status"


class AlreadyExtended(Conflict):
    slug, title = "dsar-already-extended", "The deadline was already extended once"


class ExtensionTooLate(Conflict):
    slug, title = "dsar-extension-too-late", "The first month for an extension has passed"


class ObjectionActivityInvalid(Unprocessable):
    slug, title = "objection-activity-invalid", "Objection is not possible to this activity"


class ForeignLinkInReason(Unprocessable):
    slug, title = "dsar-reason-foreign-link", "A reason may link only to this service's pages"


def _no_foreign_links(reason: str, *, spec: RegisterSpec, links: StatusLinks | None) -> None:
    """The reasons are mailed from the privacy address to the request's address, which one
    `dsar:manage` key may have chosen: they must not carry a link elsewhere (issue 28)."""
    base = links.base_url if links is not None else DEFAULT_BASE_URL
    found = foreign_links(reason, base_url=base, contact_email=spec.controller.email)
    if found:
        raise ForeignLinkInReason(
            f"The reasons are mailed to the person: they may link only to this service's own "
            f"pages ({base.rstrip('/')}/...) and name only {spec.controller.email}; found: "
            f"{'; '.join(found[:10])}.",
            found=found,
        )


@dataclass(frozen=True)
class StatusLinks:
    """Signs the link to a request's status page (/privacy/status) that every e-mail about
    the request carries. The link shows the request's course, never the address or data."""

    key: bytes
    base_url: str

    def url(self, ticket_id: str) -> str:
        token, _ = tokens.sign(
            self.key,
            purpose=STATUS,
            claims={"ticket": ticket_id},
            ttl=timedelta(days=STATUS_LINK_DAYS),
        )
        return f"{self.base_url.rstrip('/')}/privacy/status?token={token}"


# The status link's purpose; it works about as long as a request's record is kept.
STATUS, STATUS_LINK_DAYS = "dsar-status", 400


@dataclass(frozen=True)
class Mailing:
    """What the e-mails need from outside the ticket: keys, limits and the controller."""

    keys: DerivedKeys
    spec: RegisterSpec
    code_hours: int
    code_attempts: int
    code_failures: int
    resends: int
    resend_interval_seconds: int
    code_tries_per_address: int = 0
    links: StatusLinks | None = None


def get_ticket(session: Session, ticket_id: str, *, lock: bool = False) -> DsarTicket:
    ticket = session.get(DsarTicket, ticket_id, with_for_update=lock or None)
    if ticket is None:
        raise TicketNotFound(f"There is no rights request {ticket_id!r}.")
    return ticket


def visible_ticket(
    session: Session, ticket_id: str, *, actor: str, staff: bool, lock: bool = False
) -> DsarTicket:
    """The ticket as a caller may see it: without dsar:manage, another client's ticket is
    answered exactly as one that does not exist, so its existence is not revealed."""
    ticket = session.get(DsarTicket, ticket_id, with_for_update=lock or None)
    if ticket is None or not (staff or ticket.created_by == actor):
        raise TicketNotFound(f"There is no rights request {ticket_id!r}.")
    return ticket


def read_for(ticket: object, *, staff: bool) -> DsarRead:
    """Callers without dsar:manage are never told which account a ticket concerns: that
    would answer 'has this address an account?' to anyone (issue 16, enumeration)."""
    read = DsarRead.model_validate(ticket)
    # Nor which staff key decided a flagged address (rights/addresses.py).
    hidden = {"subject_id": None, "address_decided_by": None}
    return read if staff else read.model_copy(update=hidden)


def step(
    *,
    ticket_id: str,
    subject_id: str | None,
    action: str,
    before: str,
    after: str,
    actor: str,
    details: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """One step in a ticket's life: its history event and its audit entry."""
    body = details or {}
    event = {
        "ticket_id": ticket_id,
        "at": clock.now(),
        "actor": actor,
        "action": action,
        "from_status": before,
        "to_status": after,
        "details": body,
    }
    entry = audit.new_entry(
        actor=actor,
        action=f"dsar.{action}",
        target=f"dsar/{ticket_id}",
        subject_id=subject_id,
        details={"from": before, "to": after, **body},
    )
    return event, entry


def transition(
    session: Session,
    ticket: DsarTicket,
    action: str,
    *,
    actor: str,
    details: dict[str, Any] | None = None,
) -> None:
    allowed, target = TRANSITIONS[action]
    if ticket.status not in allowed:
        raise IllegalTransition(
            f"A request in status {ticket.status!r} cannot be {action!r}-ed; "
            f"possible from: {sorted(allowed)}."
        )
    before = ticket.status
    if target is not None:
        ticket.status = target
    event, entry = step(
        ticket_id=ticket.id,
        subject_id=ticket.subject_id,
        action=action,
        before=before,
        after=ticket.status,
        actor=actor,
        details=details,
    )
    session.add(DsarEvent(**event))
    audit.queue(session, entry)


class TicketFacts(Protocol):
    """What the e-mails say about a ticket: the stored row or the one being taken in."""

    id: str
    type: str
    email: str
    lang: str
    received_at: datetime
    due_at: datetime


def _mail_context(
    ticket: TicketFacts, spec: RegisterSpec, links: StatusLinks | None = None
) -> dict[str, Any]:
    authority = spec.controller.supervisory_authority
    lang = ticket.lang
    return {
        "ticket_id": ticket.id,
        "status_link": links.url(ticket.id) if links is not None else None,
        "request_type": TYPE_LABELS[lang][ticket.type],
        "received_on": ticket.received_at.date().isoformat(),
        "due_on": ticket.due_at.date().isoformat(),
        "controller": spec.controller.name,
        "controller_email": spec.controller.email,
        "authority": getattr(authority.name, lang),
        "authority_address": authority.postal_address.of(lang),
        "authority_url": authority.url,
        # Art. 77: the authority of the person's choice, not only ours (policy §3).
        "complaint": complaint_sentences(spec, "pl" if lang == "pl" else "en"),
    }


def person_lang(session: Session, subject_id: str) -> Lang:
    """The language the person last asked us in; before any request, the policy's own (pl)."""
    lang = session.scalar(
        select(DsarTicket.lang)
        .where(DsarTicket.subject_id == subject_id)
        .order_by(DsarTicket.received_at.desc())
        .limit(1)
    )
    return "en" if lang == "en" else "pl"


def letter(
    ticket: TicketFacts,
    *,
    template: str,
    spec: RegisterSpec,
    links: StatusLinks | None,
    to: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """An e-mail about the ticket to the person (at the ticket's address unless `to` says
    otherwise), in the ticket's language, with the link to the request's status page."""
    return outbox.mail(
        to=to or ticket.email,
        template=template,
        lang=ticket.lang,
        reference=f"dsar/{ticket.id}",
        **_mail_context(ticket, spec, links),
        **extra,
    )


def tell_person(
    session: Session,
    ticket: DsarTicket,
    *,
    template: str,
    spec: RegisterSpec,
    links: StatusLinks | None,
    **extra: Any,
) -> None:
    """Queue an e-mail about the ticket to the person, in the ticket's language."""
    outbox.enqueue(session, letter(ticket, template=template, spec=spec, links=links, **extra))


def check_objection(spec: RegisterSpec, activity_key: str) -> None:
    activity = spec.activity(activity_key)
    if activity is None or not activity.objection_applies:
        raise ObjectionActivityInvalid(
            f"{activity_key!r} is not an activity based on legitimate interest; objection "
            "(Art. 21) applies to: "
            + ", ".join(a.key for a in spec.activities if a.objection_applies)
        )


def check_property(spec: RegisterSpec, property_key: str | None) -> None:
    """A request's property must be one the register in force declares."""
    if property_key is not None and property_key not in spec.properties:
        raise Unprocessable(
            f"{property_key!r} is not a property of the register; declared: "
            + ", ".join(spec.properties)
        )


def assign(session: Session, *, ticket_id: str, assignee: str, actor: str) -> DsarTicket:
    ticket = get_ticket(session, ticket_id, lock=True)
    transition(session, ticket, "assign", actor=actor, details={"assignee": assignee})
    ticket.assignee = assignee
    return ticket


def add_note(session: Session, *, ticket_id: str, text: str, actor: str) -> DsarNote:
    ticket = get_ticket(session, ticket_id, lock=True)
    transition(session, ticket, "note", actor=actor)
    note = DsarNote(ticket_id=ticket.id, at=clock.now(), author=actor, text=text)
    session.add(note)
    return note


def extend(
    session: Session,
    *,
    ticket_id: str,
    reason: str,
    actor: str,
    spec: RegisterSpec,
    links: StatusLinks | None,
) -> DsarTicket:
    """Art. 12(3): once, by two months, and the person is told why."""
    _no_foreign_links(reason, spec=spec, links=links)
    ticket = get_ticket(session, ticket_id, lock=True)
    refused = extension_refusal(ticket)
    if refused is not None:
        raise refused
    transition(session, ticket, "extend", actor=actor)
    ticket.extended_at, ticket.extension_reason = clock.now(), reason
    ticket.due_at = deadlines.extended_due_date(ticket.due_at)
    tell_person(session, ticket, template="dsar_extended", spec=spec, links=links, reason=reason)
    return ticket


def extension_refusal(ticket: DsarTicket) -> Conflict | None:
    """Why the deadline cannot be extended now (None: it can, status permitting)."""
    if ticket.extended_at is not None:
        return AlreadyExtended("The deadline may be extended only once (GDPR Art. 12(3)).")
    # Art. 12(3): the person must be told of the extension "within one month of receipt",
    # so past the original due date the extension is no longer the controller's to take.
    original_due_at = deadlines.due_date(clock.as_utc(ticket.received_at))
    if clock.now() > original_due_at:
        return ExtensionTooLate(
            "An extension must be decided and told within one month of receipt (GDPR Art."
            f" 12(3)); this request was due on {original_due_at.isoformat()}.",
            original_due_at=original_due_at.isoformat().replace("+00:00", "Z"),
        )
    return None


def reject(
    session: Session,
    *,
    ticket_id: str,
    reason: str,
    actor: str,
    spec: RegisterSpec,
    links: StatusLinks | None,
) -> DsarTicket:
    """Refuse with reasons, naming the supervisory authority and the right to complain."""
    _no_foreign_links(reason, spec=spec, links=links)
    ticket = get_ticket(session, ticket_id, lock=True)
    transition(session, ticket, "reject", actor=actor)
    ticket.rejection_reason, ticket.closed_at = reason, clock.now()
    tell_person(session, ticket, template="dsar_rejected", spec=spec, links=links, reason=reason)
    return ticket


def complete(session: Session, ticket: DsarTicket, *, result: dict[str, Any], actor: str) -> None:
    transition(
        session, ticket, "complete", actor=actor, details={"outcome": result.get("outcome", "done")}
    )
    ticket.result, ticket.closed_at = result, clock.now()
