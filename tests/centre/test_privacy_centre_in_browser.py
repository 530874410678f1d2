"""The privacy centre (issue 22) as a person uses it, in a real Chromium against the real
server: a request filed, its code read from the mail our SMTP server received, the package
downloaded from the mailed link and its manifest checked; the refusals each show a page;
every page scanned by axe-core and photographed at desktop and phone width."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page
from pydantic import SecretStr

from browser import DESKTOP, PHONE, ConsoleErrors, describe, screenshot, serious_violations
from conftest import LiveServer, serving
from factories import TEST_SECRET, bearer
from mailserver import MailServer
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.security import tokens
from privacy_api.core.security.secrets import DerivedKeys
from privacy_api.outbox.mail import SmtpSender
from privacy_api.outbox.worker import deliver_due
from privacy_api.register.service import Register
from privacy_api.rights.service import PACKAGE

PERSON = "ola.nowak@example.com"
FLOODED = "flooded@example.com"
PER_EMAIL = 3


@pytest.fixture(autouse=True)
def _sqlite_only(backend: str) -> None:
    # A walk through the pages in Chromium: once is enough. Every rule it reaches is
    # tested on both backends through the same service functions (TestClient tests).
    if backend != "sqlite":
        pytest.skip("the browser walks run on SQLite; their rules are tested on both")


@pytest.fixture
def centre(
    database_url: str, db: Database, loaded: Register, tmp_path: Path, mail_server: MailServer
) -> Iterator[LiveServer]:
    with serving(
        database_url,
        tmp_path / "server.log",
        PRIVACY_API_SMTP_HOST="127.0.0.1",
        PRIVACY_API_SMTP_PORT=str(mail_server.port),
        PRIVACY_API_DSAR_INTAKE_PER_EMAIL=str(PER_EMAIL),
    ) as server:
        yield server
        assert server.errors() == []


def _deliver(db: Database, settings: Settings, mail_server: MailServer) -> None:
    sender = SmtpSender(settings.model_copy(update={"smtp_port": mail_server.port}))
    deliver_due(db, channel="mail", sender=sender)


def _last_mail(mail_server: MailServer, to: str) -> str:
    mails = mail_server.inbox.to(to)
    assert mails, f"no mail to {to}"
    content: str = mails[-1].get_content()
    return content


def _link(mail: str, path: str, server: LiveServer) -> str:
    """The mailed link to `path`, opened on the test's server (the mail names the
    configured public base URL)."""
    found = re.search(rf"https?://\S+{re.escape(path)}\?token=\S+", mail)
    assert found, mail
    parts = urlsplit(found.group(0))
    return f"{server.url}{parts.path}?{parts.query}"


class Looks:
    """Every page the test reaches: axe-scanned, checked for sideways overflow at phone
    width, and photographed at desktop and phone width."""

    def __init__(self, page: Page, backend: str) -> None:
        self.page, self.backend = page, backend
        self.errors = ConsoleErrors(page)

    def __call__(self, name: str) -> None:
        page = self.page
        assert page.locator("html").get_attribute("lang") in ("pl", "en")
        assert page.locator("h1").count() == 1
        violations = serious_violations(page)
        assert violations == [], f"{name}: {describe(violations)}"
        screenshot(page, f"centre-{name}-desktop-{self.backend}")
        page.set_viewport_size(PHONE)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
        screenshot(page, f"centre-{name}-phone-{self.backend}")
        page.set_viewport_size(DESKTOP)
        # A refusal's page is answered with its status (403, 410, 422, 429): the browser
        # logs that for the document; anything else (a stylesheet, CSP) is a fault.
        unexpected = [m for m in self.errors.messages if not _document_status(m, page.url)]
        assert unexpected == [], f"{name}: {unexpected}"
        self.errors.messages.clear()


def _document_status(message: str, url: str) -> bool:
    return message.startswith("Failed to load resource: the server responded with a status") and (
        message.endswith(f" at {url}") or message.endswith(f" at {url.split('?')[0]}")
    )


def _file_request(page: Page, email: str) -> None:
    page.get_by_label("Your e-mail address").fill(email)
    page.get_by_label("Where do you use onetagger?").select_option("app")
    page.get_by_label("Anything else we should know").fill("The account I opened in 2025.")
    page.get_by_role("button", name="Send the request").click()


def _verified_manifest(data: bytes) -> dict[str, object]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        manifest = json.loads(package.read("manifest.json"))
        names = set(package.namelist()) - {"manifest.json"}
        assert names == {f["name"] for f in manifest["files"]}
        for entry in manifest["files"]:
            assert hashlib.sha256(package.read(entry["name"])).hexdigest() == entry["sha256"]
    return dict(manifest)


def test_a_person_files_an_access_request_and_downloads_the_package_in_the_browser(
    browser: Browser,
    centre: LiveServer,
    db: Database,
    settings: Settings,
    mail_server: MailServer,
    make_key: Callable[..., str],
    backend: str,
    tmp_path: Path,
) -> None:
    admin, staff = bearer(make_key("admin")), bearer(make_key("dsar:manage", name="ops"))
    person = {"email": PERSON, "name": "Ola Nowak"}
    assert httpx.put(f"{centre.url}/v1/subjects/acct-ola", json=person, headers=admin).is_success
    page = browser.new_page(viewport=DESKTOP, locale="en-GB", accept_downloads=True)
    look = Looks(page, backend)

    page.goto(f"{centre.url}/privacy/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your privacy at onetagger.com"
    assert page.get_by_role("heading", name="What we keep, why and for how long").is_visible()
    look("home")
    page.get_by_role("link", name="Privacy policy").click()
    assert page.get_by_role("heading", level=2).count() >= 5  # sections, not one text block
    look("policy")
    page.get_by_role("link", name="Make a request").first.click()
    look("request-form")
    _file_request(page, PERSON)
    assert page.get_by_role("heading", level=1).inner_text() == "Enter the code from the e-mail"
    look("code")

    _deliver(db, settings, mail_server)
    mail = _last_mail(mail_server, PERSON)
    code = re.search(r"^\s+(\d{6})\s*$", mail, re.M)
    assert code, mail
    status_link = _link(mail, "/privacy/status", centre)
    wrong = "000000" if code.group(1) != "000000" else "111111"
    page.get_by_label("Code", exact=True).fill(wrong)
    page.get_by_role("button", name="Confirm").click()
    assert "This code does not match" in page.locator("main").inner_text()
    look("code-wrong")
    page.get_by_label("Code", exact=True).fill(code.group(1))
    page.get_by_role("button", name="Confirm").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your request"
    assert "Identity confirmed" in page.locator("main").inner_text()

    ticket = re.search(r"dsr_[0-9a-f]{24}", str(mail_server.inbox.to(PERSON)[-1]["Subject"]))
    assert ticket
    fulfilled = httpx.post(f"{centre.url}/v1/dsar/{ticket.group(0)}/fulfil", headers=staff)
    assert fulfilled.status_code == 200, fulfilled.text
    assert fulfilled.json()["status"] == "completed"
    _deliver(db, settings, mail_server)
    done = _last_mail(mail_server, PERSON)
    page.goto(_link(done, "/privacy/status", centre))
    assert "Completed" in page.locator("main").inner_text()
    look("status-completed")
    assert status_link.split("token=")[1] != ""  # the verification mail's link also works
    page.goto(status_link)
    assert "Completed" in page.locator("main").inner_text()

    page.goto(_link(done, "/privacy/package", centre))
    assert page.get_by_role("heading", level=1).inner_text() == "Your data is ready to download"
    assert "manifest.json" in page.locator("main").inner_text()
    look("package")
    with page.expect_download() as started:
        page.get_by_role("link", name="Download my data (ZIP)").click()
    saved = tmp_path / "package.zip"
    started.value.save_as(saved)
    manifest = _verified_manifest(saved.read_bytes())
    assert manifest["subject_id"] == "acct-ola"
    page.close()


def test_refusals_each_show_a_clear_page(
    browser: Browser, centre: LiveServer, db: Database, backend: str
) -> None:
    page = browser.new_page(viewport=DESKTOP, locale="pl-PL")
    look = Looks(page, backend)
    keys = DerivedKeys(SecretStr(TEST_SECRET))

    # An expired download link says so and how to ask again.
    expired, _ = tokens.sign(
        keys.tokens, purpose=PACKAGE, claims={"ticket": "dsr_x"}, ttl=timedelta(seconds=-5)
    )
    answer = page.goto(f"{centre.url}/privacy/package?token={expired}&lang=en")
    assert answer is not None
    assert answer.status == 410
    assert page.get_by_role("heading", level=1).inner_text() == "This link has expired"
    assert page.get_by_role("link", name="Make a request").last.is_visible()
    look("package-expired")

    # A form without its CSRF token changes nothing and says why.
    page.goto(f"{centre.url}/privacy/request")
    assert page.locator("html").get_attribute("lang") == "pl"  # Accept-Language: pl
    page.evaluate("document.querySelector('input[name=csrf_token]').remove()")
    _fill_polish(page, "csrf@example.com")
    assert page.get_by_role("heading", level=1).inner_text() == "Ten formularz wygasł"
    look("forbidden")
    with db.transaction(write=False) as session:
        from sqlalchemy import text

        assert session.execute(text("SELECT count(*) FROM dsar_ticket")).scalar_one() == 0

    # The same address filed again and again: the limit's page, nothing about the address.
    for _ in range(PER_EMAIL):
        page.goto(f"{centre.url}/privacy/request")
        _fill_polish(page, FLOODED)
        assert page.get_by_role("heading", level=1).inner_text() == "Wpisz kod z wiadomości e-mail"
    page.goto(f"{centre.url}/privacy/request")
    response_status: list[int] = []
    page.on("response", lambda r: response_status.append(r.status))
    _fill_polish(page, FLOODED)
    assert 429 in response_status
    assert page.get_by_role("heading", level=1).inner_text() == "Zbyt wiele żądań"
    look("rate-limited")
    page.close()


def _fill_polish(page: Page, email: str) -> None:
    page.get_by_label("Twój adres e-mail").fill(email)
    page.get_by_role("button", name="Wyślij żądanie").click()


def test_cookie_choices_page_writes_consent_for_the_browsers_visitor(
    browser: Browser, centre: LiveServer, backend: str
) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    look = Looks(page, backend)
    page.goto(f"{centre.url}/privacy/cookies")
    look("cookies")
    boxes = page.locator("input[type=checkbox]")
    assert boxes.count() >= 1
    first = boxes.first
    name = first.get_attribute("name")
    assert name is not None
    first.check()
    page.get_by_role("button", name="Save my choices").click()
    assert "Your choices are saved" in page.locator("main").inner_text()
    assert page.locator(f"input[name='{name}']").is_checked()
    look("cookies-saved")
    visitor = next(c["value"] for c in context.cookies() if c["name"] == "ot_vid")
    state = httpx.get(f"{centre.url}/v1/consent/visitors/{visitor}").json()
    assert state["purposes"][name.removeprefix("purpose.")] is True
    # The page reads the choice back for the same browser, in Polish with the switch.
    page.goto(f"{centre.url}/privacy/cookies")
    page.get_by_role("link", name="Polski").click()
    assert page.locator("html").get_attribute("lang") == "pl"
    assert page.locator(f"input[name='{name}']").is_checked()
    look("cookies-pl")
    context.close()


def test_unsubscribe_page_from_the_mail_link_is_one_button_in_the_centres_look(
    browser: Browser, centre: LiveServer, make_key: Callable[..., str], backend: str
) -> None:
    admin = bearer(make_key("admin"))
    person = {"email": "reader@example.com", "name": "Reader"}
    assert httpx.put(f"{centre.url}/v1/subjects/acct-r", json=person, headers=admin).is_success
    made = httpx.get(
        f"{centre.url}/v1/subjects/acct-r/unsubscribe-link", params={"lang": "en"}, headers=admin
    )
    assert made.status_code == 200, made.text
    parts = urlsplit(made.json()["url"])
    page = browser.new_page(viewport=DESKTOP)
    look = Looks(page, backend)
    page.goto(f"{centre.url}{parts.path}?{parts.query}")
    assert page.locator("link[rel=stylesheet]").get_attribute("href") == "/privacy/centre.css"
    look("unsubscribe")
    page.get_by_role("button", name="Unsubscribe me").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You are unsubscribed"
    look("unsubscribed")
    page.get_by_role("link", name="onetagger.com privacy centre").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your privacy at onetagger.com"
    page.close()
