"""The console's operations pages: downstream orders, retention, consent, audit, register.

Each view reads through the service the API uses for the same facts and renders it; the
charts are drawn on the server (charts.py), with the numbers in the SVG and a table.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from privacy_api.audit import checkpoints, verify
from privacy_api.audit import service as audit_service
from privacy_api.consent import service as consent_service
from privacy_api.console import charts, pages
from privacy_api.console.pages import SignedIn
from privacy_api.core.data.session import DbSession
from privacy_api.core.http.errors import ProblemError
from privacy_api.core.http.request import Context
from privacy_api.core.time import clock
from privacy_api.downstream import orders
from privacy_api.policy import changes, render
from privacy_api.policy import service as policy_service
from privacy_api.register import service as register_service
from privacy_api.retention import service as retention_service

router = APIRouter(prefix="/console", include_in_schema=False)

Field = Annotated[str, Form(max_length=200)]
CONSENT_DAYS = 14
MAX_CONSENT_DAYS = 92


@router.get("/downstream")
def downstream(request: Request, op: SignedIn, db: DbSession) -> Response:
    refused = pages.gate(request, op, "dsar:manage")
    if refused is not None:
        return refused
    waiting = orders.waiting(db, limit=200)
    by_system: dict[str, int] = {}
    for _, name in waiting:
        by_system[name] = by_system.get(name, 0) + 1
    return pages.render(
        request,
        "downstream.html.j2",
        op=op,
        section="downstream",
        waiting=waiting,
        expired=orders.waiting(db, limit=50, status="expired"),
        by_system=sorted(by_system.items()),
        now=clock.now(),
    )


def _retention_page(
    request: Request,
    db: Session,
    context: Context,
    op: Any,
    *,
    shown_run: int | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    preview = retention_service.preview(db, context.settings, clock.now())
    runs = retention_service.recent_runs(db, 20)
    shown = next((r for r in runs if r.id == shown_run), None)
    return pages.render(
        request,
        "retention.html.j2",
        op=op,
        section="retention",
        status=status,
        error=error,
        notice=(
            f"Run {shown.id} ({'dry run' if shown.dry_run else 'run'}) {shown.status}."
            if shown
            else None
        ),
        preview=preview,
        chart=charts.retention_chart(preview),
        months=lambda n: render.months(n, "en"),
        runs=runs,
        shown=shown,
    )


@router.get("/retention")
def retention(
    request: Request,
    op: SignedIn,
    db: DbSession,
    context: Context,
    run: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Response:
    refused = pages.gate(request, op, "retention:run")
    if refused is not None:
        return refused
    return _retention_page(request, db, context, op, shown_run=run)


@router.post("/retention")
def start_retention_run(
    request: Request,
    op: SignedIn,
    context: Context,
    mode: Annotated[Literal["dry_run", "run"], Form()] = "dry_run",
    confirm_count: Field = "",
    csrf_token: Field = "",
) -> Response:
    refused = pages.post_gate(request, op, "retention:run", csrf_token)
    if refused is not None:
        return refused
    assert op is not None
    error: str | None = None
    # ASCII digits only: str.isdigit() also takes '²', which int() refuses.
    typed = confirm_count.strip()
    count = int(typed) if re.fullmatch(r"[0-9]{1,12}", typed) else None
    if mode == "run" and count is None:
        error = "A run that changes data needs the number to confirm, as the preview shows it."
    else:
        try:
            done = retention_service.run(
                context.db,
                context.settings,
                at=None,
                dry_run=mode == "dry_run",
                actor=op.name,
                confirm_count=count if mode == "run" else None,
            )
            return RedirectResponse(f"/console/retention?run={done.id}", status_code=303)
        except ProblemError as exc:
            error = exc.detail
    with context.db.transaction(write=False) as session:
        return _retention_page(request, session, context, op, error=error, status=409)


# Days the report can be asked for: a window's start and the day after its end must be
# dates too, so the calendar's two ends (0001-01-01, 9999-12-31) are outside it.
_FIRST_DAY = date(1970, 1, 1) + timedelta(days=MAX_CONSENT_DAYS)
_LAST_DAY = date(9999, 12, 30)


def _consent_range(since: date | None, until: date | None) -> tuple[date, date]:
    """The window shown: the days asked for, or the last CONSENT_DAYS up to `until` (or
    today) for a window that is backwards, too long or off the calendar."""
    if since is not None and not _FIRST_DAY <= since <= _LAST_DAY:
        since = None
    if until is not None and not _FIRST_DAY <= until <= _LAST_DAY:
        until = None
    last = until or clock.now().date()
    first = since or last - timedelta(days=CONSENT_DAYS - 1)
    if first > last or (last - first).days >= MAX_CONSENT_DAYS:
        first = last - timedelta(days=CONSENT_DAYS - 1)
    return first, last


@router.get("/consent")
def consent(
    request: Request,
    op: SignedIn,
    db: DbSession,
    since: date | None = None,
    until: date | None = None,
) -> Response:
    refused = pages.gate(request, op, "consent:read")
    if refused is not None:
        return refused
    first, last = _consent_range(since, until)
    rows = consent_service.report(db, since=first, until=last)
    return pages.render(
        request,
        "consent.html.j2",
        op=op,
        section="consent",
        since=first,
        until=last,
        rows=rows,
        charts=charts.consent_charts(rows, first, last),
    )


@router.get("/consent.csv")
def consent_csv(
    request: Request,
    op: SignedIn,
    db: DbSession,
    since: date | None = None,
    until: date | None = None,
) -> Response:
    refused = pages.gate(request, op, "consent:read")
    if refused is not None:
        return refused
    first, last = _consent_range(since, until)
    rows = consent_service.report(db, since=first, until=last)
    return Response(
        consent_service.report_csv(rows),
        media_type="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="consent-{first}-{last}.csv"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/audit")
def audit(
    request: Request,
    op: SignedIn,
    db: DbSession,
    context: Context,
    check: bool = False,
    subject: Annotated[str, Query(max_length=128)] = "",
) -> Response:
    refused = pages.gate(request, op, "audit:read")
    if refused is not None:
        return refused
    verdict = verify.verify(context.db, context.settings) if check else None
    entries = (
        audit_service.list_entries(
            db,
            subject_id=subject.strip(),
            actor=None,
            action=None,
            since=None,
            after_seq=None,
            limit=200,
        )
        if subject.strip()
        else []
    )
    recent = checkpoints.list_checkpoints(db, after_id=None, limit=1000)[-10:]
    return pages.render(
        request,
        "audit.html.j2",
        op=op,
        section="audit",
        verdict=verdict,
        subject=subject.strip(),
        entries=entries,
        checkpoints=list(reversed(recent)),
    )


@router.get("/policy")
def policy(request: Request, op: SignedIn, db: DbSession) -> Response:
    refused = pages.gate(request, op, None)
    if refused is not None:
        return refused
    versions = register_service.list_versions(db)
    register_changes: dict[int, list[str]] = {}
    for older, newer in zip(versions, versions[1:], strict=False):
        old = register_service.register_at(db, older.version).spec
        new = register_service.register_at(db, newer.version).spec
        register_changes[newer.version] = changes.compare(old, new).lines["en"]
    return pages.render(
        request,
        "policy.html.j2",
        op=op,
        section="policy",
        policies=list(reversed(policy_service.list_versions(db))),
        registers=list(reversed(versions)),
        register_changes=register_changes,
    )
