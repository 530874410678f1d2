"""What the centre's pages show, built from the register, the policy and a ticket: plain
data for the templates, no rule of its own (the rules are the services')."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from privacy_api.centre.more_words import MORE_WORDS
from privacy_api.centre.words import WORDS
from privacy_api.core.html import pages
from privacy_api.core.html.pages import Lang
from privacy_api.core.security import csrf
from privacy_api.dsar.models import DsarTicket
from privacy_api.dsar.schemas import complaint_route
from privacy_api.dsar.service import TYPE_LABELS
from privacy_api.policy import render as policy_render
from privacy_api.policy import service as policy_service
from privacy_api.register import complaint
from privacy_api.register.spec import Activity, RegisterSpec

PACKAGE = "privacy_api.centre"
STYLESHEET = "/privacy/centre.css"
HOME = "/privacy/"
# Every right the policy (§3) names: a rectification states what is wrong and what is
# right, a portability request may name an organisation (centre/request_extras.py).
FORM_TYPES = ("access", "rectification", "portability", "erasure", "restriction", "objection")


def href(path: str, lang: Lang) -> str:
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}lang={lang}"


def page(
    request: Request,
    template: str,
    *,
    lang: Lang,
    status: int = 200,
    headers: dict[str, str] | None = None,
    current: str | None = None,
    **context: Any,
) -> HTMLResponse:
    """A centre page in the shared layout, with its CSRF token and language switch."""
    html = pages.render(
        PACKAGE,
        template,
        **_page_context(request, lang, csrf.token(request), {"current": current, **context}),
    )
    return pages.answer(request, html, lang=lang, status=status, headers=headers)


# Stands in for the CSRF token in a page rendered once and kept (`kept_page`).
_TOKEN_SLOT = "csrf-token-slot-0f3a9c"
_kept: dict[tuple[str, Lang], tuple[object, str]] = {}


def kept_page(
    request: Request, template: str, *, lang: Lang, source: object, **context: Any
) -> HTMLResponse:
    """A page the same for everyone but its CSRF token (the empty request form), rendered
    once per language and `source` (the register it shows) and the token put in: the
    landing page under load costs a string replace, not a template (benchmarks/run.py).
    Only without a query beyond `?lang=`, which is all the page's language switch needs."""
    if set(request.query_params) - {"lang"}:
        return page(request, template, lang=lang, **context)
    kept = _kept.get((template, lang))
    if kept is None or kept[0] is not source:
        html = pages.render(PACKAGE, template, **_page_context(request, lang, _TOKEN_SLOT, context))
        kept = _kept[(template, lang)] = (source, html)
    html = kept[1].replace(_TOKEN_SLOT, csrf.token(request))
    return pages.answer(request, html, lang=lang)


def _page_context(
    request: Request, lang: Lang, token: str, context: dict[str, Any]
) -> dict[str, Any]:
    return {
        "lang": lang,
        "w": {**WORDS[lang], **MORE_WORDS[lang]},
        "site_name": WORDS[lang]["site"],
        "stylesheet": STYLESHEET,
        "home": href(HOME, lang),
        "switch": pages.switch(request, lang),
        "csrf_field": csrf.FIELD,
        "csrf_token": token,
        "tabs": _tabs(lang),
        "current": None,
        **context,
    }


def _tabs(lang: Lang) -> list[tuple[str, str, str]]:
    words = WORDS[lang]
    return [
        ("home", words["nav_home"], href(HOME, lang)),
        ("request", words["nav_request"], href("/privacy/request", lang)),
        ("cookies", words["nav_cookies"], href("/privacy/cookies", lang)),
        ("policy", words["nav_policy"], href("/privacy/policy", lang)),
    ]


def message(
    request: Request,
    *,
    lang: Lang,
    status: int,
    title: str,
    paragraphs: list[str],
    link: tuple[str, str] | None = None,
    contact: str | None = None,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """A page that says one thing: a refusal, an expired link, a limit."""
    return page(
        request,
        "message.html.j2",
        lang=lang,
        status=status,
        headers=headers,
        title=title,
        paragraphs=paragraphs,
        link=link,
        contact=contact,
    )


@dataclass(frozen=True)
class Kept:
    """One processing activity as the home page tells it."""

    title: str
    purposes: str
    data: str
    basis: str
    how_long: str
    recipients: str
    notes: list[str]


def _recipients(spec: RegisterSpec, activity: Activity, lang: Lang) -> str:
    """By name where the register knows it, by category otherwise."""
    named = [
        f"{s.title.of(lang)} ({s.name})" if s.name else s.title.of(lang)
        for s in spec.recipients_of(activity)
    ]
    named += [f"{r.title.of(lang)} ({r.privacy_policy})" for r in spec.disclosed_to(activity)]
    return "; ".join(named)


def kept(spec: RegisterSpec, lang: Lang) -> list[Kept]:
    return [
        Kept(
            title=activity.title.of(lang),
            purposes=", ".join(spec.purpose_title(p, lang) for p in activity.purposes),
            data=", ".join(spec.category_title(c, lang) for c in activity.data_categories),
            basis=policy_render.basis_phrase(activity, lang),
            how_long=policy_render.activity_retention(spec, activity, lang),
            recipients=_recipients(spec, activity, lang),
            notes=[n.of(lang) for n in activity.notes],
        )
        for activity in sorted(spec.activities, key=lambda a: a.section)
    ]


def policy_context(session: Session, lang: Lang) -> dict[str, Any]:
    """The policy in force with real headings (the same text /v1/policy serves)."""
    document = policy_service.policy_document(session, lang=lang, version=None)
    blocks = policy_render.policy_blocks(document.text)
    return {
        "policy": document,
        "policy_title": next((b.lines[0] for b in blocks if b.kind == "title"), ""),
        "policy_body": _markup(policy_render.render_policy_body(document.text)),
    }


def home_context(session: Session, lang: Lang) -> dict[str, Any]:
    spec, version = policy_service.in_force(session)
    authority = spec.controller.supervisory_authority
    route = complaint.complaint_json(spec, lang)
    return {
        "spec": spec,
        "controller": spec.controller,
        "postal_address": spec.controller.postal_address.of(lang),
        "contact_point": spec.contact_point,
        "authority_name": authority.name.of(lang),
        "authority_address": authority.postal_address.of(lang),
        "authority": authority,
        "complaint_choice": complaint.CHOICE[lang],
        "your_authority": route["your_authority"],
        "authorities": route["authorities"],
        "kept": kept(spec, lang),
        "policy_version": version,
        "policy_href": href("/privacy/policy", lang),
        "versions": policy_service.list_versions(session),
        "request_href": href("/privacy/request", lang),
        "cookies_href": href("/privacy/cookies", lang),
    }


def _markup(html: str) -> Any:
    # Already escaped by the policy's own autoescaping template.
    from markupsafe import Markup

    return Markup(html)


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # "done", "now", "todo"
    date: str | None = None


def status_context(ticket: DsarTicket, spec: RegisterSpec, lang: Lang) -> dict[str, Any]:
    """What the status page tells about a ticket: its course, no address and no data."""
    words = WORDS[lang]
    verified = ticket.verified_at is not None
    closed = ticket.status in ("completed", "rejected")
    steps = [
        Step(words["status_received"], "done", _day(ticket.received_at)),
        Step(
            words["status_verified"] if verified else words["status_waiting_code"],
            "done" if verified else "now",
            _day(ticket.verified_at),
        ),
        Step(words["status_in_progress"], "done" if closed else "now" if verified else "todo"),
    ]
    if ticket.status == "completed":
        steps.append(Step(words["status_completed"], "done", _day(ticket.closed_at)))
    elif ticket.status == "rejected":
        steps.append(Step(words["status_rejected"], "done", _day(ticket.closed_at)))
    return {
        "ticket_id": ticket.id,
        "request_type": TYPE_LABELS[lang].get(ticket.type, ticket.type),
        "state": ticket.status,
        # The code is entered where the request was made: here only for the centre's own
        # (the API shows a ticket only to the client that opened it).
        "code_here": ticket.channel == "privacy_centre",
        "steps": steps,
        "due_on": _day(ticket.due_at),
        "extended": ticket.extended_at is not None,
        "extension_reason": ticket.extension_reason,
        "rejection_reason": ticket.rejection_reason,
        "complaint": complaint_route(spec, lang) if ticket.status == "rejected" else None,
        "controller_email": spec.controller.email,
    }


def _day(value: Any) -> str | None:
    return value.date().isoformat() if value is not None else None
