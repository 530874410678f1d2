"""Carrying out each right, here and downstream, and completing the ticket that asked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.core.http.errors import Unprocessable
from privacy_api.core.security import tokens
from privacy_api.core.security.secrets import DerivedKeys
from privacy_api.core.time import clock
from privacy_api.downstream import orders
from privacy_api.dsar import codes
from privacy_api.dsar import service as dsar
from privacy_api.dsar.models import DsarTicket
from privacy_api.register.spec import RegisterSpec
from privacy_api.rights import addresses
from privacy_api.rights.binding import bind_by_address, check_binding
from privacy_api.rights.erasure import erase_subject, erasure_summary
from privacy_api.rights.erasure_letter import erasure_letter
from privacy_api.rights.fulfil_rule import fulfil_refusal
from privacy_api.rights.objections import object_to
from privacy_api.rights.own_data import pseudonymise_ticket
from privacy_api.rights.summary import summary_lines
from privacy_api.subjects import service as subjects
from privacy_api.subjects.models import Subject
from privacy_api.subjects.schemas import checked_corrections

PACKAGE = "package"
PROFILE_FIELDS = ("email", "name")


@dataclass(frozen=True)
class Fulfilment:
    """What fulfilling needs from outside the ticket."""

    spec: RegisterSpec
    policy_version: str
    keys: DerivedKeys
    public_base_url: str
    package_days: int = 7
    # The codes a new e-mail address is confirmed with (rectification); None where no
    # rectification is fulfilled (the retention sweep).
    mailing: dsar.Mailing | None = None

    @property
    def links(self) -> dsar.StatusLinks:
        """The status page's link every mail about a request carries."""
        return dsar.StatusLinks(self.keys.tokens, self.public_base_url)


def erase(
    session: Session,
    *,
    subject_id: str,
    actor: str,
    ctx: Fulfilment,
    ticket_id: str | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    report = erase_subject(
        session,
        subject_id=subject_id,
        spec=ctx.spec,
        actor=actor,
        lang=lang,
        answering=ticket_id,
    )
    if not report.already_erased:
        orders.issue_orders(
            session,
            kind="erasure",
            subject_id=subject_id,
            ticket_id=ticket_id,
            payload={},
            actor=actor,
        )
    subject = subjects.get_subject(session, subject_id)
    # A repeat erases whatever slipped in since (its audit entry says what), but answers
    # the facts of the first erasure: what was erased, kept and why does not change.
    if report.already_erased and subject.erasure_report is not None:
        return {**subject.erasure_report, "repeated": True}
    summary = erasure_summary(report, ctx.spec)
    subject.erasure_report = summary
    return {**summary, "repeated": report.already_erased}


def restrict(
    session: Session, *, subject_id: str, reason: str, actor: str, ticket_id: str | None = None
) -> Subject:
    subject = subjects.restrict_processing(
        session, subject_id=subject_id, reason=reason, actor=actor
    )
    orders.issue_orders(
        session,
        kind="restriction",
        subject_id=subject_id,
        ticket_id=ticket_id,
        payload={"restricted": True},
        actor=actor,
    )
    return subject


def lift_restriction(session: Session, *, subject_id: str, actor: str) -> Subject:
    subject = subjects.lift_restriction(session, subject_id=subject_id, actor=actor)
    orders.issue_orders(
        session,
        kind="restriction",
        subject_id=subject_id,
        ticket_id=None,
        payload={"restricted": False},
        actor=actor,
    )
    return subject


def rectify(
    session: Session,
    *,
    subject_id: str,
    corrections: dict[str, Any],
    actor: str,
    lookup_key: bytes,
    ticket_id: str | None = None,
) -> list[str]:
    """Art. 16: correct the profile; the audit names the fields, never the values."""
    subject = subjects.subject_for_write(session, subject_id, changes_row=True)
    try:
        # As an upsert would take them: a line break in an e-mail address splits headers.
        corrections = checked_corrections(corrections)
    except ValueError as exc:
        raise Unprocessable(str(exc)) from None
    changed: list[str] = []
    for field, value in corrections.items():
        if field in PROFILE_FIELDS:
            setattr(subject, field, value)
            if field == "email":
                subject.email_hash = (
                    subjects.email_lookup_hash(lookup_key, value) if value else None
                )
        else:  # "attributes.<name>": checked_corrections lets nothing else through
            subject.attributes = {**subject.attributes, field.removeprefix("attributes."): value}
        changed.append(field)
    subject.updated_at = clock.now()
    audit.append_entry(
        session,
        actor=actor,
        action="subject.rectified",
        target=f"subject/{subject_id}",
        subject_id=subject_id,
        details={"fields": changed},
    )
    orders.issue_orders(
        session,
        kind="rectification",
        subject_id=subject_id,
        ticket_id=ticket_id,
        payload={"corrections": corrections},
        actor=actor,
    )
    return changed


def package_link(ctx: Fulfilment, ticket: DsarTicket, to: str) -> tuple[str, str]:
    """The link, naming (by look-up hash) the address it is mailed to: the download checks
    it while the request's other address is held back (rights/addresses.py)."""
    sent_to = subjects.email_lookup_hash(ctx.keys.email_lookup, to)
    token, expires = tokens.sign(
        ctx.keys.tokens,
        purpose=PACKAGE,
        claims={"ticket": ticket.id, "to": sent_to},
        ttl=timedelta(days=ctx.package_days),
    )
    return (
        # The privacy centre's page says what is inside and until when, then downloads
        # from /v1/dsar/package with the same token.
        f"{ctx.public_base_url.rstrip('/')}/privacy/package?token={token}",
        expires.date().isoformat(),
    )


def complete_ticket(
    session: Session,
    ticket: DsarTicket,
    *,
    result: dict[str, Any],
    actor: str,
    ctx: Fulfilment,
    link: tuple[str, str] | None = None,
    to: str | None = None,
) -> None:
    dsar.complete(session, ticket, result=result, actor=actor)
    url, expires = link if link else (None, None)
    # A download link works for package_days: the mail's text is purged after that. The
    # answer to an erasure is the last word to an erased person: purged once delivered.
    link_expiry = clock.now() + timedelta(days=ctx.package_days) if link else None
    erased = ticket.type == "erasure" and result.get("outcome") == "erased"
    dsar.tell_person(
        session,
        ticket,
        template="dsar_completed",
        spec=ctx.spec,
        links=ctx.links,
        summary=summary_lines(result, ctx.spec, ticket.lang),
        erasure=erasure_letter(result, ctx.spec, ticket.lang, email=ticket.email),
        link=url,
        link_expires=expires,
        expires_at=clock.now() if erased else link_expiry,
        to=to,
    )
    if erased:
        # The answer is queued with the address; the request's record keeps only what
        # proves it was answered (register: rights_requests).
        pseudonymise_ticket(ticket)


def _carry_out(
    session: Session, ticket: DsarTicket, subject_id: str, actor: str, ctx: Fulfilment
) -> dict[str, Any]:
    if ticket.type == "erasure":
        return {
            "outcome": "erased",
            **erase(
                session,
                subject_id=subject_id,
                actor=actor,
                ctx=ctx,
                ticket_id=ticket.id,
                lang=ticket.lang,
            ),
        }
    if ticket.type == "rectification":
        fields = rectify(
            session,
            subject_id=subject_id,
            corrections=ticket.details["corrections"],
            actor=actor,
            lookup_key=ctx.keys.email_lookup,
            ticket_id=ticket.id,
        )
        return {"outcome": "rectified", "fields": fields}
    if ticket.type == "restriction":
        restrict(
            session,
            subject_id=subject_id,
            reason=f"request {ticket.id}",
            actor=actor,
            ticket_id=ticket.id,
        )
        return {"outcome": "restricted"}
    activity = str(ticket.details["activity"])
    objection = object_to(session, subject_id=subject_id, activity=activity, actor=actor, ctx=ctx)
    return {"outcome": f"objection_{objection.status}", "activity": activity}


def fulfil(session: Session, *, ticket_id: str, actor: str, ctx: Fulfilment) -> DsarTicket:
    """Carry out the request for its type; complete it when nothing downstream is pending."""
    ticket = dsar.get_ticket(session, ticket_id, lock=True)
    refused = fulfil_refusal(ticket)
    if refused is not None:
        raise dsar.IllegalTransition(refused)
    bind_by_address(session, ticket, actor=actor)
    if ticket.subject_id is None:
        complete_ticket(session, ticket, result={"outcome": "no_data_held"}, actor=actor, ctx=ctx)
        return ticket
    check_binding(session, ticket)
    addresses.check(session, ticket, lookup_key=ctx.keys.email_lookup, actor=actor)
    if ticket.type in ("access", "portability"):
        to = addresses.package_recipient(session, ticket)
        result = {"outcome": "package", "scope": ticket.type}
        if to != ticket.email:
            result["sent_to"] = "address_on_record"
        complete_ticket(
            session,
            ticket,
            result=result,
            actor=actor,
            ctx=ctx,
            link=package_link(ctx, ticket, to),
            to=to,
        )
        return ticket
    if ticket.type == "rectification" and "email" in ticket.details["corrections"]:
        assert ctx.mailing is not None, "a rectification is fulfilled with Fulfilment.mailing"
        addresses.require_approved(ticket)
        _take_on(session, ticket, actor)
        codes.ask_to_confirm_new_address(session, ticket, actor=actor, mailing=ctx.mailing)
        return ticket
    addresses.require_approved(ticket)
    result = _carry_out(session, ticket, ticket.subject_id, actor, ctx)
    return finish(session, ticket, result, actor=actor, ctx=ctx)


def _take_on(session: Session, ticket: DsarTicket, actor: str) -> None:
    if ticket.status == "open":
        dsar.assign(session, ticket_id=ticket.id, assignee=ticket.assignee or actor, actor=actor)


def finish(
    session: Session, ticket: DsarTicket, result: dict[str, Any], *, actor: str, ctx: Fulfilment
) -> DsarTicket:
    """Complete the ticket, or leave it in progress while systems or a decision are due."""
    session.flush()
    waiting = orders.open_orders(session, ticket.id)
    pending_objection = result["outcome"] == "objection_pending"
    if waiting or pending_objection:
        _take_on(session, ticket, actor)
        ticket.result = {**result, "waiting_for": [o.id for o in waiting]}
        return ticket
    complete_ticket(session, ticket, result=result, actor=actor, ctx=ctx)
    return ticket


def acknowledge_order(
    session: Session, *, order_id: str, done: bool, detail: str | None, ctx: Fulfilment
) -> None:
    order = orders.get_order(session, order_id)
    orders.acknowledge(session, order=order, done=done, detail=detail)
    if order.ticket_id is None or not done:
        return
    session.flush()
    ticket = session.get(DsarTicket, order.ticket_id, with_for_update=True)
    if ticket is None or ticket.status not in ("open", "in_progress"):
        return
    if not orders.open_orders(session, ticket.id):
        result = {k: v for k, v in (ticket.result or {}).items() if k != "waiting_for"}
        complete_ticket(session, ticket, result=result, actor=f"system:{order.system_id}", ctx=ctx)


def close(session: Session, *, ticket_id: str, reason: str, actor: str, ctx: Fulfilment) -> None:
    """An operator completes a ticket whose systems cannot all answer, with a written reason."""
    ticket = dsar.get_ticket(session, ticket_id, lock=True)
    result = {
        **{k: v for k, v in (ticket.result or {}).items() if k != "waiting_for"},
        "closed_by_operator": reason,
    }
    complete_ticket(session, ticket, result=result, actor=actor, ctx=ctx)
