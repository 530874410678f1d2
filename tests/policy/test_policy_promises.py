"""Issue 29: every published word matches the policy, and every promise in it is kept.

Each test is named after the clause of the policy (privacy-policy.pl.txt) it proves, and
reads what is published (/v1/policy, /privacy/, refusals, art15.json) in Polish and English.
"""

from __future__ import annotations

import copy
import io
import json
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from factories import assert_problem, bearer, record
from privacy_api.audit import service as audit
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.dsar.deadlines import add_months
from privacy_api.outbox.models import OutboxMessage
from privacy_api.policy import service as policy_service
from privacy_api.policy.models import PolicyVersion
from privacy_api.records.models import Record
from privacy_api.register import service as register_service
from privacy_api.register.checks import RegisterInvalid, parse_register
from privacy_api.register.models import RegisterVersion
from privacy_api.register.service import Register
from privacy_api.retention import service as retention
from privacy_api.subjects.models import Subject

SID = "acct-29"
LANGS = ("pl", "en")
UODO = ("Prezes Urzędu Ochrony Danych Osobowych", "ul. Stawki 2, 00-193 Warszawa", "uodo.gov.pl")
CHOICE = {
    "pl": "wybranego przez siebie właściwego organu ochrony danych",
    "en": "competent data protection authority of your choice",
}
NARROWING = ("dla nas jest to", "for us this is")


@pytest.fixture
def admin(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("admin", name="ops-admin"))


def _policy(client: TestClient, lang: str) -> str:
    response = client.get(f"/v1/policy?lang={lang}")
    assert response.status_code == 200, response.text
    text: str = response.json()["text"]
    return text


def _home(client: TestClient, lang: str) -> str:
    response = client.get(f"/privacy/?lang={lang}")
    assert response.status_code == 200, response.text
    return str(response.text)


def _section(text: str, title: str) -> str:
    """One numbered activity of section 1, from its heading to the next blank line."""
    start = text.index(title)
    return text[start : text.index("\n\n", start)]


def _art15(client: TestClient, admin: dict[str, str], lang: str) -> dict[str, Any]:
    response = client.get(f"/v1/subjects/{SID}/export?lang={lang}", headers=admin)
    assert response.status_code == 200, response.text
    answer = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("art15.json"))
    assert isinstance(answer, dict)
    return answer


def _consent(client: TestClient, admin: dict[str, str], sid: str, *purposes: str) -> None:
    choice = {"purposes": dict.fromkeys(purposes, True), "property": "site"}
    answer = client.put(f"/v1/subjects/{sid}/consent", headers=admin, json=choice)
    assert answer.status_code == 200, answer.text


def _person(client: TestClient, admin: dict[str, str], *records: dict[str, Any]) -> None:
    response = client.put(
        f"/v1/subjects/{SID}", headers=admin, json={"email": "a@example.com", "name": "Anna"}
    )
    assert response.status_code == 201, response.text
    _consent(client, admin, SID, "analytics", "social_media")
    batch = [record(SID), *records]
    response = client.post("/v1/records/batch", json={"records": batch}, headers=admin)
    assert response.status_code == 201, response.text


# §3: "ma prawo złożyć skargę do wybranego przez siebie właściwego organu ochrony danych"


@pytest.mark.parametrize("lang", LANGS)
def test_complaint_names_authority_of_choice_and_polish_authority_for_polish_reader(
    client: TestClient, db: Database, loaded: Register, admin: dict[str, str], lang: str
) -> None:
    spec = loaded.spec
    lead = spec.controller.supervisory_authority
    _person(client, admin)
    ticket = client.post(
        "/v1/dsar",
        json={"type": "access", "email": "a@example.com", "channel": "email", "verified": True}
        | {"lang": lang},
        headers=admin,
    ).json()
    refused = client.post(
        f"/v1/dsar/{ticket['id']}/reject", json={"reason": "manifestly unfounded"}, headers=admin
    )
    assert refused.status_code == 200, refused.text
    complaint = refused.json()["complaint"]
    with db.transaction(write=False) as session:
        [mail] = [
            m
            for m in session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "mail"))
            if "manifestly unfounded" in m.body
        ]
    art15 = _art15(client, admin, lang)["right_to_complain"]
    published = {
        "policy": _policy(client, lang),
        "centre": _home(client, lang),
        "refusal": complaint["right"],
        "refusal mail": mail.body,
        "art15.json": art15["text"],
    }
    for where, text in published.items():
        assert CHOICE[lang] in text, where
        assert lead.name.of(lang) in text, where
        assert not any(n in text for n in NARROWING), where
        for part in UODO:
            # Shown to a Polish reader beside the lead authority; an English reader finds it
            # in the list of every authority (the policy and the centre) instead.
            assert (part in text) == (lang == "pl") or where in ("policy", "centre"), where
    # The lead one and every EU/EEA authority, by name, address and site.
    assert art15["lead_authority"]["url"] == lead.url
    assert len(art15["authorities"]) == len(complaint["authorities"]) == 30
    assert (art15["your_authority"] is not None) == (lang == "pl")
    if lang == "pl":
        assert art15["your_authority"]["address"] == "ul. Stawki 2, 00-193 Warszawa"
        assert complaint["your_authority"]["name"].startswith(UODO[0])
    for text in (published["policy"], published["centre"]):
        for authority in spec.authorities():
            assert authority.url in text


def test_register_names_every_eu_eea_authority_and_refuses_one_missing(
    register_document: dict[str, Any],
) -> None:
    spec = parse_register(register_document)
    assert len({a.country for a in spec.authorities()}) == 30
    for country in ("PL", "BE"):
        authority = spec.authority_of(country)
        assert authority is not None
        assert authority.name.pl
        assert authority.name.en
        assert authority.address.pl
        assert authority.address.en
    missing = copy.deepcopy(register_document)
    missing["complaint_authorities"] = [
        a for a in missing["complaint_authorities"] if a["country"] != "PL"
    ]
    with pytest.raises(RegisterInvalid, match=r"no authority for \['PL'\]"):
        parse_register(missing)
    twice = copy.deepcopy(register_document)
    twice["complaint_authorities"].append({**twice["complaint_authorities"][0]})
    with pytest.raises(RegisterInvalid, match="more than one authority"):
        parse_register(twice)
    unsafe = copy.deepcopy(register_document)
    unsafe["complaint_authorities"][0]["url"] = "javascript:alert(1)"
    with pytest.raises(RegisterInvalid, match="url"):
        parse_register(unsafe)


# Art. 12(3): one month, extendable by two further months with notice and reasons.


@pytest.mark.parametrize(
    ("lang", "false", "true"),
    [
        ("en", "Every request is answered within one month", "two further months"),
        ("pl", "Na każde żądanie odpowiadamy w ciągu miesiąca.", "o dwa kolejne miesiące"),
    ],
)
def test_centre_home_says_one_month_extendable_by_two_months_with_reasons(
    client: TestClient, loaded: Register, lang: str, false: str, true: str
) -> None:
    page = _home(client, lang)
    assert false not in page
    assert true in page


# §1.1-1.4: "tak długo, jak długo posiadasz u nas konto"; §2.1: "w zależności od tego, co
# nastąpi szybciej".

T = datetime(2026, 1, 15, 12, tzinfo=UTC)
DAY = timedelta(days=1)


def _sweep(db: Database, settings: Settings, at: datetime) -> None:
    tuned = settings.model_copy(update={"retention_max_share": 1.0})
    with clock.frozen(at):
        retention.run(db, tuned, at=at, dry_run=False, actor="test")


def _records(db: Database, sid: str) -> int:
    with db.transaction(write=False) as session:
        query = select(func.count()).select_from(Record).where(Record.subject_id == sid)
        return int(session.scalar(query) or 0)


def _erased(db: Database, sid: str) -> bool:
    with db.transaction(write=False) as session:
        subject = session.get(Subject, sid)
        return subject is not None and subject.erased_at is not None


def _account(client: TestClient, admin: dict[str, str], sid: str) -> None:
    with clock.frozen(T):
        assert client.put(f"/v1/subjects/{sid}", headers=admin, json={"name": "A"}).status_code
        for kind in ("session", "visit"):
            ping = {"kind": kind, "property": "app", "at": T.isoformat()}
            answer = client.post(f"/v1/subjects/{sid}/activity", json=ping, headers=admin)
            assert answer.status_code == 204, answer.text
        _consent(client, admin, sid, "analytics")
        items = [
            record(sid, occurred_at=T.isoformat()),
            record(sid, activity="google_analytics", category="traffic", occurred_at=T.isoformat()),
        ]
        answer = client.post("/v1/records/batch", json={"records": items}, headers=admin)
        assert answer.status_code == 201, answer.text


def _close(client: TestClient, admin: dict[str, str], sid: str, at: datetime) -> Any:
    ping = {"kind": "account_closed", "property": "app", "at": at.isoformat()}
    with clock.frozen(at):
        return client.post(f"/v1/subjects/{sid}/activity", json=ping, headers=admin)


def test_account_data_erased_12_months_after_closure_whichever_sooner(
    client: TestClient, db: Database, settings: Settings, loaded: Register, admin: dict[str, str]
) -> None:
    _account(client, admin, "closed")
    _account(client, admin, "open")
    closed_at = T + 30 * DAY
    # Before the closure both are kept: 12 months from the last session have not passed.
    _sweep(db, settings, closed_at - DAY)
    assert _records(db, "closed") == _records(db, "open") == 2
    assert _close(client, admin, "closed", closed_at).status_code == 204
    # The closure comes sooner than 12 months of inactivity: the account goes at the next
    # sweep, its Google Analytics data with it (§2.1 "while your account is active").
    _sweep(db, settings, closed_at + DAY)
    assert _erased(db, "closed")
    assert _records(db, "closed") == 0
    assert not _erased(db, "open")
    assert _records(db, "open") == 2
    # Without a closure, 12 months after the last session is sooner.
    _sweep(db, settings, add_months(T, 12) + DAY)
    assert _erased(db, "open")
    with db.transaction(write=False) as session:
        [entry] = audit.list_entries(session, action="subject.account_closed")
    assert entry.subject_id == "closed"


def test_account_closure_never_postponed_and_bad_reports_refused(
    client: TestClient, db: Database, loaded: Register, admin: dict[str, str]
) -> None:
    _account(client, admin, "c1")
    first = T + 10 * DAY
    assert _close(client, admin, "c1", first).status_code == 204
    # A later report does not move the closure: the data goes from the first one.
    assert _close(client, admin, "c1", first + 20 * DAY).status_code == 204
    with db.transaction(write=False) as session:
        subject = session.get(Subject, "c1")
        assert subject is not None
        assert (subject.status, clock.as_utc(subject.closed_at or T)) == ("closed", first)
    assert_problem(_close(client, admin, "nobody", first), 404)
    ping = {"kind": "account_closed", "property": "app", "at": (T + 400 * DAY).isoformat()}
    with clock.frozen(T):
        assert_problem(client.post("/v1/subjects/c1/activity", json=ping, headers=admin), 422)
        bad = {"kind": "account_deleted", "property": "app"}
        assert_problem(client.post("/v1/subjects/c1/activity", json=bad, headers=admin), 422)
    with db.transaction(write=False) as session:
        subject = session.get(Subject, "c1")
        assert subject is not None
        assert clock.as_utc(subject.closed_at or T) == first


@pytest.mark.parametrize(
    ("lang", "sooner"),
    [
        ("en", "as long as you have an account with us: we delete it when you close your account"),
        ("pl", "tak długo, jak długo posiadasz u nas konto: usuwamy je po zamknięciu konta"),
    ],
)
def test_account_activities_published_as_kept_while_you_have_an_account_whichever_sooner(
    client: TestClient, loaded: Register, lang: str, sooner: str
) -> None:
    spec = loaded.spec
    text = _policy(client, lang)
    for key in ("account", "service_delivery", "site_functionality", "support", "payments"):
        activity = spec.activity(key)
        assert activity is not None
        assert sooner.split(":")[0] in _section(text, activity.title.of(lang)), key
    assert sooner.split(":")[0] in _home(client, lang)
    # The register's public read says the rule has a second clock.
    account = client.get("/v1/processing-activities/account").json()["retention"]
    assert (account["clock"], account["or_at"]) == ("last_session", "account_closed")


# §2.1 Google Analytics.


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        (
            "en",
            (
                "or while your account is active, whichever is sooner",
                "may also be shared with other Google services",
                "www.google.com/analytics/policies/",
                "within 24 months of your last visit",
            ),
        ),
        (
            "pl",
            (
                "lub dopóki Twoje konto jest aktywne, w zależności od tego, co nastąpi wcześniej",
                "mogą być również udostępniane innym usługom Google",
                "www.google.com/analytics/policies/",
                "w ciągu 24 miesięcy od Twojej ostatniej wizyty",
            ),
        ),
    ],
)
def test_google_analytics_whichever_sooner_shared_with_google_services_and_policy_link(
    client: TestClient, loaded: Register, lang: str, phrases: tuple[str, ...]
) -> None:
    activity = loaded.spec.activity("google_analytics")
    assert activity is not None
    section = _section(_policy(client, lang), activity.title.of(lang))
    home = _home(client, lang)
    for phrase in phrases:
        assert phrase in section
        assert phrase in home


# §1.7 Social media buttons: the platforms receive the data; we promise only our own copy.


@pytest.mark.parametrize("lang", LANGS)
def test_social_buttons_list_platforms_as_recipients_and_promise_only_our_own_copy(
    client: TestClient, loaded: Register, admin: dict[str, str], lang: str
) -> None:
    spec = loaded.spec
    activity = spec.activity("social_media_buttons")
    assert activity is not None
    section = _section(_policy(client, lang), activity.title.of(lang))
    for platform in spec.disclosed_to(activity):
        assert platform.title.of(lang) in section
        assert platform.privacy_policy in section
    unkept = {"en": "We delete this data within", "pl": "Dane te usuwamy w ciągu"}
    own = {"en": "Whatever of this data we hold ourselves", "pl": "przechowujemy sami"}
    assert unkept[lang] not in section
    assert own[lang] in section
    _person(
        client,
        admin,
        record(SID, activity="social_media_buttons", category="visit_signal", property="site"),
    )
    [buttons] = [
        p for p in _art15(client, admin, lang)["processing"] if p["activity"] == activity.key
    ]
    named = [r["name"] for r in buttons["recipients"]["independent_recipients"]]
    assert named == [p.name for p in spec.disclosed_to(activity)]


# Point 9: the smaller ones.


def test_payment_confirmations_sentence_reads_we_keep_them(
    client: TestClient, loaded: Register
) -> None:
    text = _policy(client, "en")
    assert "payment confirmations is kept" not in text
    assert "we keep payment confirmations for 10 years" in text
    assert "przechowujemy przez 10 lat" in _policy(client, "pl")


@pytest.mark.parametrize("lang", LANGS)
def test_each_legal_obligation_names_its_own_law_not_accounting_for_consent_records(
    client: TestClient, loaded: Register, lang: str
) -> None:
    spec = loaded.spec
    text = _policy(client, lang)
    accounting = {"en": "accounting", "pl": "księgow"}[lang]
    consent_records, payments = spec.activity("consent_records"), spec.activity("payments")
    assert consent_records is not None
    assert payments is not None
    assert accounting not in _section(text, consent_records.title.of(lang))
    assert "7" in _section(text, consent_records.title.of(lang)).split("\n")[3]
    assert accounting in _section(text, payments.title.of(lang))


def test_a_legal_obligation_without_its_law_is_refused(register_document: dict[str, Any]) -> None:
    activity = next(a for a in register_document["activities"] if a["key"] == "payments")
    del activity["basis_detail"]["legal_obligation"]
    with pytest.raises(RegisterInvalid, match="must name its law"):
        parse_register(register_document)


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        ("en", ("We do not collect your financial information", "tell us why you object")),
        ("pl", ("Nie gromadzimy Twoich informacji finansowych", "czemu się sprzeciwiasz")),
    ],
)
def test_policy_keeps_no_financial_information_and_tell_us_why_you_object(
    client: TestClient, loaded: Register, lang: str, phrases: tuple[str, ...]
) -> None:
    text = _policy(client, lang)
    for phrase in phrases:
        assert phrase in text


@pytest.mark.parametrize("lang", LANGS)
def test_subprocessor_regions_stated_only_where_the_register_knows_them(
    client: TestClient, loaded: Register, lang: str
) -> None:
    spec = loaded.spec
    text = _policy(client, lang)
    finance = spec.subprocessors_by_key["finance"]
    line = next(x for x in text.splitlines() if x.startswith(f" - {finance.title.of(lang)}"))
    assert line == f" - {finance.title.of(lang)}"
    listed = client.get("/v1/subprocessors").json()["items"]
    assert next(s for s in listed if s["category"] == finance.category)["region"] is None
    google = spec.subprocessors_by_key["visitor_monitoring"]
    assert google.region_title is not None
    assert google.region_title.of(lang) in text


@pytest.mark.parametrize("lang", LANGS)
def test_recipients_named_where_known_categories_otherwise_in_art15_and_centre(
    client: TestClient, loaded: Register, admin: dict[str, str], lang: str
) -> None:
    spec = loaded.spec
    _person(client, admin, record(SID, activity="web_analytics", category="interaction"))
    answer = _art15(client, admin, lang)
    [analytics] = [p for p in answer["processing"] if p["activity"] == "web_analytics"]
    [google] = analytics["recipients"]["subprocessors"]
    assert google["name"] == spec.subprocessors_by_key["visitor_monitoring"].name
    [account] = [p for p in answer["processing"] if p["activity"] == "account"]
    assert all("name" not in s for s in account["recipients"]["subprocessors"])
    assert {s["category"] for s in account["recipients"]["subprocessors"]} == {
        s.title.of(lang) for s in spec.recipients_of(spec.activities_by_key["account"])
    }
    assert f"({google['name']})" in _home(client, lang)


def test_loading_this_register_over_one_without_authorities_publishes_a_material_rewrite(
    db: Database, register_document: dict[str, Any]
) -> None:
    """A register stored before the authorities (issue 29) no longer parses: loading today's
    file still publishes a version, material (users are told), asking for a full read."""
    old = copy.deepcopy(register_document)
    del old["complaint_authorities"]
    del old["controller"]["supervisory_authority"]["country"]
    with db.transaction() as session:
        session.add(
            # A number no other test loads: parsed registers are remembered by number.
            RegisterVersion(
                version=900,
                content_hash="0" * 64,
                document=json.loads(json.dumps(old, default=str)),
                source="before issue 29",
                loaded_by="test",
                loaded_at=T,
            )
        )
        session.flush()
        session.add(
            PolicyVersion(
                version="2024-06-17",
                published_at=T,
                material=False,
                changelog={"en": "Initial version.", "pl": "Wersja pierwotna."},
                register_version=900,
                published_by="test",
                texts={"pl": "stary tekst", "en": "old text"},
            )
        )
    with db.transaction() as session:
        register_service.load_register(
            session, document=register_document, source="t", actor="test"
        )
        published = policy_service.publish_register_changes(
            session, public_base_url="https://privacy.example", actor="test"
        )
    assert published is not None
    assert published.material
    assert "rewritten" in published.changelog.en
