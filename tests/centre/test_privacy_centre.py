"""The privacy centre's rules (issue 22), on both backends: the same intake, limits, codes
and binding as the API; CSRF on every form; nothing tells whether an address is known."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from factories import bearer
from mailserver import MailServer
from privacy_api.app import create_app
from privacy_api.centre.router import ACTOR
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.dsar.models import DsarTicket
from privacy_api.outbox.mail import SmtpSender
from privacy_api.outbox.worker import deliver_due
from privacy_api.register.service import Register

KNOWN = "known.person@example.com"
UNKNOWN = "nobody.here@example.com"
_TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@pytest.fixture
def centre(
    settings: Settings, db: Database, loaded: Register, mail_server: MailServer
) -> Iterator[TestClient]:
    limited = settings.model_copy(
        update={"dsar_intake_per_email": 2, "smtp_port": mail_server.port}
    )
    with TestClient(create_app(limited, db=db), raise_server_exceptions=False) as client:
        yield client


def _csrf(client: TestClient, path: str = "/privacy/request") -> str:
    found = _TOKEN.search(client.get(path).text)
    assert found
    return found.group(1)


def _file(client: TestClient, address: str, **fields: str) -> Any:
    form = {"csrf_token": _csrf(client), "type": "access", "email": address, "property": "site"}
    return client.post("/privacy/request", data={**form, **fields}, follow_redirects=False)


def _tickets(db: Database) -> list[DsarTicket]:
    with db.transaction(write=False) as session:
        return list(session.scalars(select(DsarTicket).order_by(DsarTicket.received_at)))


def _deliver(db: Database, settings: Settings, mail_server: MailServer) -> None:
    sender = SmtpSender(settings.model_copy(update={"smtp_port": mail_server.port}))
    deliver_due(db, channel="mail", sender=sender)


def _page_text(html: str) -> str:
    """A page without what differs per request (tokens), to compare two answers."""
    return re.sub(r"token=[^\"&]+|value=\"[0-9a-f]{64}\"|value=\"[A-Za-z0-9_.-]{40,}\"", "", html)


def _code_token(location: str) -> str:
    return location.split("token=", 1)[1].split("&", 1)[0]


def test_request_is_taken_alike_for_known_and_unknown_addresses(
    centre: TestClient, db: Database, make_key: Callable[..., str]
) -> None:
    admin = bearer(make_key("admin"))
    person = {"email": KNOWN, "name": "Known Person"}
    assert centre.put("/v1/subjects/acct-k", json=person, headers=admin).status_code == 201
    known, unknown = _file(centre, KNOWN), _file(centre, UNKNOWN)
    assert known.status_code == unknown.status_code == 303
    pages = [centre.get(answer.headers["location"]) for answer in (known, unknown)]
    assert [p.status_code for p in pages] == [200, 200]
    assert _page_text(pages[0].text) == _page_text(pages[1].text)
    tickets = _tickets(db)
    assert [t.channel for t in tickets] == ["privacy_centre", "privacy_centre"]
    assert {t.created_by for t in tickets} == {ACTOR}
    assert [t.subject_id for t in tickets] == ["acct-k", None]  # linked as the API links
    assert tickets[0].details == {"property": "site"}
    assert [t.property for t in tickets] == ["site", "site"]  # a column the queue filters on


def test_the_forms_property_is_stored_as_the_tickets_own(centre: TestClient, db: Database) -> None:
    assert _file(centre, UNKNOWN, property="help").status_code == 303
    assert [t.property for t in _tickets(db)] == ["help"]


def test_form_without_a_valid_csrf_token_is_refused_with_a_page_and_stores_nothing(
    centre: TestClient, db: Database
) -> None:
    form = {"type": "access", "email": KNOWN, "property": "site"}
    missing = centre.post("/privacy/request", data=form)
    forged = centre.post("/privacy/request", data={**form, "csrf_token": "0" * 64})
    for answer in (missing, forged):
        assert answer.status_code == 403
        assert answer.headers["content-type"].startswith("text/html")
        assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert _tickets(db) == []
    # A token is good only with the cookie it was made for (another browser's is not).
    token = _csrf(centre)
    centre.cookies.clear()
    assert centre.post("/privacy/request", data={**form, "csrf_token": token}).status_code == 403
    cookies = centre.post("/privacy/cookies", data={"property": "site", "purpose.analytics": "on"})
    assert cookies.status_code == 403
    code = centre.post("/privacy/code", data={"token": "x", "code": "123456"})
    assert code.status_code == 403


def test_intake_limit_per_address_shows_a_429_page_and_counts_like_the_api(
    centre: TestClient, db: Database
) -> None:
    # Sub-addresses of one mailbox count together (dsar.limits.mailbox_of).
    assert _file(centre, "flood@example.com").status_code == 303
    assert _file(centre, "flood+2@example.com").status_code == 303
    limited = _file(centre, "Flood+3@example.com")
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) > 0
    assert "Zbyt wiele żądań" in limited.text or "Too many requests" in limited.text
    assert len(_tickets(db)) == 2


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"type": "deletion"}, "type"),
        # A rectification is offered (issue 29) and says what is wrong and what is right.
        ({"type": "rectification"}, "rect_field"),
        ({"property": "elsewhere"}, "property"),
        ({"type": "objection", "activity": "no_such_activity"}, "activity"),
        ({"details": "x" * 4001}, "details"),
    ],
)
def test_bad_form_answers_422_with_the_field_to_fix_and_stores_nothing(
    centre: TestClient, db: Database, fields: dict[str, str], field: str
) -> None:
    answer = _file(centre, KNOWN, **fields)
    assert answer.status_code == 422
    assert f'href="#{field}"' in answer.text
    assert _tickets(db) == []


def test_objection_to_a_legitimate_interest_activity_is_taken(
    centre: TestClient, db: Database, loaded: Register
) -> None:
    activity = next(a.key for a in loaded.spec.activities if a.objection_applies)
    assert _file(centre, KNOWN, type="objection", activity=activity).status_code == 303
    [ticket] = _tickets(db)
    assert ticket.type == "objection"
    assert ticket.details["activity"] == activity


def test_codes_count_as_the_api_counts_them_and_the_right_one_opens_the_status(
    centre: TestClient, db: Database, settings: Settings, mail_server: MailServer
) -> None:
    location = _file(centre, KNOWN, lang="en").headers["location"]
    token = _code_token(location)
    csrf = _csrf(centre, location)
    wrong = centre.post(
        "/privacy/code", data={"csrf_token": csrf, "token": token, "code": "1", "lang": "en"}
    )
    assert wrong.status_code == 422  # not six digits: nothing counted
    assert _tickets(db)[0].code_failures == 0
    _deliver(db, settings, mail_server)
    mail = mail_server.inbox.to(KNOWN)[-1].get_content()
    code = re.search(r"^\s+(\d{6})\s*$", mail, re.M)
    assert code
    guess = "000000" if code.group(1) != "000000" else "111111"
    tried = centre.post(
        "/privacy/code", data={"csrf_token": csrf, "token": token, "code": guess, "lang": "en"}
    )
    assert tried.status_code == 422
    assert "Attempts left: 4" in tried.text
    assert _tickets(db)[0].code_failures == 1
    right = centre.post(
        "/privacy/code",
        data={"csrf_token": csrf, "token": token, "code": code.group(1), "lang": "en"},
        follow_redirects=False,
    )
    assert right.status_code == 303
    assert right.headers["location"].startswith("/privacy/status?token=")
    [ticket] = _tickets(db)
    assert ticket.status == "open"
    assert ticket.verified_by == ACTOR
    # The mail's own status link opens the same page.
    link = re.search(r"https?://\S+(/privacy/status\?token=\S+)", mail)
    assert link
    status = centre.get(link.group(1) + "&lang=en")
    assert status.status_code == 200
    assert "Identity confirmed" in status.text
    assert KNOWN not in status.text  # the link shows the course, not the address


def test_a_locked_request_takes_no_more_codes(
    centre: TestClient, db: Database, settings: Settings
) -> None:
    location = _file(centre, KNOWN, lang="en").headers["location"]
    token, csrf = _code_token(location), _csrf(centre, location)
    with db.transaction() as session:
        ticket = session.scalars(select(DsarTicket)).one()
        ticket.code_failures = settings.dsar_code_failures
    locked = centre.post(
        "/privacy/code", data={"csrf_token": csrf, "token": token, "code": "123456", "lang": "en"}
    )
    assert locked.status_code == 409
    assert "no code is accepted any more" in locked.text
    assert "/privacy/code/resend" not in locked.text
    again = centre.post("/privacy/code/resend", data={"csrf_token": csrf, "token": token})
    assert again.status_code == 409


def test_resend_is_spaced_as_the_api_spaces_it(centre: TestClient, db: Database) -> None:
    location = _file(centre, KNOWN, lang="en").headers["location"]
    token, csrf = _code_token(location), _csrf(centre, location)
    form = {"csrf_token": csrf, "token": token, "lang": "en"}
    soon = centre.post("/privacy/code/resend", data=form)
    assert soon.status_code == 429
    assert "moments ago" in soon.text
    with clock.frozen(datetime.now(UTC) + timedelta(minutes=5)):
        sent = centre.post("/privacy/code/resend", data=form)
    assert sent.status_code == 200
    assert "A new code is on its way" in sent.text
    assert _tickets(db)[0].code_resends == 1


def test_status_page_tells_extension_and_rejection_with_the_authority(
    centre: TestClient,
    db: Database,
    settings: Settings,
    mail_server: MailServer,
    make_key: Callable[..., str],
) -> None:
    staff = bearer(make_key("dsar:manage"))
    _file(centre, KNOWN, lang="en")
    [ticket] = _tickets(db)
    reason = {"reason": "The request covers ten years of records."}
    with db.transaction() as session:  # verified as the code test shows; here: its course
        opened = session.get(DsarTicket, ticket.id)
        assert opened is not None
        opened.status, opened.verified_at = "open", clock.now()
    assert centre.post(f"/v1/dsar/{ticket.id}/extend", json=reason, headers=staff).is_success
    _deliver(db, settings, mail_server)
    extended_mail = mail_server.inbox.to(KNOWN)[-1].get_content()
    link = re.search(r"(/privacy/status\?token=\S+)", extended_mail)
    assert link, extended_mail
    page = centre.get(link.group(1) + "&lang=en").text
    assert "Extended" in page
    assert "ten years of records" in page
    refused = {"reason": "We hold no data we could identify you in."}
    assert centre.post(f"/v1/dsar/{ticket.id}/reject", json=refused, headers=staff).is_success
    page = centre.get(link.group(1) + "&lang=en").text
    assert "Rejected" in page
    assert "could identify you" in page
    assert "Belgian Data Protection Authority" in page
    assert "GDPR Art. 77" in page


def test_altered_and_expired_links_say_so(centre: TestClient) -> None:
    location = _file(centre, KNOWN, lang="en").headers["location"]
    token = _code_token(location)
    altered = centre.get(f"/privacy/status?token={token[:-2]}xx&lang=en")
    assert altered.status_code == 400
    assert "This link is not valid" in altered.text
    with clock.frozen(datetime.now(UTC) + timedelta(days=401)):
        expired = centre.get(f"/privacy/status?token={token}&lang=en")
    assert expired.status_code == 410
    assert "This link has expired" in expired.text
    # A status link is no package link: the purposes differ.
    assert centre.get(f"/privacy/package?token={token}&lang=en").status_code == 400


def test_package_page_of_a_request_not_completed_offers_nothing(
    centre: TestClient, db: Database, settings: Settings, app_keys: Any
) -> None:
    from privacy_api.core.security import tokens
    from privacy_api.rights.service import PACKAGE

    _file(centre, KNOWN, lang="en")
    [ticket] = _tickets(db)
    token, _ = tokens.sign(
        app_keys.tokens, purpose=PACKAGE, claims={"ticket": ticket.id}, ttl=timedelta(days=1)
    )
    answer = centre.get(f"/privacy/package?token={token}&lang=en")
    assert answer.status_code == 409
    assert "/v1/dsar/package" not in answer.text


@pytest.fixture
def app_keys(settings: Settings) -> Any:
    from privacy_api.core.security.secrets import DerivedKeys

    return DerivedKeys(settings.secret_key)


def test_cookie_choices_write_the_visitors_consent_with_its_proof(
    centre: TestClient, loaded: Register
) -> None:
    optional = [k for k, p in loaded.spec.consent_purposes.items() if p.optional]
    csrf = _csrf(centre, "/privacy/cookies")
    form = {"csrf_token": csrf, "property": "app", f"purpose.{optional[0]}": "on"}
    saved = centre.post("/privacy/cookies", data=form)
    assert saved.status_code == 200
    visitor = centre.cookies["ot_vid"]
    state = centre.get(f"/v1/consent/visitors/{visitor}").json()
    assert state["purposes"][optional[0]] is True
    assert all(state["purposes"][k] is False for k in optional[1:])
    history = centre.get("/privacy/cookies?property=app&lang=en").text
    assert f'name="purpose.{optional[0]}" checked' in history
    # Unticked now: withdrawn as easily as given, for the same visitor.
    centre.post("/privacy/cookies", data={"csrf_token": csrf, "property": "app"})
    assert centre.cookies["ot_vid"] == visitor
    assert centre.get(f"/v1/consent/visitors/{visitor}").json()["purposes"][optional[0]] is False


def test_pages_speak_the_browsers_language_with_a_switch_under_a_strict_csp(
    centre: TestClient,
) -> None:
    for path in ("/privacy/", "/privacy/request", "/privacy/cookies", "/privacy/policy"):
        polish = centre.get(path, headers={"accept-language": "pl-PL,pl;q=0.9"})
        english = centre.get(path, headers={"accept-language": "en-GB,en;q=0.8"})
        assert '<html lang="pl">' in polish.text
        assert '<html lang="en">' in english.text
        assert polish.headers["content-language"] == "pl"
        assert "lang=en" in polish.text
        assert "lang=pl" in english.text
        for answer in (polish, english):
            assert answer.headers["cache-control"] == "no-store"
            assert "default-src 'none'" in answer.headers["content-security-policy"]
            assert "<script" not in answer.text
            assert 'href="/privacy/centre.css"' in answer.text
    switched = centre.get("/privacy/?lang=en", headers={"accept-language": "pl"})
    assert '<html lang="en">' in switched.text
    css = centre.get("/privacy/centre.css")
    assert css.headers["content-type"].startswith("text/css")


def test_home_is_built_from_the_register(centre: TestClient, loaded: Register) -> None:
    page = centre.get("/privacy/?lang=en").text
    spec = loaded.spec
    assert spec.controller.email in page
    assert spec.controller.supervisory_authority.name.en in page
    for activity in spec.activities:
        assert activity.title.en.replace("'", "&#39;") in page
    assert spec.policy_version in page


def test_policy_html_has_real_headings(centre: TestClient) -> None:
    for path in ("/v1/policy?lang=en", "/privacy/policy?lang=en"):
        page = centre.get(path, headers={"accept": "text/html"}).text
        assert page.count("<h2>") >= 5
        assert "<h3>1.1 " in page
        assert "<li>" in page


def test_the_request_form_kept_rendered_carries_each_browsers_own_token(
    centre: TestClient, db: Database
) -> None:
    first, second = _csrf(centre), None
    centre.cookies.clear()
    second = _csrf(centre)
    assert first != second
    assert "csrf-token-slot" not in centre.get("/privacy/request").text
    # The token in the kept page works with this browser's cookie, and only with it.
    assert _file(centre, KNOWN).status_code == 303
    assert len(_tickets(db)) == 1


def test_status_link_of_a_request_made_elsewhere_does_not_offer_the_code_form(
    centre: TestClient,
    db: Database,
    settings: Settings,
    mail_server: MailServer,
    make_key: Callable[..., str],
) -> None:
    front = bearer(make_key("dsar:submit", name="help-desk"))
    body = {"type": "access", "email": UNKNOWN, "channel": "help_desk", "lang": "en"}
    assert centre.post("/v1/dsar", json=body, headers=front).status_code == 201
    _deliver(db, settings, mail_server)
    mail = mail_server.inbox.to(UNKNOWN)[-1].get_content()
    link = re.search(r"(/privacy/status\?token=\S+)", mail)
    assert link, mail
    page = centre.get(link.group(1) + "&lang=en")
    assert page.status_code == 200
    assert "Enter it where you made the request." in page.text
    assert "/privacy/code?" not in page.text


def test_cookie_choices_keep_the_public_consent_write_limit(
    settings: Settings, db: Database, loaded: Register
) -> None:
    one = settings.model_copy(update={"consent_rate_limit_per_minute": 1})
    with TestClient(create_app(one, db=db), raise_server_exceptions=False) as client:
        csrf = _csrf(client, "/privacy/cookies?lang=en")
        form = {"csrf_token": csrf, "property": "site", "lang": "en"}
        assert client.post("/privacy/cookies", data=form).status_code == 200
        limited = client.post("/privacy/cookies", data=form)
    assert limited.status_code == 429
    assert "Too many requests" in limited.text
    assert int(limited.headers["retry-after"]) > 0


def test_cookie_choices_offer_and_write_only_what_a_visit_is_asked_about(
    centre: TestClient, loaded: Register
) -> None:
    """The public visitor write's rule (consent router `_require_visit_purposes`): consent
    to use data a person gives (marketing e-mail) is not asked through a visitor id."""
    from privacy_api.consent.script import visit_purposes

    asked = {p["key"] for p in visit_purposes(loaded.spec)}
    others = {k for k, p in loaded.spec.consent_purposes.items() if p.optional} - asked
    assert others  # the packaged register has one (marketing_email)
    page = centre.get("/privacy/cookies?lang=en").text
    for key in asked:
        assert f'name="purpose.{key}"' in page
    for key in others:
        assert f'name="purpose.{key}"' not in page
    form = {"csrf_token": _csrf(centre, "/privacy/cookies"), "property": "site"}
    form.update({f"purpose.{key}": "on" for key in (*asked, *others)})
    assert centre.post("/privacy/cookies", data=form).status_code == 200
    state = centre.get(f"/v1/consent/visitors/{centre.cookies['ot_vid']}").json()
    assert all(state["purposes"][key] is False for key in others)
    assert all(state["purposes"][key] is True for key in asked)


def test_cookie_choices_page_honours_global_privacy_control(
    centre: TestClient, loaded: Register
) -> None:
    csrf = _csrf(centre, "/privacy/cookies")
    granted = {"csrf_token": csrf, "property": "site", "purpose.advertising": "on"}
    assert centre.post("/privacy/cookies", data=granted).status_code == 200
    gpc = {"sec-gpc": "1"}
    page = centre.get("/privacy/cookies?lang=en", headers=gpc).text
    assert 'name="purpose.advertising" checked' not in page
    assert "Global Privacy Control" in page
    saved = centre.post("/privacy/cookies", data={**granted, "lang": "en"}, headers=gpc)
    assert 'name="purpose.advertising" checked' not in saved.text
    assert "Global Privacy Control" in saved.text


@pytest.mark.parametrize("field", ["details", "email", "type", "property", "lang"])
def test_a_nul_in_any_field_answers_422_and_stores_nothing(
    centre: TestClient, db: Database, field: str
) -> None:
    """As the API refuses U+0000 at the door (core.middleware): no field has a use for it,
    and PostgreSQL text cannot hold it."""
    values = {"details": "hello", "email": KNOWN, "type": "access", "property": "site"}
    values["lang"] = "en"
    values[field] = values[field][:2] + "\x00" + values[field][2:]
    answer = _file(centre, values.pop("email"), **values)
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("text/html")
    assert _tickets(db) == []


def test_cookie_choices_for_an_unknown_property_answer_422_and_store_nothing(
    centre: TestClient,
) -> None:
    form = {"csrf_token": _csrf(centre, "/privacy/cookies"), "property": "elsewhere"}
    answer = centre.post("/privacy/cookies", data={**form, "purpose.analytics": "on"})
    assert answer.status_code == 422
    assert 'href="#property"' in answer.text
    assert "ot_vid" not in centre.cookies


def test_the_visitor_cookie_is_secure_when_the_public_address_is_https(
    settings: Settings, db: Database, loaded: Register
) -> None:
    """As the CSRF and console cookies (core.csrf.secure_cookie): behind a proxy whose
    X-Forwarded-Proto is not trusted, the app sees http, and the cookie still must not
    travel in clear."""
    https = settings.model_copy(update={"public_base_url": "https://privacy.onetagger.test"})
    with TestClient(create_app(https, db=db), base_url="http://10.0.0.5:8000") as client:
        page = client.get("/privacy/cookies")
        nonce = page.headers["set-cookie"].split(";")[0].split("=", 1)[1]
        client.cookies.set("ot_csrf", nonce)  # held back on http, as a browser would
        csrf = _TOKEN.search(page.text)
        assert csrf
        saved = client.post(
            "/privacy/cookies", data={"csrf_token": csrf.group(1), "property": "site"}
        )
    assert saved.status_code == 200
    [visitor] = [c for c in saved.headers.get_list("set-cookie") if c.startswith("ot_vid=")]
    assert "secure" in visitor.lower()


def test_the_code_page_of_a_request_past_its_code_shows_the_status(
    centre: TestClient, db: Database
) -> None:
    location = _file(centre, KNOWN, lang="en").headers["location"]
    with db.transaction() as session:
        ticket = session.scalars(select(DsarTicket)).one()
        ticket.status, ticket.verified_at = "open", clock.now()
    again = centre.get(location, follow_redirects=False)
    assert again.status_code == 303
    assert again.headers["location"].startswith("/privacy/status?token=")
    assert again.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "path",
    [
        "/privacy/status",
        "/privacy/code",
        "/privacy/package",
        "/privacy/status?token=" + "a" * 2001,
        "/privacy/package?token=",
    ],
)
def test_a_link_cut_short_or_padded_shows_a_page_not_json(centre: TestClient, path: str) -> None:
    """A mail client may cut a long link or drop its query: the person gets the page that
    says the link is not valid, in the centre's look."""
    answer = centre.get(path, headers={"accept-language": "en"})
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("text/html")
    assert "This link is not valid" in answer.text


def test_cookie_choices_for_an_odd_property_in_the_query_show_the_page(
    centre: TestClient,
) -> None:
    answer = centre.get("/privacy/cookies?property=" + "x" * 40)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
