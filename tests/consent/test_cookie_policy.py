"""Policy §1.6 "pliki cookie – więcej informacji można znaleźć w naszej Polityce plików
cookie" (issue 29 point 6): the cookie policy exists, from the register's inventory, as JSON
(GET /v1/cookies) and as a page in Polish and English, linked from the policy, the banner and
the centre; the script's own cookies are in it; advertising cookies rest on consent alone."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from privacy_api.register.checks import RegisterInvalid, parse_register
from privacy_api.register.service import Register


def _cookies(client: TestClient) -> dict[str, Any]:
    response = client.get("/v1/cookies")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _by_name(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for p in body["purposes"] for c in p["cookies"]}


def test_cookie_policy_lists_every_cookie_with_provider_purpose_lifetime_party_and_property(
    client: TestClient, loaded: Register
) -> None:
    body = _cookies(client)
    spec = loaded.spec
    listed = _by_name(body)
    assert set(listed) == {c.name for c in spec.cookie_policy.cookies}
    for cookie in listed.values():
        assert cookie["provider"]
        assert cookie["party"] in ("first", "third")
        assert cookie["purpose"] in spec.consent_purposes
        assert cookie["properties"]
        assert set(cookie["properties"]) <= set(spec.properties)
        assert cookie["description"]["en"]
        assert cookie["description"]["pl"]
        # Only what the page's script can reach is deleted on withdrawal.
        assert cookie["deleted_on_withdrawal"] == (
            cookie["party"] == "first" and spec.consent_purposes[cookie["purpose"]].optional
        )
        if cookie["party"] == "third":
            assert cookie["domain"]
    assert body["properties"] == dict(spec.properties)
    assert body["page_url"].endswith("/privacy/cookie-policy")


def test_the_consent_scripts_own_cookies_are_in_the_cookie_policy_for_the_consent_lifetime(
    client: TestClient, loaded: Register
) -> None:
    body = _cookies(client)
    listed = _by_name(body)
    days = loaded.spec.cookie_policy.consent_lifetime_days
    assert body["consent_lifetime_days"] == days == 390
    for name in ("ot_vid", "ot_consent"):
        assert listed[name]["lifetime_days"] == days
        assert listed[name]["party"] == "first"
        assert listed[name]["purpose"] == "necessary"
    # The script's cookies live exactly that long: one number, read from the register.
    script = client.get("/v1/consent.js").text
    assert "390 * 86400" not in script
    assert f'"consent_lifetime_days":{days}' in script
    assert "C.consent_lifetime_days * 86400" in script


def test_cookies_answer_is_public_and_cacheable_with_an_etag(
    client: TestClient, loaded: Register
) -> None:
    first = client.get("/v1/cookies")
    assert "public" in first.headers["cache-control"]
    assert "max-age=" in first.headers["cache-control"]
    assert first.headers["access-control-allow-origin"] == "*"
    again = client.get("/v1/cookies", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def test_advertising_cookies_rest_on_consent_alone_as_the_policy_states(
    client: TestClient, loaded: Register
) -> None:
    spec = loaded.spec
    for activity in spec.activities:
        if activity.consent_purpose == "advertising":
            assert activity.legal_basis == ("consent",)
            assert not activity.objection_applies
            assert "site operation" not in activity.purposes
    # The published text no longer reads as if advertising cookies rested on legitimate
    # interest, nor borrows the server logs' "12 months" for them.
    for lang, consent_only in (
        ("en", "Basis: your consent (GDPR Art. 6(1)(a))."),
        ("pl", "Podstawa prawna: Twoja zgoda (art. 6 ust. 1 lit. a RODO)."),
    ):
        text = client.get(f"/v1/policy?lang={lang}").json()["text"]
        title = spec.activity("cookies").title.of(lang)  # type: ignore[union-attr]
        block = text.split(title, 1)[1].split("\n\n", 1)[0]
        assert consent_only.split(":", 1)[1].strip() in block
        assert "6(1)(f)" not in block
        assert "lit. f" not in block
        assert "12 " not in block
    purpose = next(p for p in _cookies(client)["purposes"] if p["key"] == "advertising")
    assert purpose["optional"] is True
    assert all(a["legal_basis"] == ["consent"] for a in purpose["activities"])


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("Cookie policy", "Strictly necessary", "Advertising cookies", "third party")),
        (
            "pl",
            ("Polityka plików cookie", "Niezbędne", "Pliki cookie reklamowe", "podmiotu trzeciego"),
        ),
    ],
)
def test_cookie_policy_page_in_polish_and_english_lists_the_inventory(
    client: TestClient, loaded: Register, lang: str, words: tuple[str, ...]
) -> None:
    page = client.get(f"/privacy/cookie-policy?lang={lang}")
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in page.text
    assert "<script" not in page.text
    for word in words:
        assert word in page.text
    for cookie in loaded.spec.cookie_policy.cookies:
        shown = cookie.name.removesuffix("*")
        assert shown in page.text
        assert cookie.description.of(lang).replace('"', "&#34;").replace("'", "&#39;") in page.text
    days = loaded.spec.cookie_policy.consent_lifetime_days
    assert f"{days} " in page.text
    assert 'href="/privacy/cookies?lang=' in page.text


def test_the_cookie_policy_is_linked_from_the_policy_the_banner_and_the_centre(
    client: TestClient, loaded: Register
) -> None:
    for lang in ("pl", "en"):
        text = client.get(f"/v1/policy?lang={lang}").json()["text"]
        assert "/privacy/cookie-policy" in text
        html = client.get(f"/privacy/policy?lang={lang}").text
        assert '<a href="/privacy/cookie-policy">' in html
        for path in ("/privacy/", "/privacy/cookies", "/privacy/request"):
            assert (
                f'href="/privacy/cookie-policy?lang={lang}"'
                in client.get(f"{path}?lang={lang}").text
            )
    script = client.get("/v1/consent.js").text
    assert '"cookie_policy_path":"/privacy/cookie-policy"' in script
    assert "Cookie policy" in script
    assert "Polityka plików cookie" in script


def test_banner_describes_each_purpose_as_the_register_does(
    client: TestClient, loaded: Register
) -> None:
    script = client.get("/v1/consent.js").text
    start = script.index("var C = ") + len("var C = ")
    config = json.loads(script[start : script.index(";\n", start)])
    for purpose in config["purposes"]:
        assert (
            purpose["description"]
            == loaded.spec.consent_purposes[purpose["key"]].description.model_dump()
        )
    # "Advertising cookies" was described as "Cookies" (its activity's old title).
    advertising = next(p for p in config["purposes"] if p["key"] == "advertising")
    assert advertising["description"]["en"] != "Cookies"
    assert "p.description[lang]" in script


def _refused(document: dict[str, Any], text: str) -> None:
    with pytest.raises(RegisterInvalid) as caught:
        parse_register(document)
    assert any(text in e for e in caught.value.errors), caught.value.errors


def test_a_cookie_of_an_unknown_purpose_is_refused(register_document: dict[str, Any]) -> None:
    register_document["cookie_policy"]["cookies"][0]["purpose"] = "tracking"
    _refused(register_document, "unknown consent purpose")


def test_a_third_party_cookie_without_its_domain_is_refused(
    register_document: dict[str, Any],
) -> None:
    third = next(c for c in register_document["cookie_policy"]["cookies"] if c["party"] == "third")
    del third["domain"]
    _refused(register_document, "names the domain")


def test_a_cookie_without_a_lifetime_or_description_is_refused(
    register_document: dict[str, Any],
) -> None:
    del register_document["cookie_policy"]["cookies"][0]["lifetime"]
    del register_document["cookie_policy"]["cookies"][1]["description"]
    _refused(register_document, "lifetime")
    _refused(register_document, "description")


def test_the_inventory_must_list_the_consent_scripts_own_cookies(
    register_document: dict[str, Any],
) -> None:
    cookies = register_document["cookie_policy"]["cookies"]
    register_document["cookie_policy"]["cookies"] = [c for c in cookies if c["name"] != "ot_vid"]
    _refused(register_document, "'ot_vid' must be listed")


def test_a_cookie_of_a_purpose_no_activity_relies_on_where_it_is_set_is_refused(
    register_document: dict[str, Any],
) -> None:
    fr = next(c for c in register_document["cookie_policy"]["cookies"] if c["name"] == "fr")
    fr["properties"] = ["help"]  # the social buttons run on the site only
    _refused(register_document, "no activity on consent purpose 'social_media'")


def test_a_cookie_outliving_its_activitys_published_retention_is_refused(
    register_document: dict[str, Any],
) -> None:
    ide = next(c for c in register_document["cookie_policy"]["cookies"] if c["name"] == "IDE")
    ide["lifetime"] = 800
    _refused(register_document, "longer than activity 'cookies' keeps its data")


def test_a_purpose_without_a_description_is_refused(register_document: dict[str, Any]) -> None:
    del register_document["consent_purposes"]["advertising"]["description"]
    _refused(register_document, "description")


def test_the_centres_visitor_cookie_lives_as_long_as_the_register_says_a_choice_stands(
    client: TestClient, loaded: Register
) -> None:
    page = client.get("/privacy/cookies")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    saved = client.post("/privacy/cookies", data={"csrf_token": token, "property": "site"})
    assert saved.status_code == 200
    header = next(h for h in saved.headers.get_list("set-cookie") if h.startswith("ot_vid="))
    days = loaded.spec.cookie_policy.consent_lifetime_days
    assert f"Max-Age={days * 86400}" in header
