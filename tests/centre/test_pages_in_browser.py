"""The published policy page, opened by a real Chromium: readable, accessible, CSP-clean."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ViewportSize

from browser import DESKTOP, PHONE, ConsoleErrors, describe, screenshot, serious_violations
from conftest import LiveServer, serving
from privacy_api.core.data.db import Database
from privacy_api.register.service import Register


@pytest.fixture
def policy_server(
    database_url: str, db: Database, loaded: Register, tmp_path: Path
) -> Iterator[LiveServer]:
    with serving(database_url, tmp_path / "server.log") as server:
        yield server


@pytest.mark.parametrize(("width", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_published_policy_page_reads_in_a_real_browser_without_console_errors(
    browser: Browser, policy_server: LiveServer, backend: str, width: str, viewport: ViewportSize
) -> None:
    page = browser.new_page(viewport=viewport, locale="pl-PL")
    errors = ConsoleErrors(page)
    response = page.goto(f"{policy_server.url}/v1/policy?lang=pl")
    assert response is not None
    assert response.status == 200
    assert page.title().startswith("Polityka prywatności")
    # Nothing overflows sideways at phone width: the text reflows.
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= viewport["width"]
    assert errors.messages == []  # a CSP refusal of the stylesheet would show here
    assert serious_violations(page) == [], describe(serious_violations(page))
    screenshot(page, f"policy-{width}-{backend}")
    page.close()
