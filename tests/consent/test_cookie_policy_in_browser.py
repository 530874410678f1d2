"""The cookie policy and the consent script's promises about cookies (issue 29 point 6), in a
real Chromium: withdrawing a purpose deletes its first-party cookies (the register's
inventory says which; a third party's cookie is out of the page's reach), the banner asks
again once the register's consent lifetime has passed, each purpose is described as the
register describes it, and the cookie policy page reads well in Polish and English.

SQLite only: the API behind it is tested on both backends (test_cookie_policy.py)."""

from __future__ import annotations

import time

import pytest
import test_consent_in_browser as consent_pages
from playwright.sync_api import Browser, BrowserContext, Page
from test_consent_in_browser import (
    Site,
    _banner_open,
    _decided,
    _live_data_layer,
    _open,
    _visitor,
    _wait_for,
)

from browser import (
    DESKTOP,
    PHONE,
    TEST_DOMAIN,
    ConsoleErrors,
    describe,
    screenshot,
    serious_violations,
)
from privacy_api.register.service import Register

# The consent script's host page and API (test_consent_in_browser.py), shared.
site = consent_pages.site
context = consent_pages.context

# What tags would have set on the host's domain, as the inventory names them.
_TAG_COOKIES = {"_ga": "analytics", "_ga_ABC123": "analytics", "_gcl_au": "advertising"}


def _names(context: BrowserContext) -> set[str]:
    return {c["name"] for c in context.cookies()}


def _plant(context: BrowserContext, site: Site) -> None:
    """Cookies as Google's tags set them: on the registrable domain, with a leading dot, and
    one host-only; and one of another party the script must leave alone."""
    cookies = [
        {"name": name, "value": "GA1.1.1", "domain": f".{TEST_DOMAIN}", "path": "/"}
        for name in _TAG_COOKIES
    ]
    cookies.append({"name": "_ga", "value": "host", "url": site.origin})
    cookies.append({"name": "shop_cart", "value": "3", "domain": f".{TEST_DOMAIN}", "path": "/"})
    context.add_cookies(cookies)  # type: ignore[arg-type]


def _shift(ms: int) -> str:
    """The browser's clock moved on by `ms` (the server's stays: it holds the choice's time)."""
    return (
        f"(function () {{ var n = Date.now; Date.now = function () {{ return n() + {ms}; }}; }})();"
    )


def _settings(page: Page) -> None:
    page.get_by_role("link", name="Privacy settings").click()
    page.wait_for_selector("dialog.otc[open]")


def test_withdrawing_a_purpose_deletes_its_first_party_cookies_and_only_those(
    context: BrowserContext, site: Site
) -> None:
    page, errors = _open(context, site)
    _banner_open(page)
    page.get_by_role("button", name="Accept all", exact=True).click()
    _decided(site, _visitor(context))
    _plant(context, site)
    assert {"_ga", "_ga_ABC123", "_gcl_au", "shop_cart"} <= _names(context)
    # Analytics withdrawn, advertising kept: only the analytics cookies go.
    _settings(page)
    page.uncheck("#otc-analytics")
    page.get_by_role("button", name="Save choices").click()
    _wait_for(lambda: "_ga" not in _names(context))
    names = _names(context)
    assert "_ga_ABC123" not in names  # the inventory's `_ga_*`
    assert {"_gcl_au", "shop_cart", "ot_vid", "ot_consent"} <= names
    # Everything withdrawn: the advertising cookie goes too; the person's own choice and
    # another party's cookie stay.
    _settings(page)
    page.get_by_role("button", name="Reject all", exact=True).click()
    _wait_for(lambda: "_gcl_au" not in _names(context))
    assert {"shop_cart", "ot_vid", "ot_consent"} <= _names(context)
    # A tag's cookie set again later (a cached page, another tab) goes on the next page.
    _plant(context, site)
    page.reload()
    _wait_for(lambda: not ({"_ga", "_gcl_au"} & _names(context)))
    assert errors.messages == [], errors.messages


def test_the_banner_asks_again_once_the_registers_consent_lifetime_has_passed(
    browser: Browser, site: Site, loaded: Register
) -> None:
    days = loaded.spec.cookie_policy.consent_lifetime_days
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page, errors = _open(context, site)
    _banner_open(page)
    page.get_by_role("button", name="Accept all", exact=True).click()
    visitor = _visitor(context)
    _decided(site, visitor)
    page.reload()
    page.wait_for_timeout(1500)
    assert not page.is_visible("dialog.otc")  # a standing choice: no banner
    # The same browser a day after the lifetime: the choice no longer stands.
    later = (days + 1) * 86400 * 1000
    context.add_init_script(_shift(later))
    page.reload()
    _banner_open(page)
    assert page.evaluate("onetaggerConsent.get().purposes.analytics") is False
    assert _live_data_layer(page)[0][2]["analytics_storage"] == "denied"
    # Not yet expired: a day before the lifetime ends it still stands.
    context.close()
    assert errors.messages == [], errors.messages
    fresh = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page, errors = _open(fresh, site)
    _banner_open(page)
    page.get_by_role("button", name="Accept all", exact=True).click()
    _decided(site, _visitor(fresh))
    earlier = (days - 1) * 86400 * 1000
    fresh.add_init_script(_shift(earlier))
    page.reload()
    page.wait_for_timeout(1500)
    assert not page.is_visible("dialog.otc")
    cookie = next(c for c in fresh.cookies() if c["name"] == "ot_consent")
    # The cookie lives as long as the register says a choice stands.
    assert abs(cookie["expires"] - time.time() - days * 86400) < 120
    fresh.close()


def test_banner_describes_each_purpose_as_the_register_does_and_links_the_cookie_policy(
    context: BrowserContext, site: Site, loaded: Register
) -> None:
    page, errors = _open(context, site)
    _banner_open(page)
    page.get_by_role("button", name="Settings", exact=True).click()
    for key in ("analytics", "advertising", "social_media"):
        described = page.inner_text(f"#otc-{key}-d")
        assert described == loaded.spec.consent_purposes[key].description.en
    assert page.inner_text("#otc-advertising-d") != "Cookies"
    link = page.get_by_role("link", name="Cookie policy")
    assert link.get_attribute("href") == f"{site.api}/privacy/cookie-policy?lang=en"
    screenshot(page, "consent-settings-descriptions-desktop-en")
    assert errors.messages == [], errors.messages
    assert serious_violations(page) == [], describe(serious_violations(page))


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_cookie_policy_page_reads_well_at_desktop_and_phone_width(
    browser: Browser, site: Site, lang: str
) -> None:
    context: BrowserContext = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = ConsoleErrors(page)
    page.goto(f"{site.server.url}/privacy/cookie-policy?lang={lang}")
    assert page.locator("h1").count() == 1
    assert page.locator("table.cookies").count() >= 3
    assert serious_violations(page) == [], describe(serious_violations(page))
    screenshot(page, f"cookie-policy-desktop-{lang}")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, f"cookie-policy-phone-{lang}")
    # The link to the choices works without a script.
    page.get_by_role(
        "link", name="Change my cookie choices" if lang == "en" else "Zmień ustawienia cookies"
    ).click()
    assert "/privacy/cookies" in page.url
    assert errors.messages == [], errors.messages
    context.close()
