"""Issue 30, item 8: the console's pages read as people read them (both databases).

A Polish request's details as the person wrote them, an erasure's result as what was erased,
kept, why and what each kept row holds (never JSON); actions offered only when the services
would accept them; one status on a page; the retention confirmation explained by its table.
"""

from __future__ import annotations

import copy
import html
from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient

from conftest import _PACKAGED_REGISTER
from consolekit import csrf_of, sign_in
from factories import bearer, record
from privacy_api.console import ticket_view
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.outbox.models import OutboxMessage
from privacy_api.register.checks import parse_register
from privacy_api.register.service import Register
from privacy_api.register.spec import RegisterSpec

MakeKey = Callable[..., str]
POLISH = "Proszę o kopię moich danych, także historii zamówień i zgód."


def _ticket(client: TestClient, key: str, **body: object) -> str:
    sent = {"channel": "email", "verified": True, **body}
    response = client.post("/v1/dsar", json=sent, headers=bearer(key))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _person(client: TestClient, key: str, sid: str, email: str) -> None:
    assert client.put(f"/v1/subjects/{sid}", json={"email": email}, headers=bearer(key))
    items = [
        record(sid),
        record(sid, activity="payments", category="payment_confirmation", data={"eur": 9}),
    ]
    sent = client.post("/v1/records/batch", json={"records": items}, headers=bearer(key))
    assert sent.status_code == 201, sent.text


def _system(client: TestClient, key: str) -> None:
    body = {"name": "app-backend", "property": "app", "webhook_url": "http://127.0.0.1:9/h"}
    assert client.post("/v1/systems", json=body, headers=bearer(key)).status_code == 201


def _text(page: str) -> str:
    return html.unescape(page)


def test_a_polish_requests_details_show_as_the_person_wrote_them(
    client: TestClient, loaded: Register, make_key: MakeKey
) -> None:
    admin = make_key("admin")
    ticket = _ticket(
        client, admin, type="access", email="zofia@example.com", lang="pl",
        details={"message": POLISH, "channel_note": {"via": "telefon"}},
    )  # fmt: skip
    sign_in(client, admin)
    page = client.get(f"/console/tickets/{ticket}").text
    assert POLISH in _text(page)
    assert "\\u0119" not in page
    assert "{" not in _text(page.split('id="facts"', 1)[1].split("</section>", 1)[0])
    # A key the page does not know is still shown, as words.
    assert "Channel note" in page
    assert "Via: telefon" in page
    assert "<dd>Polish</dd>" in page
    # No account matched: the page does not promise to carry out an access anywhere.
    assert "orders it from every registered system" not in page
    assert "tells the person that no data is held" in page


def test_an_erasures_result_says_what_was_erased_kept_why_and_what_each_kept_row_holds(
    client: TestClient, loaded: Register, make_key: MakeKey
) -> None:
    admin = make_key("admin")
    _person(client, admin, "s-ola", "ola@example.com")
    other = _ticket(client, admin, type="access", email="ola@example.com")
    erased = _ticket(client, admin, type="erasure", email="ola@example.com")
    done = client.post(f"/v1/dsar/{erased}/fulfil", headers=bearer(admin))
    assert done.json()["status"] == "completed", done.text
    sign_in(client, admin)
    page = _text(client.get(f"/console/tickets/{erased}").text)
    assert "What was done" in page
    assert "The person's data was erased" in page
    assert "Creating and maintaining the user account" in page
    assert "Payments: payment confirmations" in page
    assert "accounting records kept as bookkeeping law requires" in page
    # The new fields: what each kept row holds, the request the erasure closed.
    assert "Each row still holds" in page
    assert "the record's data" in page
    assert f'Other requests closed</dt><dd class="prose">{other}' in page
    assert '"stores"' not in page
    assert "'stores'" not in page
    # The address went with the person's data: said, not an empty line.
    assert "erased with the person's data once answered" in page
    assert "Nothing is left to do on this request." in page


def test_erase_now_is_not_offered_once_the_erasure_is_carried_out(
    client: TestClient, loaded: Register, make_key: MakeKey
) -> None:
    admin = make_key("admin")
    _system(client, admin)
    _person(client, admin, "s-finn", "finn@example.com")
    ticket = _ticket(client, admin, type="erasure", email="finn@example.com")
    sign_in(client, admin)
    before = client.get(f"/console/tickets/{ticket}").text
    assert "Erase now (cannot be undone)" in before
    fulfilled = client.post(
        f"/console/tickets/{ticket}/fulfil",
        data={"csrf_token": csrf_of(before)},
        follow_redirects=False,
    )
    assert fulfilled.status_code == 303
    after = client.get(fulfilled.headers["location"]).text
    assert "Erase now" not in after
    assert "Fulfil the request" not in after
    assert 'action="/console/tickets/' + ticket + '/assign"' not in after
    assert "Complete without them" in after
    # The API refuses it by the same rule, and so does the console's form posted anyway.
    again = client.post(f"/v1/dsar/{ticket}/fulfil", headers=bearer(admin))
    assert again.status_code == 409
    assert "carried out already" in again.json()["detail"]
    forced = client.post(f"/console/tickets/{ticket}/fulfil", data={"csrf_token": csrf_of(after)})
    assert forced.status_code == 409
    assert "carried out already" in forced.text


def test_one_status_on_the_page_after_fulfilling(
    client: TestClient, loaded: Register, make_key: MakeKey
) -> None:
    admin = make_key("admin")
    _system(client, admin)
    _person(client, admin, "s-finn", "finn@example.com")
    ticket = _ticket(client, admin, type="erasure", email="finn@example.com")
    sign_in(client, admin)
    token = csrf_of(client.get(f"/console/tickets/{ticket}").text)
    page = client.post(f"/console/tickets/{ticket}/fulfil", data={"csrf_token": token}).text
    assert "The request is carried out." not in page
    assert "Done here: the request completes when every system confirms" in page
    assert '<span class="badge badge-in_progress">in progress</span>' in page
    assert "carried out here; completes when 1 system(s) confirm theirs" in page
    assert page.count('class="badge badge-') == page.count("badge badge-in_progress") + page.count(
        'badge badge-completed">verified'
    )


def test_the_retention_confirmation_is_explained_by_the_numbers_of_its_table(
    client: TestClient, db: Database, loaded: Register, make_key: MakeKey
) -> None:
    # A mail delivered a year ago: due in the service's own store, not under a rule.
    long_ago = clock.now() - timedelta(days=365)
    with db.transaction() as session:
        session.add(
            OutboxMessage(
                channel="mail", recipient="ola@example.com", subject="Done", body="Done.",
                headers={}, reference="dsar/x", created_at=long_ago, available_at=long_ago,
                attempts=1, sent_at=long_ago,
            )
        )  # fmt: skip
    sign_in(client, make_key("retention:run"))
    page = client.get("/console/retention").text
    counted, own = page.split("The service's own stores", 1)
    assert "To confirm: 0 records + 0 subjects" in counted
    assert "rules: <strong>0</strong> (0 records + 0 subjects, as the first table shows)" in page
    assert '<tr class="due"><td>rights messages</td>' in own
    assert "not part of the number to confirm" in _text(own)


def test_the_result_renderer_words_every_field_it_knows_and_shows_the_rest() -> None:
    rows = dict(
        ticket_view.result_rows(
            {
                "outcome": "package",
                "scope": "access",
                "sent_to": "address_on_record",
                "closed_by_operator": "The app back end was retired.",
                "waiting_for": ["ord_1"],
                "repeated": True,
                "something_new": {"a": [1, 2]},
            }
        )
    )
    assert "not the other address the request gave" in rows["Sent to"]
    assert rows["Completed by staff"].endswith("The app back end was retired.")
    assert "erased before" in rows["Repeated"]
    assert rows["Something new"] == "A: 1, 2"
    assert "Waiting for" not in rows  # the status and the list of systems say it
    recipient = dict(
        ticket_view.detail_rows(
            {
                "recipient": {
                    "name": "Bank Ltd",
                    "email": "dpo@bank.example",
                    "confirmed_at": "2026-12-01T10:00:00+00:00",
                    "confirmed_by": "ops-anna",
                    "link_expires_at": "2026-12-08T10:00:00+00:00",
                    "downloaded_at": None,
                }
            },
            spec=_spec(),
        )
    )
    assert recipient["Send to"] == "Bank Ltd <dpo@bank.example>"
    assert recipient["Transfer"] == (
        "confirmed by ops-anna on 2026-12-01; not downloaded yet "
        "(its link works once, until 2026-12-08)"
    )


def _spec() -> RegisterSpec:
    return parse_register(copy.deepcopy(_PACKAGED_REGISTER))


def test_a_breach_recorded_through_the_form_keeps_the_number_of_people_typed(
    client: TestClient, loaded: Register, make_key: MakeKey
) -> None:
    sign_in(client, make_key("admin"))
    page = client.get("/console/breaches/new").text
    form = {
        "csrf_token": csrf_of(page),
        "nature": "A newsletter went out with all addresses in CC.",
        "became_aware_at": (clock.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "data_subject_categories": "newsletter_subscribers",
        "data_categories": "email",
        "approximate_subjects": "340",
        "approximate_records": "",
        "likely_consequences": "",
        "measures": "",
        "activities": "",
        "affected_categories": "",
    }
    recorded = client.post("/console/breaches", data=form, follow_redirects=False)
    assert recorded.status_code == 303, recorded.text
    shown = client.get(recorded.headers["location"]).text
    assert "340" in shown
