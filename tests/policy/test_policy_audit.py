"""An auditor's reading of what is published against the policy (privacy-policy.pl.txt),
clause by clause, in Polish and English: each test names the clause it holds to."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from privacy_api.register.service import Register

LANGS = ("pl", "en")


def _policy(client: TestClient, lang: str) -> str:
    response = client.get(f"/v1/policy?lang={lang}")
    assert response.status_code == 200, response.text
    text: str = response.json()["text"]
    return text


def _page(client: TestClient, path: str, lang: str) -> str:
    response = client.get(f"{path}?lang={lang}")
    assert response.status_code == 200, response.text
    return html.unescape(re.sub(r"<[^>]+>", " ", response.text))


@pytest.mark.parametrize("lang", LANGS)
def test_no_sale_or_sharing_except_as_this_policy_sets_out(
    client: TestClient, loaded: Register, lang: str
) -> None:
    """§2.2 "Z wyjątkiem przypadków określonych w niniejszej Polityce prywatności, nie
    będziemy sprzedawać, udostępniać ani wynajmować": without its exception the sentence
    denies the disclosures the policy itself lists (processors, the buttons' platforms)."""
    text = _policy(client, lang)
    expected = {
        "pl": "Z wyjątkiem przypadków opisanych w niniejszej Polityce prywatności nie "
        "sprzedajemy, nie udostępniamy ani nie wynajmujemy",
        "en": "Except as set out in this privacy policy, we do not sell, share or rent",
    }[lang]
    assert expected in text
    assert "Nie sprzedajemy" not in text
    assert "We do not sell" not in text


def test_policy_changes_pl_says_happy_with_the_changes_not_that_you_accept_them(
    client: TestClient, loaded: Register
) -> None:
    """§5 "aby upewnić się, że jesteś zadowolony z wszelkich zmian" (en: "happy with"):
    checking the page is advice, not acceptance of a change by reading it."""
    text = _policy(client, "pl")
    assert "akceptujesz" not in text
    assert "jesteś zadowolony(-a) ze wszystkich zmian" in text


@pytest.mark.parametrize("lang", LANGS)
def test_social_buttons_cookie_policy_promises_only_what_we_hold_ourselves(
    client: TestClient, loaded: Register, lang: str
) -> None:
    """§1.7: the platforms receive the data from the browser; the cookie policy, like the
    policy, promises deletion only of what we hold ourselves."""
    page = " ".join(_page(client, "/privacy/cookie-policy", lang).split())
    own = {
        "pl": "To, co z tych danych przechowujemy sami, usuwamy",
        "en": "Whatever of this data we hold ourselves, we delete",
    }[lang]
    social = page.split({"pl": "Przyciski mediów", "en": "Social media buttons"}[lang], 1)[1]
    assert own in social
    assert {"pl": "Dane te usuwamy w ciągu 12", "en": "We delete this data within 12"}[
        lang
    ] not in social


def test_polish_texts_address_women_too(client: TestClient, loaded: Register) -> None:
    """Polish: the published texts say "odwiedziłeś(-aś)", "zalogowany(-a)", as the
    policy's translation does everywhere else; not the masculine form alone."""
    texts = [
        _policy(client, "pl"),
        _page(client, "/privacy/cookie-policy", "pl"),
        _page(client, "/privacy/cookies", "pl"),
        client.get("/v1/consent.js").text,
    ]
    for text in texts:
        for word in ("odwiedziłeś ", "zalogowany,", "co wybrałeś,"):
            assert word not in text, word


@pytest.mark.parametrize("lang", LANGS)
def test_advertising_cookies_name_google_ads_as_recipient_not_only_analytics(
    client: TestClient, loaded: Register, lang: str
) -> None:
    """§2 "firmy, które ... świadczą usługi reklamowe lub marketingowe": the advertising
    cookies are Google Ads' (the cookie policy says so); the recipient named matches."""
    text = _policy(client, lang)
    section = text.split({"pl": "Pliki cookie reklamowe", "en": "Advertising cookies"}[lang])[1]
    recipients = section.split("\n")[4]
    assert "Google Ads" in recipients, recipients


@pytest.mark.parametrize("lang", LANGS)
def test_centre_erasure_keeps_the_policys_exceptions_law_contract_or_claim(
    client: TestClient, loaded: Register, lang: str
) -> None:
    """§3 "Usuń swoje dane osobowe": unless the law requires it or the data is needed for
    an active contract or claim. "What the law does not require us to keep" is a promise
    the service does not keep: an erasure keeps consent proofs and request records."""
    page = " ".join(_page(client, "/privacy/", lang).split())
    expected = {
        "pl": "chyba że prawo, aktywna umowa lub roszczenie wymagają ich zachowania",
        "en": "unless the law, an active contract or a claim requires us to keep it",
    }[lang]
    assert expected in page


@pytest.mark.parametrize("lang", LANGS)
def test_centre_objection_asks_tell_us_why_you_object(
    client: TestClient, loaded: Register, lang: str
) -> None:
    """§3 "Poinformuj nas, czemu się sprzeciwiasz, a my rozważymy Twoją prośbę": the
    centre's right and its request form ask for the reason."""
    why = {"pl": "czemu się sprzeciwiasz", "en": "why you object"}[lang]
    assert why in " ".join(_page(client, "/privacy/", lang).split())
    assert why in " ".join(_page(client, "/privacy/request", lang).split())
