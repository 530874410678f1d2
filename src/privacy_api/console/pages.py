"""What every console page shares: the templates, the navigation a key may see, the CSRF
token bound to the session, and the answers for a visitor who may not be there."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from privacy_api.console.session import Operator, operator
from privacy_api.core.security import csrf

if TYPE_CHECKING:
    from jinja2 import Environment

SIGN_IN = "/console/sign-in"
# The sign-in form has no session yet: its token is bound to this fixed name instead.
_SIGN_IN_BINDING = "console-sign-in"


@dataclass(frozen=True)
class Section:
    key: str
    href: str
    label: str
    scope: str | None  # None: any signed-in key


# The navigation, in the order operations work through it. A key sees only what it may use.
SECTIONS: tuple[Section, ...] = (
    Section("queue", "/console/queue", "Requests", "dsar:manage"),
    Section("downstream", "/console/downstream", "Downstream", "dsar:manage"),
    Section("failed", "/console/failed", "What failed", "admin"),
    Section("retention", "/console/retention", "Retention", "retention:run"),
    Section("consent", "/console/consent", "Consent", "consent:read"),
    Section("audit", "/console/audit", "Audit", "audit:read"),
    Section("policy", "/console/policy", "Register & policy", None),
    Section("breaches", "/console/breaches", "Breaches", "breaches"),
)

SignedIn = Annotated[Operator | None, Depends(operator)]


@functools.cache
def _templates() -> Environment:
    # jinja2 is imported on the first page, not at start-up (PERFORMANCE.md: cold start).
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("privacy_api.console", "templates"),
        autoescape=select_autoescape(["html", "html.j2", "svg.j2"], default_for_string=True),
        undefined=StrictUndefined,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@functools.cache
def stylesheet() -> bytes:
    return resources.files("privacy_api.console").joinpath("templates/console.css").read_bytes()


def sections_for(op: Operator | None) -> list[Section]:
    if op is None:
        return []
    return [s for s in SECTIONS if s.scope is None or op.may(s.scope)]


def _binding(op: Operator | None) -> str:
    return op.session_value if op is not None else _SIGN_IN_BINDING


def render(
    request: Request,
    template: str,
    *,
    op: Operator | None,
    section: str = "",
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    page = {
        "op": op,
        "nav": sections_for(op),
        "section": section,
        "csrf_field": csrf.FIELD,
        "csrf": csrf.token(request, _binding(op)),
        "error": None,
        "notice": None,
        **context,
    }
    html = _templates().get_template(template).render(**page)
    response = HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})
    csrf.attach(request, response)
    return response


def to_sign_in() -> RedirectResponse:
    return RedirectResponse(SIGN_IN, status_code=303)


def refused(request: Request, op: Operator | None, message: str, status: int) -> HTMLResponse:
    return render(request, "refused.html.j2", op=op, status=status, message=message)


def gate(request: Request, op: Operator | None, scope: str | None) -> Response | None:
    """The answer for a visitor who may not see this page, or None to go on."""
    if op is None:
        return to_sign_in()
    if scope is not None and not op.may(scope):
        return refused(request, op, f"This page needs an API key with the '{scope}' scope.", 403)
    return None


def post_gate(
    request: Request, op: Operator | None, scope: str | None, submitted: str
) -> Response | None:
    """As gate(), and the form must carry its CSRF token, bound to this session."""
    if op is None:
        return to_sign_in()
    if not csrf.is_valid(request, submitted, _binding(op)):
        return refused(request, op, "The form expired or did not come from this console.", 403)
    return gate(request, op, scope)


def sign_in_token_valid(request: Request, submitted: str) -> bool:
    return csrf.is_valid(request, submitted, _SIGN_IN_BINDING)
