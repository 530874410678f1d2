"""The console worked as staff work it, in a real Chromium against the real server: sign in,
work requests, run retention, read consent, retry a dead message, work a breach, and what a
narrower key and a forged form get."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page

from browser import DESKTOP, PHONE, ConsoleErrors, describe, screenshot, serious_violations
from conftest import LiveServer, serving
from consolekit import dead_message, logs_past_retention
from factories import bearer
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.register.service import Register


@pytest.fixture(autouse=True)
def _sqlite_only(backend: str) -> None:
    # A walk through the pages in Chromium: once is enough. Every rule it reaches is
    # tested on both backends through the same service functions (TestClient tests).
    if backend != "sqlite":
        pytest.skip("the browser walks run on SQLite; their rules are tested on both")


@pytest.fixture
def console_server(
    database_url: str, db: Database, loaded: Register, tmp_path: Path
) -> Iterator[LiveServer]:
    with serving(database_url, tmp_path / "server.log") as server:
        yield server


def _open_ticket(server: LiveServer, key: str, type_: str, email: str) -> str:
    response = httpx.post(
        f"{server.url}/v1/dsar",
        json={"type": type_, "email": email, "channel": "help_desk", "verified": True},
        headers=bearer(key),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _consent(server: LiveServer, purposes: dict[str, bool]) -> None:
    response = httpx.put(
        f"{server.url}/v1/consent/visitors/{uuid.uuid4()}",
        json={"purposes": purposes, "property": "site"},
    )
    assert response.status_code in (200, 201), response.text


def _sign_in(page: Page, server: LiveServer, key: str) -> None:
    page.goto(f"{server.url}/console/")
    assert page.url.endswith("/console/sign-in")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _bar_titles(section: Locator) -> list[str]:
    """The numbers the chart's bars carry in their <title>s (not rendered text)."""
    titles: list[str] = section.locator("svg rect title").evaluate_all(
        "els => els.map(e => e.textContent)"
    )
    return titles


def _looks_right(page: Page, name: str) -> None:
    """Accessible (axe: nothing serious or critical), nothing sideways, then a screenshot."""
    assert serious_violations(page) == [], describe(serious_violations(page))
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    screenshot(page, name)


def test_staff_work_the_console_in_a_real_browser(
    browser: Browser,
    console_server: LiveServer,
    db: Database,
    make_key: Callable[..., str],
    backend: str,
) -> None:
    server = console_server
    admin = make_key("admin", name="ops-anna")
    first = _open_ticket(server, admin, "access", "first@example.com")
    second = _open_ticket(server, admin, "restriction", "second@example.com")
    logs_past_retention(db, "s-long-gone", 12)
    for purposes in (
        {"analytics": True, "advertising": True},
        {"analytics": True, "advertising": False},
        {"analytics": False},
    ):
        _consent(server, purposes)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = ConsoleErrors(page)

    page.goto(f"{server.url}/console/sign-in")
    _looks_right(page, f"console-sign-in-{backend}")
    _sign_in(page, server, admin)
    assert page.url.endswith("/console/queue")
    assert page.get_by_text("Signed in as").is_visible()
    assert page.locator(f"a[href='/console/tickets/{first}']").is_visible()
    _looks_right(page, f"console-queue-{backend}")

    # Work the first request from open to completed.
    page.click(f"a[href='/console/tickets/{first}']")
    assert page.locator(".badge-open").first.is_visible()
    _looks_right(page, f"console-ticket-open-{backend}")
    page.get_by_role("button", name="Fulfil the request").click()
    page.wait_for_load_state()
    assert "the request is completed" in page.inner_text(".alert-ok")
    assert page.locator("dl.facts .badge-completed").first.inner_text() == "completed"
    _looks_right(page, f"console-ticket-completed-{backend}")

    # Extend the second.
    page.goto(f"{server.url}/console/tickets/{second}")
    page.get_by_label("Reason").first.fill("Many requests from this person at once.")
    page.get_by_role("button", name="Extend by two months").click()
    page.wait_for_load_state()
    assert "deadline is extended" in page.inner_text(".alert-ok")
    assert "Already extended once." in page.content()
    narrow = context.new_page()
    narrow.set_viewport_size(PHONE)
    narrow.goto(f"{server.url}/console/tickets/{second}")
    _looks_right(narrow, f"console-ticket-phone-{backend}")
    narrow.close()

    # A form without its token is refused, and nothing changes.
    forged = page.request.post(
        f"{server.url}/console/tickets/{second}/note", form={"text": "forged"}
    )
    assert forged.status == 403
    page.reload()
    assert "forged" not in page.content()

    # A retention dry run.
    page.goto(f"{server.url}/console/retention")
    assert page.locator("svg rect title", has_text="server_logs: 12").count() == 1
    _looks_right(page, f"console-retention-{backend}")
    page.get_by_role("button", name="Dry run").click()
    page.wait_for_load_state()
    assert "(dry run) completed" in page.inner_text(".alert-ok")
    assert page.locator("table >> text=ops-anna").first.is_visible()

    # The consent chart is drawn from the real events: the SVG holds the numbers.
    page.goto(f"{server.url}/console/consent")
    analytics = page.locator("section", has_text="Consent to analytics, per day")
    titles = _bar_titles(analytics)
    assert any(t.endswith(": 2 grants") for t in titles), titles
    assert any(t.endswith(": 1 denials") for t in titles), titles
    advertising = page.locator("section", has_text="Consent to advertising, per day")
    assert any(t.endswith(": 1 grants") for t in _bar_titles(advertising))
    _looks_right(page, f"console-consent-{backend}")

    for path, name in (
        ("/console/audit?check=true", "audit"),
        ("/console/policy", "policy"),
        ("/console/downstream", "downstream"),
    ):
        page.goto(f"{server.url}{path}")
        _looks_right(page, f"console-{name}-{backend}")
    page.goto(f"{server.url}/console/audit?check=true")
    assert "The chain is intact" in page.inner_text(".alert-ok")

    # At phone width the queue still reads (the table scrolls in its own box).
    phone = context.new_page()
    phone.set_viewport_size(PHONE)
    phone.goto(f"{server.url}/console/queue?status=all")
    _looks_right(phone, f"console-queue-phone-{backend}")
    phone.close()

    # Sign out: the console is closed again.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert page.url.endswith("/console/sign-in")
    page.goto(f"{server.url}/console/queue")
    assert page.url.endswith("/console/sign-in")
    assert errors.messages == []
    assert server.errors() == []
    context.close()


def test_a_narrower_key_sees_fewer_actions_in_a_real_browser(
    browser: Browser,
    console_server: LiveServer,
    make_key: Callable[..., str],
    backend: str,
) -> None:
    server = console_server
    ticket = _open_ticket(server, make_key("admin"), "access", "third@example.com")
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    _sign_in(page, server, make_key("consent:read", name="analyst"))
    assert page.url.endswith("/console/consent")
    nav = page.get_by_role("navigation", name="Sections")
    assert nav.get_by_role("link").all_inner_texts() == ["Consent", "Register & policy"]
    page.goto(f"{server.url}/console/tickets/{ticket}")
    assert "needs an API key with the 'dsar:manage' scope" in page.content()
    _looks_right(page, f"console-refused-{backend}")
    # Posting the action anyway, with this session's own valid token, is refused too.
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    refused = page.request.post(
        f"{server.url}/console/tickets/{ticket}/fulfil", form={"csrf_token": token or ""}
    )
    assert refused.status == 403
    status = httpx.get(f"{server.url}/v1/dsar/{ticket}", headers=bearer(make_key("admin")))
    assert status.json()["status"] == "open"
    context.close()


def _late_breach(server: LiveServer, key: str) -> str:
    """A breach its team learnt of 80 hours ago: the authority is 8 hours overdue."""
    response = httpx.post(
        f"{server.url}/v1/breaches",
        json={
            "nature": "A laptop with an unencrypted support export was stolen.",
            "became_aware_at": (clock.now() - timedelta(hours=80)).isoformat(),
        },
        headers=bearer(key),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_retry_a_dead_message_and_work_a_breach_in_a_real_browser(
    browser: Browser,
    console_server: LiveServer,
    db: Database,
    make_key: Callable[..., str],
    backend: str,
) -> None:
    server = console_server
    admin = make_key("admin", name="ops-anna")
    dead = dead_message(db)
    purged = dead_message(db, body="", recipient="zenon@example.com")
    late = _late_breach(server, admin)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = ConsoleErrors(page)
    _sign_in(page, server, admin)

    # What failed: the dead message retried, the purged one not retryable.
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="What failed").click()
    page.wait_for_load_state()
    assert page.locator("td", has_text="o***@example.com").is_visible()
    assert page.get_by_text("purged, not retryable").is_visible()
    assert page.get_by_role("button", name=f"Retry message {purged}").count() == 0
    _looks_right(page, f"console-failed-{backend}")
    page.get_by_role("button", name=f"Retry message {dead}").click()
    page.wait_for_load_state()
    assert f"Message {dead} is queued again" in page.inner_text(".alert-ok")
    assert page.get_by_role("button", name=f"Retry message {dead}").count() == 0
    _looks_right(page, f"console-failed-retried-{backend}")
    retried = httpx.get(f"{server.url}/v1/outbox?status=dead", headers=bearer(admin))
    assert [m["id"] for m in retried.json()["items"]] == [purged]

    # Breaches: the overdue one marked with its time, a new one recorded through the form.
    page.get_by_role("link", name="Breaches").click()
    page.wait_for_load_state()
    assert "overdue by 8 h" in page.inner_text(".badge-overdue")
    _looks_right(page, f"console-breaches-{backend}")
    page.get_by_role("link", name="Record a breach").click()
    page.wait_for_load_state()
    _looks_right(page, f"console-breach-new-{backend}")
    page.get_by_label("Nature of the breach").fill(
        "A newsletter went out with all addresses in CC."
    )
    page.get_by_label("Categories of people").fill("newsletter_subscribers")
    page.get_by_label("Categories of data").fill("email")
    page.get_by_label("Approximate number of people").fill("340")
    page.get_by_role("button", name="Record the breach").click()
    page.wait_for_load_state()
    assert "The breach is recorded" in page.inner_text(".alert-ok")
    assert "71 h" in page.inner_text("dl.facts") or "72 h" in page.inner_text("dl.facts")
    page.get_by_label("Risk to people's rights and freedoms").select_option("risk")
    page.get_by_label("Reasoning").fill("Addresses of 340 subscribers were shown to each other.")
    page.get_by_role("button", name="Record the assessment").click()
    page.wait_for_load_state()
    assert "The assessment is recorded." in page.inner_text(".alert-ok")
    _looks_right(page, f"console-breach-assessed-{backend}")

    # The late one: notifying without reasons is refused with the service's words.
    page.goto(f"{server.url}/console/breaches/{late}")
    page.get_by_label("Risk to people's rights and freedoms").select_option("risk")
    page.get_by_label("Reasoning").fill("Support messages with names and addresses.")
    page.get_by_role("button", name="Record the assessment").click()
    page.wait_for_load_state()
    page.get_by_label("The authority's reference").fill("UODO-2026-0042")
    page.get_by_role("button", name="Record the notification").click()
    page.wait_for_load_state()
    assert "give delay_reasons" in page.inner_text(".alert-error")
    _looks_right(page, f"console-breach-late-refused-{backend}")
    page.get_by_label("Reasons for the delay").fill("The theft was reported to us late.")
    page.get_by_role("button", name="Record the notification").click()
    page.wait_for_load_state()
    assert "notification to the authority is recorded" in page.inner_text(".alert-ok")
    assert page.locator("dl.facts .badge-overdue", has_text="late").is_visible()

    phone = context.new_page()
    phone.set_viewport_size(PHONE)
    for path, name in ((f"/console/breaches/{late}", "breach"), ("/console/failed", "failed")):
        phone.goto(f"{server.url}{path}")
        _looks_right(phone, f"console-{name}-phone-{backend}")
    phone.close()
    # Chromium logs the refused form's 422 answer itself; nothing else may be there.
    refused = f"status of 422 (Unprocessable Entity) at {server.url}/console/breaches/{late}/"
    assert [m for m in errors.messages if refused not in m] == []
    assert len(errors.messages) == 1
    assert server.errors() == []
    context.close()
