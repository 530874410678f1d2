"""Issue 30, item 8: every console page with realistic data, in a real Chromium at 1280 px:
nothing scrolls sideways, the navigation and the sign-out stay on one row, and each page is
saved as a screenshot for a person to look at (screenshots/console-*-people.png)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page

from browser import DESKTOP, ConsoleErrors, screenshot
from conftest import LiveServer, serving
from consolekit import logs_past_retention
from factories import bearer, record
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.register.service import Register

POLISH_MESSAGE = "Proszę o kopię moich danych, także historii zamówień i zgód."


@pytest.fixture(autouse=True)
def _sqlite_only(backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("the browser walks run on SQLite; their rules are tested on both")


@pytest.fixture
def console_server(
    database_url: str, db: Database, loaded: Register, tmp_path: Path
) -> Iterator[LiveServer]:
    # The receiver of the waiting erasure's order: on loopback, never reached.
    hosts = "PRIVACY_API_WEBHOOK_PRIVATE_HOSTS"
    with serving(database_url, tmp_path / "server.log", **{hosts: '["127.0.0.1"]'}) as server:
        yield server


def _call(server: LiveServer, key: str, method: str, path: str, body: Any = None) -> Any:
    response = httpx.request(method, f"{server.url}{path}", json=body, headers=bearer(key))
    assert response.status_code < 300, response.text
    return response.json()


def _person(server: LiveServer, key: str, sid: str, email: str, name: str) -> None:
    _call(server, key, "PUT", f"/v1/subjects/{sid}", {"email": email, "name": name})
    items = [
        record(sid),
        record(sid, activity="payments", category="payment_confirmation", data={"eur": 9}),
    ]
    _call(server, key, "POST", "/v1/records/batch", {"records": items})


def _ticket(server: LiveServer, key: str, **body: Any) -> str:
    base = {"channel": "email", "verified": True}
    return str(_call(server, key, "POST", "/v1/dsar", {**base, **body})["id"])


def realistic_data(server: LiveServer, db: Database, admin: str) -> dict[str, str]:
    """A Polish access request, an erasure completed (with a kept payment and a request it
    closed), one waiting for a system, one about to be erased, a breach, a retention due."""
    polish = _ticket(
        server,
        admin,
        type="access",
        email="zofia.wisniewska@example.com",
        lang="pl",
        property="app",
        details={"message": POLISH_MESSAGE},
    )
    _person(server, admin, "s-ola", "ola@example.com", "Ola Kowalska")
    _ticket(server, admin, type="access", email="ola@example.com")
    erased = _ticket(server, admin, type="erasure", email="ola@example.com", lang="pl")
    assert _call(server, admin, "POST", f"/v1/dsar/{erased}/fulfil")["status"] == "completed"
    _person(server, admin, "s-piotr", "piotr@example.com", "Piotr Nowak")
    preview = _ticket(server, admin, type="erasure", email="piotr@example.com")
    _call(
        server,
        admin,
        "POST",
        "/v1/systems",
        {"name": "app-backend", "property": "app", "webhook_url": "http://127.0.0.1:9/h"},
    )
    _person(server, admin, "s-finn", "finn@example.com", "Finn Berg")
    waiting = _ticket(server, admin, type="erasure", email="finn@example.com")
    assert _call(server, admin, "POST", f"/v1/dsar/{waiting}/fulfil")["status"] == "in_progress"
    breach = _call(
        server,
        admin,
        "POST",
        "/v1/breaches",
        {
            "nature": "A laptop with an unencrypted support export was stolen.",
            "became_aware_at": (clock.now() - timedelta(hours=20)).isoformat(),
        },
    )["id"]
    logs_past_retention(db, "s-long-gone", 3)
    return {
        "polish": polish,
        "erased": erased,
        "preview": preview,
        "waiting": waiting,
        "breach": str(breach),
    }


def _sign_in(page: Page, server: LiveServer, key: str) -> None:
    page.goto(f"{server.url}/console/sign-in")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _fits(page: Page, name: str) -> None:
    """Nothing sideways at 1280 px; the sections and the sign-out on one row."""
    screenshot(page, f"{name}-people")
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"], name
    rows = page.evaluate(
        """() => {
        const tops = [...document.querySelectorAll('.top nav a, .top .who button')]
            .map(e => Math.round(e.getBoundingClientRect().top));
        return new Set(tops).size;
    }"""
    )
    assert rows <= 1, f"{name}: the header wraps onto {rows} rows"


def test_every_console_page_fits_1280_px_with_realistic_data(
    browser: Browser,
    console_server: LiveServer,
    db: Database,
    make_key: Callable[..., str],
) -> None:
    server = console_server
    admin = make_key("admin", name="ops-anna")
    made = realistic_data(server, db, admin)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = ConsoleErrors(page)
    _sign_in(page, server, admin)
    for path, name in (
        ("/console/queue", "console-queue"),
        (f"/console/tickets/{made['polish']}", "console-ticket-polish"),
        (f"/console/tickets/{made['erased']}", "console-ticket-erased"),
        (f"/console/tickets/{made['preview']}", "console-ticket-erasure-preview"),
        (f"/console/tickets/{made['waiting']}", "console-ticket-erasure-waiting"),
        ("/console/downstream", "console-downstream"),
        ("/console/failed", "console-failed"),
        ("/console/retention", "console-retention"),
        ("/console/consent", "console-consent"),
        ("/console/audit?check=true", "console-audit"),
        ("/console/policy", "console-policy"),
        ("/console/breaches", "console-breaches"),
        (f"/console/breaches/{made['breach']}", "console-breach"),
        ("/console/breaches/new", "console-breach-new"),
    ):
        page.goto(f"{server.url}{path}")
        _fits(page, name)
    assert errors.messages == []
    assert server.errors() == []
    context.close()


def test_the_ticket_page_with_an_erasure_preview_does_not_scroll_sideways(
    browser: Browser,
    console_server: LiveServer,
    db: Database,
    make_key: Callable[..., str],
) -> None:
    server = console_server
    admin = make_key("admin", name="ops-anna")
    made = realistic_data(server, db, admin)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    _sign_in(page, server, admin)
    page.goto(f"{server.url}/console/tickets/{made['preview']}")
    assert page.get_by_role("button", name="Erase now (cannot be undone)").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    # The preview's tables stay inside their card.
    inside = page.evaluate(
        """() => [...document.querySelectorAll('section.card table')].every(t => {
            const card = t.closest('section.card').getBoundingClientRect();
            const box = (t.closest('.scroll') || t).getBoundingClientRect();
            return box.right <= card.right + 0.5;
        })"""
    )
    assert inside
    # After the erasure the button is gone: the page offers only what can still be done.
    page.get_by_role("button", name="Erase now (cannot be undone)").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Erase now (cannot be undone)").count() == 0
    assert page.get_by_role("button", name="Fulfil the request").count() == 0
    context.close()
