"""The consent script in a real Chromium, on a host page of another origin with a strict CSP.

The host page is served from http://www.onetagger.test:PORT (a tiny server on loopback), the
API runs as a real server on http://privacy.onetagger.test:PORT2 with the host's origin in
PRIVACY_API_CORS_ORIGINS, and both names resolve to 127.0.0.1 inside the browser only. The
host page allows scripts, styles and connections from itself and the API and nothing else
(no inline script or style), as docs and README ask of a property.

SQLite only: the API's own behaviour is tested on both backends elsewhere.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, ViewportSize

from browser import (
    DESKTOP,
    PHONE,
    TEST_DOMAIN,
    ConsoleErrors,
    describe,
    screenshot,
    serious_violations,
)
from conftest import LiveServer, serving
from mailserver import free_port

VISIBLE = ("analytics", "advertising", "social_media")

_HOST_PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="{api}/v1/consent.js" data-property="site" data-lang="{lang}"
  data-cookie-domain="{domain}"></script>
<script src="/later.js"></script>
<link rel="stylesheet" href="/host.css">
<title>onetagger - server-side tagging</title>
</head>
<body>
<header><strong>onetagger</strong>
<nav><a href="/">Product</a> <a href="/">Pricing</a></nav></header>
<main>
<h1>Server-side tagging without the hassle</h1>
<p>Move your tags to a server you control: faster pages, cleaner data, fewer blocked hits.
Set up in minutes and keep full control of what is sent where.</p>
<p><a class="cta" href="/">Start free trial</a></p>
<p>Trusted by marketing teams across Europe. Every plan includes hosting, monitoring and
support from people who know tagging.</p>
</main>
<footer><a href="#" data-onetagger-consent="open">{footer}</a></footer>
</body>
</html>
"""
# Runs after the consent script, before anything else: what it sees is what any tag would.
_LATER_JS = """
function snapshot() {
  return JSON.stringify(Array.from(window.dataLayer || [], function (a) { return Array.from(a); }));
}
window.__atLater = snapshot();
window.__changes = [];
window.addEventListener("onetagger:consent", function (e) { window.__changes.push(e.detail); });
document.addEventListener("DOMContentLoaded", function () { window.__atReady = snapshot(); });
"""
_HOST_CSS = """
body { margin: 0; font: 16px/1.6 Georgia, serif; color: #222; background: #f7f5f0; }
header { display: flex; justify-content: space-between; padding: 1rem 1.5rem;
  background: #173b3f; color: #fff; }
header a { color: #fff; margin-left: 1rem; }
main { max-width: 44rem; margin: 2rem auto; padding: 0 1.5rem; }
.cta { display: inline-block; padding: .6rem 1.2rem; background: #173b3f; color: #fff; }
footer { padding: 2rem 1.5rem; text-align: center; }
footer a { color: #173b3f; }
"""


@dataclass
class Site:
    """The host page's origin and the API's, as the browser sees them."""

    origin: str
    api: str
    server: LiveServer

    def page_url(self, lang: str = "en") -> str:
        return f"{self.origin}/?lang={lang}"

    def state(self, visitor: str) -> dict[str, Any]:
        # The API read directly, not through the browser: what the server holds.
        response = httpx.get(f"{self.server.url}/v1/consent/visitors/{visitor}", timeout=5)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


def _host_server(port: int, api: dict[str, str]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path, _, query = self.path.partition("?")
            lang = "pl" if "lang=pl" in query else "en"
            if path == "/":
                body = _HOST_PAGE.format(
                    api=api["url"],
                    lang=lang,
                    domain=TEST_DOMAIN,
                    footer="Ustawienia prywatności" if lang == "pl" else "Privacy settings",
                )
                self._send(body, "text/html; charset=utf-8")
            elif path == "/later.js":
                self._send(_LATER_JS, "text/javascript")
            elif path == "/favicon.ico":
                self.send_response(204)
                self.end_headers()
            elif path == "/host.css":
                self._send(_HOST_CSS, "text/css")
            else:
                self.send_error(404)

        def _send(self, body: str, media_type: str) -> None:
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            # Strict: the host allows the API's script, style and connections, nothing inline.
            self.send_header(
                "Content-Security-Policy",
                f"default-src 'none'; script-src 'self' {api['url']}; "
                f"style-src 'self' {api['url']}; connect-src {api['url']}; img-src 'self'; "
                "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            )
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)


@pytest.fixture
def site(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Site]:
    if backend != "sqlite":
        pytest.skip("the browser tests run on SQLite; the API is tested on both backends")
    database_url: str = request.getfixturevalue("database_url")
    request.getfixturevalue("loaded")  # the packaged register, the first policy version
    port = free_port()
    origin = f"http://www.{TEST_DOMAIN}:{port}"
    api: dict[str, str] = {}
    host = _host_server(port, api)
    thread = threading.Thread(target=host.serve_forever, daemon=True)
    thread.start()
    try:
        with serving(
            database_url,
            tmp_path / "server.log",
            PRIVACY_API_CORS_ORIGINS=json.dumps([origin]),
            PRIVACY_API_CONSENT_RATE_LIMIT_PER_MINUTE="0",
        ) as server:
            api["url"] = server.url.replace("127.0.0.1", f"privacy.{TEST_DOMAIN}")
            yield Site(origin, api["url"], server)
            assert server.errors() == []
    finally:
        host.shutdown()
        host.server_close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    made = browser.new_context(viewport=DESKTOP, locale="en-GB")
    yield made
    made.close()


def _open(context: BrowserContext, site: Site, lang: str = "en") -> tuple[Page, ConsoleErrors]:
    page = context.new_page()
    errors = ConsoleErrors(page)
    page.goto(site.page_url(lang))
    return page, errors


def _banner_open(page: Page) -> None:
    page.wait_for_selector("dialog.otc[open]")
    # Styled: the stylesheet the script linked has applied (a CSP refusal would leave it bare).
    assert page.eval_on_selector("dialog.otc", "d => getComputedStyle(d).borderRadius") != "0px"


def _visitor(context: BrowserContext) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "ot_vid")


def _data_layer(page: Page, when: str = "__atLater") -> list[list[Any]]:
    snapshot: list[list[Any]] = json.loads(page.evaluate(f"window.{when}"))
    return snapshot


def _live_data_layer(page: Page) -> list[list[Any]]:
    entries: list[list[Any]] = page.evaluate(
        "Array.from(window.dataLayer, function (a) { return Array.from(a); })"
    )
    return entries


def _wait_for(check: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def _decided(site: Site, visitor: str) -> dict[str, Any]:
    _wait_for(lambda: site.state(visitor)["updated_at"] is not None)
    return site.state(visitor)


DENIED = {
    "analytics_storage": "denied",
    "ad_storage": "denied",
    "ad_user_data": "denied",
    "ad_personalization": "denied",
    "functionality_storage": "granted",
    "security_storage": "granted",
}
GRANTED = dict.fromkeys(DENIED, "granted")


def test_first_visit_denies_by_default_before_any_later_script_and_shows_the_banner(
    context: BrowserContext, site: Site
) -> None:
    page, errors = _open(context, site)
    # The next script in <head> already found the default, and nothing else.
    assert _data_layer(page) == [["consent", "default", DENIED]]
    _banner_open(page)
    dialog = page.get_by_role("dialog", name="Your privacy choices")
    assert dialog.is_visible()
    reject = dialog.get_by_role("button", name="Reject all", exact=True)
    accept = dialog.get_by_role("button", name="Accept all", exact=True)
    # Equally prominent: same size, same colours.
    reject_box, accept_box = reject.bounding_box(), accept.bounding_box()
    assert reject_box is not None
    assert accept_box is not None
    assert (reject_box["width"], reject_box["height"]) == (
        accept_box["width"],
        accept_box["height"],
    )
    style = "b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color]"
    assert reject.evaluate(style) == accept.evaluate(style)
    policy = dialog.get_by_role("link", name="Privacy policy")
    assert policy.get_attribute("href") == f"{site.api}/v1/policy?lang=en"
    assert "Analytics" in dialog.inner_text() or "analytics" in dialog.inner_text()
    # Escape does not dismiss it before a choice.
    page.keyboard.press("Escape")
    assert dialog.is_visible()
    cookie = next(c for c in context.cookies() if c["name"] == "ot_vid")
    assert cookie["domain"] == f".{TEST_DOMAIN}"
    assert cookie["sameSite"] == "Lax"
    assert cookie["secure"] is False  # plain http here; https adds Secure
    assert 0 < cookie["expires"] - time.time() <= 395 * 86400
    assert site.state(cookie["value"])["updated_at"] is None  # nothing recorded by a visit
    screenshot(page, "consent-banner-desktop-en")
    assert errors.messages == [], errors.messages
    # Last: axe-core itself applies inline styles, which the host's CSP refuses and logs.
    assert serious_violations(page) == [], describe(serious_violations(page))


@pytest.mark.parametrize(("width", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_banner_and_settings_read_well_in_polish_at_phone_and_desktop_width(
    browser: Browser, site: Site, width: str, viewport: ViewportSize
) -> None:
    touch = width == "phone"  # a phone taps: no pointer hovers
    context = browser.new_context(
        viewport=viewport, locale="pl-PL", has_touch=touch, is_mobile=touch
    )
    page, errors = _open(context, site, "pl")
    _banner_open(page)
    dialog = page.get_by_role("dialog", name="Twoje wybory dotyczące prywatności")
    assert dialog.get_by_role("button", name="Odrzuć wszystkie").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"consent-banner-{width}-pl")
    more = dialog.get_by_role("button", name="Ustawienia", exact=True)
    more.tap() if touch else more.click()
    for key in VISIBLE:
        assert not page.is_checked(f"#otc-{key}")  # nothing pre-ticked
    assert page.get_by_role("dialog", name="Ustawienia prywatności").is_visible()
    # "Accept all" now sits where the tap was: still styled exactly as "Reject all".
    style = "b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color]"
    settings = page.get_by_role("dialog", name="Ustawienia prywatności")
    accept = settings.get_by_role("button", name="Zaakceptuj wszystkie")
    reject = settings.get_by_role("button", name="Odrzuć wszystkie")
    assert accept.evaluate(style) == reject.evaluate(style)
    screenshot(page, f"consent-settings-{width}-pl")
    assert errors.messages == [], errors.messages
    # Last: axe-core itself applies inline styles, which the host's CSP refuses and logs.
    assert serious_violations(page) == [], describe(serious_violations(page))
    context.close()


def test_reject_all_is_recorded_on_the_server_and_keeps_consent_mode_denied(
    context: BrowserContext, site: Site
) -> None:
    page, errors = _open(context, site)
    _banner_open(page)
    page.get_by_role("button", name="Reject all", exact=True).click()
    assert not page.is_visible("dialog.otc")
    state = _decided(site, _visitor(context))
    assert {k: state["purposes"][k] for k in VISIBLE} == dict.fromkeys(VISIBLE, False)
    assert state["policy_version"] == state["current_policy_version"]
    assert _live_data_layer(page)[-1] == ["consent", "update", DENIED]
    assert page.evaluate("onetaggerConsent.get().purposes.analytics") is False
    assert errors.messages == [], errors.messages


def test_accept_all_grants_every_purpose_on_the_server_and_in_consent_mode(
    context: BrowserContext, site: Site
) -> None:
    page, errors = _open(context, site)
    page.evaluate("onetaggerConsent.on('change', function (s) { window.__viaOn = s; })")
    _banner_open(page)
    page.get_by_role("button", name="Accept all", exact=True).click()
    state = _decided(site, _visitor(context))
    assert {k: state["purposes"][k] for k in VISIBLE} == dict.fromkeys(VISIBLE, True)
    assert _live_data_layer(page)[-1] == ["consent", "update", GRANTED]
    changes = page.evaluate("window.__changes")
    assert changes
    assert changes[0]["consent_mode"] == GRANTED
    assert page.evaluate("window.__viaOn.purposes.advertising") is True
    assert errors.messages == [], errors.messages


def test_settings_grant_only_the_purposes_switched_on(context: BrowserContext, site: Site) -> None:
    page, errors = _open(context, site)
    _banner_open(page)
    page.get_by_role("button", name="Settings", exact=True).click()
    dialog = page.get_by_role("dialog", name="Privacy settings")
    for key in VISIBLE:
        assert not page.is_checked(f"#otc-{key}")
    dialog.get_by_role("switch", name="Analytics").check()
    screenshot(page, "consent-settings-desktop-en")
    dialog.get_by_role("button", name="Save choices").click()
    state = _decided(site, _visitor(context))
    assert {k: state["purposes"][k] for k in VISIBLE} == {
        "analytics": True,
        "advertising": False,
        "social_media": False,
    }
    mode = _live_data_layer(page)[-1][2]
    assert mode["analytics_storage"] == "granted"
    assert mode["ad_storage"] == "denied"
    # The footer link brings the settings back, showing the choice made.
    page.get_by_role("link", name="Privacy settings").click()
    assert page.is_checked("#otc-analytics")
    assert not page.is_checked("#otc-advertising")
    page.keyboard.press("Escape")  # a choice stands: the settings may be left as they are
    assert not page.is_visible("dialog.otc")
    assert errors.messages == [], errors.messages


def test_a_returning_visitor_gets_the_update_before_domcontentloaded_without_the_api(
    context: BrowserContext, site: Site
) -> None:
    page, _ = _open(context, site)
    _banner_open(page)
    page.get_by_role("button", name="Accept all", exact=True).click()
    _decided(site, _visitor(context))
    asked: list[str] = []

    def refuse(route: Route) -> None:
        asked.append(route.request.url)
        route.abort()

    page.route("**/v1/consent/visitors/**", refuse)
    page.reload()
    expected = [["consent", "default", DENIED], ["consent", "update", GRANTED]]
    assert _data_layer(page) == expected  # synchronously, before the next script
    page.wait_for_function("window.__atReady !== undefined")
    assert _data_layer(page, "__atReady") == expected
    page.wait_for_timeout(500)
    assert not page.is_visible("dialog.otc")
    screenshot(page, "consent-returning-desktop")


def test_global_privacy_control_keeps_advertising_denied_and_the_banner_says_why(
    browser: Browser, site: Site
) -> None:
    context = browser.new_context(viewport=PHONE, extra_http_headers={"Sec-GPC": "1"})
    context.add_init_script(
        "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true})"
    )
    page, errors = _open(context, site)
    _banner_open(page)
    assert "Global Privacy Control" in page.inner_text("dialog.otc")
    screenshot(page, "consent-banner-gpc-phone")
    page.get_by_role("button", name="Settings", exact=True).click()
    assert page.is_disabled("#otc-advertising")
    screenshot(page, "consent-settings-gpc-phone")
    page.get_by_role("button", name="Accept all", exact=True).click()
    state = _decided(site, _visitor(context))
    assert state["purposes"]["advertising"] is False
    assert state["purposes"]["analytics"] is True
    mode = _live_data_layer(page)[-1][2]
    assert mode["ad_storage"] == mode["ad_user_data"] == mode["ad_personalization"] == "denied"
    assert mode["analytics_storage"] == "granted"
    assert errors.messages == [], errors.messages
    context.close()


def test_with_the_api_down_defaults_stay_denied_and_the_choice_is_sent_when_it_answers(
    context: BrowserContext, site: Site
) -> None:
    page = context.new_page()
    page.route("**/v1/consent/visitors/**", lambda route: route.abort())
    page.goto(site.page_url())
    _banner_open(page)
    assert _data_layer(page) == [["consent", "default", DENIED]]
    page.get_by_role("button", name="Settings", exact=True).click()
    page.get_by_role("switch", name="Social media buttons").check()
    page.get_by_role("button", name="Save choices").click()
    assert not page.is_visible("dialog.otc")
    visitor = _visitor(context)
    kept = next(c for c in context.cookies() if c["name"] == "ot_consent")
    assert '"social_media":true' in httpx.URL("/?v=" + kept["value"]).params["v"]
    assert site.state(visitor)["updated_at"] is None
    page.unroute("**/v1/consent/visitors/**")  # the script tries again on its own
    state = _decided(site, visitor)
    assert state["purposes"]["social_media"] is True
    assert state["purposes"]["analytics"] is False


def test_keyboard_alone_reaches_every_control_and_focus_stays_in_the_dialog(
    context: BrowserContext, site: Site
) -> None:
    page, errors = _open(context, site)
    _banner_open(page)
    inside = "document.querySelector('dialog.otc').contains(document.activeElement)"
    assert page.evaluate(inside)
    names = []
    for _ in range(10):  # more presses than controls: focus wraps round, never leaves
        page.keyboard.press("Tab")
        assert page.evaluate(inside)
        names.append(page.evaluate("document.activeElement.textContent"))
    assert {"Privacy policy", "Reject all", "Accept all", "Settings"} <= set(names)
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(inside)
    while page.evaluate("document.activeElement.textContent") != "Settings":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.is_visible("#otc-analytics")
    while page.evaluate("document.activeElement.id") != "otc-advertising":
        page.keyboard.press("Tab")
        assert page.evaluate(inside)
    page.keyboard.press("Space")
    assert page.is_checked("#otc-advertising")
    while page.evaluate("document.activeElement.textContent") != "Save choices":
        page.keyboard.press("Tab")
    screenshot(page, "consent-settings-keyboard-desktop")
    page.keyboard.press("Enter")
    state = _decided(site, _visitor(context))
    assert state["purposes"]["advertising"] is True
    assert state["purposes"]["analytics"] is False
    # Focus goes back to the page, not lost.
    assert page.evaluate("document.activeElement !== null")
    assert errors.messages == [], errors.messages


def test_the_banner_causes_no_layout_shift(context: BrowserContext, site: Site) -> None:
    page = context.new_page()
    page.add_init_script(
        "window.__shift = 0; new PerformanceObserver(function (l) { l.getEntries()"
        ".forEach(function (e) { window.__shift += e.value; }); })"
        ".observe({type: 'layout-shift', buffered: true});"
    )
    page.goto(site.page_url())
    _banner_open(page)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__shift") == 0


def test_a_material_policy_change_asks_again_and_refreshes_the_cached_script(
    context: BrowserContext, site: Site, make_key: Callable[..., str]
) -> None:
    page, _ = _open(context, site)
    _banner_open(page)
    page.get_by_role("button", name="Accept all", exact=True).click()
    visitor = _visitor(context)
    _decided(site, visitor)
    published = httpx.post(
        f"{site.server.url}/v1/policy/versions",
        json={"version": "2026-12-01", "material": True, "changelog": {"en": "x", "pl": "x"}},
        headers={"Authorization": f"Bearer {make_key('admin')}"},
    )
    assert published.status_code == 201, published.text
    _wait_for(lambda: site.state(visitor)["reconsent_required"] is True)
    # Whichever copy of the script the browser holds, the API's answer asks again.
    page.reload()
    _banner_open(page)
    assert page.evaluate("onetaggerConsent.get().reconsent_required") is True
    page.keyboard.press("Escape")
    assert page.is_visible("dialog.otc")  # a choice is due: Escape does not dismiss
    # The script now in the browser's cache knows the new version without the API: it asked
    # for its fresh copy when the API named a newer policy than it embeds.
    page.route("**/v1/consent/visitors/**", lambda route: route.abort())
    page.reload()
    _banner_open(page)
    assert page.evaluate("onetaggerConsent.get().current_policy_version") == "2026-12-01"
    page.get_by_role("button", name="Reject all", exact=True).click()
    page.unroute("**/v1/consent/visitors/**")
    _wait_for(lambda: site.state(visitor)["policy_version"] == "2026-12-01")
    assert site.state(visitor)["reconsent_required"] is False


def test_tampered_cookies_count_as_a_first_visit_without_errors(
    context: BrowserContext, site: Site
) -> None:
    context.add_cookies(
        [
            {"name": "ot_vid", "value": "../../admin", "url": site.origin},
            {"name": "ot_consent", "value": "%7B%22p%22%3A1", "url": site.origin},
        ]
    )
    page, errors = _open(context, site)
    _banner_open(page)
    assert _data_layer(page) == [["consent", "default", DENIED]]
    visitor = page.evaluate("onetaggerConsent.get().holder").removeprefix("visitor:")
    assert len(visitor) == 36
    assert visitor != "../../admin"
    page.get_by_role("button", name="Reject all", exact=True).click()
    assert _decided(site, visitor)["purposes"]["analytics"] is False
    # The forged host-only copies are gone: the next page knows the visitor and the choice.
    assert [c["name"] for c in context.cookies()].count("ot_vid") == 1
    page.reload()
    page.wait_for_function("window.__atReady !== undefined")
    assert page.evaluate("onetaggerConsent.get().holder") == f"visitor:{visitor}"
    assert _data_layer(page) == [["consent", "default", DENIED], ["consent", "update", DENIED]]
    assert not page.is_visible("dialog.otc")
    assert errors.messages == [], errors.messages


def test_a_script_on_the_page_cannot_choose_for_the_visitor(
    context: BrowserContext, site: Site
) -> None:
    # Any tag on the host page can reach the banner's buttons; only the visitor's own click
    # (or key) is the "clear affirmative act" a proof may name (Art. 4(11), 7(1)).
    page, errors = _open(context, site)
    _banner_open(page)
    page.evaluate(
        "[].forEach.call(document.querySelectorAll('dialog.otc button'), function (b) {"
        " if (b.textContent === 'Accept all') { b.click();"
        " b.dispatchEvent(new MouseEvent('click', {bubbles: true})); } })"
    )
    page.wait_for_timeout(500)
    assert page.is_visible("dialog.otc")
    assert page.evaluate("onetaggerConsent.get().updated_at") is None
    assert _live_data_layer(page) == [["consent", "default", DENIED]]
    visitor = _visitor(context)
    assert site.state(visitor)["updated_at"] is None
    # The visitor's own click still counts.
    page.get_by_role("button", name="Accept all", exact=True).click()
    assert _decided(site, visitor)["purposes"]["analytics"] is True
    assert errors.messages == [], errors.messages


def test_a_forged_granted_cookie_the_server_never_saw_is_dropped_and_asked_again(
    context: BrowserContext, site: Site
) -> None:
    # Set by a sibling subdomain (cookie tossing) or a tag: "granted, already sent". The
    # server holds no choice for the visitor, so none stands.
    visitor = "5b0c8a9e-3f4d-4c2b-9a1e-7d6f5e4c3b2a"
    version = site.state(visitor)["current_policy_version"]
    forged = {
        "v": version,
        "b": None,
        "p": dict.fromkeys(VISIBLE, True),
        "t": "2026-11-01T00:00:00Z",
        "s": 1,
    }
    context.add_cookies(
        [
            {"name": "ot_vid", "value": visitor, "url": site.origin},
            {"name": "ot_consent", "value": quote(json.dumps(forged)), "url": site.origin},
        ]
    )
    page, errors = _open(context, site)
    _banner_open(page)
    assert page.evaluate("onetaggerConsent.get().updated_at") is None
    assert page.evaluate("onetaggerConsent.get().purposes") == dict.fromkeys(VISIBLE, False)
    assert _live_data_layer(page)[-1] == ["consent", "update", DENIED]
    assert "ot_consent" not in [c["name"] for c in context.cookies()]
    assert site.state(visitor)["updated_at"] is None
    assert errors.messages == [], errors.messages


def test_a_stale_cached_script_asks_once_not_again_after_each_answer(
    context: BrowserContext, site: Site, make_key: Callable[..., str]
) -> None:
    # The browser may hold yesterday's script for a day: it knows only the old policy.
    old_script = httpx.get(f"{site.server.url}/v1/consent.js", timeout=5).text
    page, errors = _open(context, site)
    _banner_open(page)
    page.get_by_role("button", name="Accept all", exact=True).click()
    visitor = _visitor(context)
    _decided(site, visitor)
    published = httpx.post(
        f"{site.server.url}/v1/policy/versions",
        json={"version": "2026-12-01", "material": True, "changelog": {"en": "x", "pl": "x"}},
        headers={"Authorization": f"Bearer {make_key('admin')}"},
    )
    assert published.status_code == 201, published.text
    _wait_for(lambda: site.state(visitor)["reconsent_required"] is True)
    page.route(
        "**/v1/consent.js",
        lambda route: route.fulfill(body=old_script, content_type="text/javascript"),
    )
    page.reload()
    _banner_open(page)  # the API's answer asks again, with the banner this copy has
    with page.expect_response(lambda r: r.request.method == "PUT"):
        page.get_by_role("button", name="Reject all", exact=True).click()
    page.wait_for_timeout(500)
    # Asked once: the same old banner again would be a loop the visitor cannot leave.
    assert not page.is_visible("dialog.otc")
    # The next page, with the fresh script, asks under the new policy.
    page.unroute("**/v1/consent.js")
    page.reload()
    _banner_open(page)
    assert page.evaluate("onetaggerConsent.get().current_policy_version") == "2026-12-01"
    assert errors.messages == [], errors.messages


def test_a_forged_unsent_choice_the_server_refuses_does_not_stand_either(
    context: BrowserContext, site: Site
) -> None:
    # "Granted, not sent yet" under a policy never published: sent, refused for good (422).
    visitor = "0d7b3c2a-6e5f-4a1b-8c9d-2e3f4a5b6c7d"
    forged = {
        "v": "2099-12-31",
        "b": "js.forged",
        "p": {**dict.fromkeys(VISIBLE, True), "marketing_email": True},
        "t": "2026-11-01T00:00:00Z",
        "s": 0,
    }
    context.add_cookies(
        [
            {"name": "ot_vid", "value": visitor, "url": site.origin},
            {"name": "ot_consent", "value": quote(json.dumps(forged)), "url": site.origin},
        ]
    )
    page = context.new_page()
    with page.expect_response(lambda r: r.request.method == "PUT") as put:
        page.goto(site.page_url())
    assert put.value.status == 422
    _banner_open(page)
    assert page.evaluate("onetaggerConsent.get().purposes") == dict.fromkeys(VISIBLE, False)
    assert _live_data_layer(page)[-1] == ["consent", "update", DENIED]
    assert "ot_consent" not in [c["name"] for c in context.cookies()]
    assert site.state(visitor)["updated_at"] is None
