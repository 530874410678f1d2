"""The breach register on the console: the list by authority deadline, one breach, and the
steps Art. 33 and 34 ask for.

Thin views: each form is parsed into the API's own body schema and handed to the breaches
service (record, assess, notify the authority, notify the people, close), which decides
what is allowed, when a notification is late, and writes the audit entry under the key's
name. The page only shows what the service answered.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from privacy_api.breaches import approval, service
from privacy_api.breaches.models import Breach
from privacy_api.breaches.router import notice_read, read
from privacy_api.breaches.schemas import (
    BreachCreate,
)
from privacy_api.console import pages
from privacy_api.console.breach_steps import Action, carry_out, instant
from privacy_api.console.pages import SignedIn
from privacy_api.console.session import Operator
from privacy_api.core.http import idempotency
from privacy_api.core.http.errors import ProblemError
from privacy_api.core.http.request import AppContext
from privacy_api.core.http.types import OpaqueIdPath
from privacy_api.core.time import clock
from privacy_api.register import service as register_service
from privacy_api.register.spec import RegisterSpec

router = APIRouter(prefix="/console", include_in_schema=False)

SCOPE = "breaches"
LIST_SIZE = 200
SOON = timedelta(hours=24)
Text = Annotated[str, Form(max_length=10_000)]
DONE: dict[str, str] = {
    "recorded": "The breach is recorded; the authority is due 72 hours after you became aware.",
    "assess": "The assessment is recorded.",
    "notify-authority": "The notification to the authority is recorded.",
    "notify-subjects": "The notice is drafted: another key with the breaches scope reads and "
    "approves it before anything is sent.",
    "approve-notice": "The notice is approved: the people concerned are being told.",
    "refuse-notice": "The notice is refused; nothing was sent.",
    "close": "The breach is closed.",
}


def _context(request: Request) -> AppContext:
    context: AppContext = request.app.state.context
    return context


def _span(delta: timedelta) -> str:
    # Hours and minutes within the 72-hour window, where they count; days beyond it.
    hours, mins = divmod(int(abs(delta).total_seconds() // 60), 60)
    return f"{hours // 24} d {hours % 24} h" if hours >= 72 else f"{hours} h {mins} min"


def authority_clock(breach: Breach, now: datetime) -> tuple[str, str]:
    """(urgency, words) for the 72 hours: 'overdue' and 'due_soon' (within 24 hours) are
    the service's overdue rule and the time left to it; '' when nothing is running."""
    if breach.authority_notified_at is not None:
        return "", "authority notified"
    if breach.status == "closed" or breach.risk == "no_risk":
        return "", "no notification needed" if breach.risk == "no_risk" else "closed"
    left = clock.as_utc(breach.authority_due_at) - now
    if service.authority_overdue(breach, now):
        return "overdue", f"overdue by {_span(left)}"
    return ("due_soon" if left <= SOON else ""), f"{_span(left)} left"


def _keys(text: str) -> list[str]:
    return [k.strip() for k in text.replace("\n", ",").split(",") if k.strip()]


def _first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or "form"
    return f"{field}: {first['msg']}"


def _register(session: Session) -> RegisterSpec:
    return register_service.current_register(session).spec


def _hints(spec: RegisterSpec) -> dict[str, list[str]]:
    """The register's keys the form accepts, shown beside the fields."""
    return {
        "activities": sorted(a.key for a in spec.activities if a.store is None),
        "data_categories": sorted(spec.category_titles),
        "subject_categories": sorted(spec.data_subject_categories),
    }


@router.get("/breaches")
def breach_list(request: Request, op: SignedIn) -> Response:
    refused = pages.gate(request, op, SCOPE)
    if refused is not None:
        return refused
    now = clock.now()
    with _context(request).db.transaction(write=False) as session:
        rows = service.list_breaches(
            session, status=None, overdue=False, after=None, limit=LIST_SIZE
        )
        counts = service.deadline_counts(session, now)
        waiting = approval.awaiting(session, [b.id for b in rows[:LIST_SIZE]])
    shown = [(b, *authority_clock(b, now)) for b in rows[:LIST_SIZE]]
    return pages.render(
        request,
        "breaches.html.j2",
        op=op,
        section="breaches",
        rows=shown,
        counts=counts,
        soon=sum(1 for _, urgency, _ in shown if urgency == "due_soon"),
        more=len(rows) > LIST_SIZE,
        waiting=waiting,
    )


def _new_page(
    request: Request, op: Operator, form: dict[str, str], *, error: str | None, status: int
) -> Response:
    with _context(request).db.transaction(write=False) as session:
        hints = _hints(_register(session))
    now = clock.now().strftime("%Y-%m-%dT%H:%M")
    return pages.render(
        request,
        "breach_new.html.j2",
        op=op,
        section="breaches",
        error=error,
        status=status,
        form={"became_aware_at": now, "form_id": secrets.token_hex(16), **form},
        hints=hints,
        max_aware=now,
    )


@router.get("/breaches/new")
def new_breach_page(request: Request, op: SignedIn) -> Response:
    refused = pages.gate(request, op, SCOPE)
    if refused is not None:
        return refused
    assert op is not None
    return _new_page(request, op, {}, error=None, status=200)


def _creation(form: dict[str, str]) -> BreachCreate:
    body: dict[str, Any] = {
        "nature": form["nature"],
        "became_aware_at": instant(form["became_aware_at"]),
    }
    for name in ("likely_consequences", "measures", "approximate_subjects", "approximate_records"):
        value = form[name].strip()
        if value:
            # A form sends text, the schema takes a count only as a number (strict): digits
            # become one, anything else is refused by the schema with its field named.
            counted = name.startswith("approximate_") and re.fullmatch(r"[0-9]{1,15}", value)
            body[name] = int(value) if counted else value
    for name in ("data_categories", "data_subject_categories"):
        if form[name].strip():
            body[name] = _keys(form[name])
    if form["activities"].strip():
        body["affected"] = {
            "activities": _keys(form["activities"]),
            "categories": _keys(form["affected_categories"]),
        }
    return BreachCreate.model_validate(body)


def _record_once(session: Session, op: Operator, new: BreachCreate, form_id: str) -> str:
    """Record the breach; the form's one-time id makes a second submission of the same
    form (a double click, a reload) the first one's breach, as Idempotency-Key does for
    POST /v1/breaches, through the same record."""
    key = f"console-breach-{form_id}" if re.fullmatch(r"[0-9a-f]{32}", form_id) else None
    answer = idempotency.replay_or_create(
        session,
        caller=op.name,
        key=key,
        request_fingerprint=idempotency.fingerprint("POST", "/console/breaches", new),
        create=lambda: read(
            service.record_breach(session, new=new, spec=_register(session), actor=op.name)
        ),
    )
    return str(json.loads(bytes(answer.body))["id"])


@router.post("/breaches")
def record_breach(
    request: Request,
    op: SignedIn,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    nature: Text = "",
    became_aware_at: Annotated[str, Form(max_length=40)] = "",
    data_subject_categories: Annotated[str, Form(max_length=2000)] = "",
    data_categories: Annotated[str, Form(max_length=2000)] = "",
    approximate_subjects: Annotated[str, Form(max_length=20)] = "",
    approximate_records: Annotated[str, Form(max_length=20)] = "",
    likely_consequences: Text = "",
    measures: Text = "",
    activities: Annotated[str, Form(max_length=2000)] = "",
    affected_categories: Annotated[str, Form(max_length=2000)] = "",
    form_id: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    refused = pages.post_gate(request, op, SCOPE, csrf_token)
    if refused is not None:
        return refused
    assert op is not None
    form = {
        "nature": nature,
        "became_aware_at": became_aware_at,
        "data_subject_categories": data_subject_categories,
        "data_categories": data_categories,
        "approximate_subjects": approximate_subjects,
        "approximate_records": approximate_records,
        "likely_consequences": likely_consequences,
        "measures": measures,
        "activities": activities,
        "affected_categories": affected_categories,
        "form_id": form_id,
    }
    try:
        new = _creation(form)
        with _context(request).db.transaction() as session:
            breach_id = _record_once(session, op, new, form_id)
    except ValidationError as exc:
        return _new_page(request, op, form, error=_first_error(exc), status=422)
    except ProblemError as exc:
        return _new_page(request, op, form, error=exc.detail, status=exc.status)
    return RedirectResponse(f"/console/breaches/{breach_id}?done=recorded", status_code=303)


def _show(
    request: Request,
    op: Operator,
    breach_id: str,
    *,
    notice: str | None = None,
    error: str | None = None,
    status: int = 200,
    form: dict[str, str] | None = None,
) -> Response:
    now = clock.now()
    try:
        with _context(request).db.transaction(write=False) as session:
            breach = service.get_breach(session, breach_id)
            shown = read(breach)
            urgency, left = authority_clock(breach, now)
            latest = approval.latest(session, breach.id)
            drafted = (
                notice_read(session, breach, latest, _register(session))
                if latest is not None
                else None
            )
    except service.BreachNotFound as exc:
        return pages.refused(request, op, exc.detail, 404)
    may = {action: breach.status in allowed for action, (allowed, _) in service.TRANSITIONS.items()}
    return pages.render(
        request,
        "breach.html.j2",
        op=op,
        section="breaches",
        notice=notice,
        error=error,
        status=status,
        breach=shown,
        urgency=urgency,
        left=left,
        past_due=now > shown.authority_due_at,
        may=may,
        now_field=now.strftime("%Y-%m-%dT%H:%M"),
        form=form or {},
        subject_notice=drafted,
    )


@router.get("/breaches/{breach_id}")
def breach_page(
    request: Request,
    op: SignedIn,
    breach_id: OpaqueIdPath,
    done: Annotated[str, Query(max_length=32)] = "",
    mailed: Annotated[int | None, Query(ge=0, le=10_000_000_000)] = None,
) -> Response:
    refused = pages.gate(request, op, SCOPE)
    if refused is not None:
        return refused
    assert op is not None
    notice = DONE.get(done)
    if notice is not None and done == "approve-notice" and mailed is not None:
        notice = f"{notice} Notices queued: {mailed}."
    return _show(request, op, breach_id, notice=notice)


@router.post("/breaches/{breach_id}/{action}")
def breach_action(
    request: Request,
    op: SignedIn,
    breach_id: OpaqueIdPath,
    action: Action,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    risk: Annotated[str, Form(max_length=16)] = "",
    reasoning: Text = "",
    reference: Annotated[str, Form(max_length=500)] = "",
    notified_at: Annotated[str, Form(max_length=40)] = "",
    earlier_reason: Text = "",
    delay_reasons: Text = "",
    pl_what_happened: Text = "",
    pl_what_it_means: Text = "",
    pl_what_we_did: Text = "",
    en_what_happened: Text = "",
    en_what_it_means: Text = "",
    en_what_we_did: Text = "",
    notice_id: Annotated[str, Form(max_length=64)] = "",
    refusal_reason: Text = "",
) -> Response:
    refused = pages.post_gate(request, op, SCOPE, csrf_token)
    if refused is not None:
        return refused
    assert op is not None
    form = {
        "risk": risk,
        "reasoning": reasoning,
        "reference": reference,
        "notified_at": notified_at,
        "earlier_reason": earlier_reason,
        "delay_reasons": delay_reasons,
        "pl_what_happened": pl_what_happened,
        "pl_what_it_means": pl_what_it_means,
        "pl_what_we_did": pl_what_we_did,
        "en_what_happened": en_what_happened,
        "en_what_it_means": en_what_it_means,
        "en_what_we_did": en_what_we_did,
        "notice_id": notice_id,
        "refusal_reason": refusal_reason,
    }
    try:
        with _context(request).db.transaction() as session:
            base_url = _context(request).settings.public_base_url
            mailed = carry_out(session, op, breach_id, action, form, base_url)
    except ValidationError as exc:
        return _show(request, op, breach_id, error=_first_error(exc), status=422, form=form)
    except service.BreachNotFound as exc:
        return pages.refused(request, op, exc.detail, 404)
    except ProblemError as exc:
        # The service's own words: a late notification without reasons, a wrong step.
        return _show(request, op, breach_id, error=exc.detail, status=exc.status, form=form)
    suffix = f"&mailed={mailed}" if mailed is not None else ""
    return RedirectResponse(f"/console/breaches/{breach_id}?done={action}{suffix}", status_code=303)
