"""The unsubscribe link a person clicks (issue 12, item 5; RFC 8058, Art. 7(3))."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from factories import assert_problem, bearer
from privacy_api.consent.models import ConsentEvent
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.register.service import Register

# Words of the English page that must never show on the Polish one.
ENGLISH = re.compile(
    r"\b(unsubscribe|marketing e-mail|the|expired|not valid|write to us|account|button)\b",
    re.I,
)


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def link(client: TestClient, loaded: Register, make_key: Callable[..., str]) -> Callable[..., str]:
    admin = bearer(make_key("subjects:write", "consent:write", "consent:read"))
    put = client.put("/v1/subjects/acct-7", json={"email": "a@example.com"}, headers=admin)
    assert put.status_code == 201, put.text
    chosen = client.put(
        "/v1/subjects/acct-7/consent",
        json={"purposes": {"marketing_email": True}, "property": "app"},
        headers=admin,
    )
    assert chosen.status_code == 200, chosen.text

    def make(lang: str | None = None) -> str:
        query = f"?lang={lang}" if lang else ""
        answer = client.get(f"/v1/subjects/acct-7/unsubscribe-link{query}", headers=admin)
        url: str = answer.json()["url"]
        return url[url.index("/v1/unsubscribe") :]

    return make


def _events(db: Database) -> list[str]:
    with db.transaction(write=False) as session:
        return list(session.scalars(select(ConsentEvent.kind).order_by(ConsentEvent.id)))


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize(
    ("lang", "accept", "title", "button"),
    [
        ("pl", None, "Wypisanie z wiadomości marketingowych", "Wypisz mnie"),
        ("en", None, "Unsubscribe from marketing e-mail", "Unsubscribe me"),
        (None, "en-GB,en;q=0.9,pl;q=0.5", "Unsubscribe from marketing e-mail", "Unsubscribe me"),
        (None, "pl-PL,pl;q=0.9,en;q=0.8", "Wypisanie z wiadomości marketingowych", "Wypisz mnie"),
        (None, None, "Wypisanie z wiadomości marketingowych", "Wypisz mnie"),
    ],
)
def test_unsubscribe_link_get_shows_confirmation_page_pl_en(
    client: TestClient,
    db: Database,
    link: Callable[..., str],
    lang: str | None,
    accept: str | None,
    title: str,
    button: str,
) -> None:
    url = link(lang)
    headers = {"Accept-Language": accept} if accept else {}
    # The mail's language wins over the browser's when the link carries one.
    if lang is not None:
        headers["Accept-Language"] = "en" if lang == "pl" else "pl"
    page = client.get(url, headers=headers)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert '<link rel="stylesheet" href="/privacy/centre.css">' in page.text
    assert title in page.text
    assert f">{button}</button>" in page.text
    # One button, a plain form posting to the very URL opened.
    assert page.text.count("<button") == 1
    action = re.search(r'<form method="post" action="([^"]+)">', page.text)
    assert action is not None
    assert html.unescape(action.group(1)) == url
    if 'lang="pl"' in page.text:
        assert not ENGLISH.search(_text(page.text)), _text(page.text)
    # A GET (a mail scanner's prefetch) unsubscribes nobody.
    assert _events(db) == ["choice"]


@pytest.mark.parametrize(
    ("lang", "done"), [("pl", "Nie będziemy już wysyłać"), ("en", "We will no longer send")]
)
def test_unsubscribe_form_post_shows_done_page_and_replays_change_nothing(
    client: TestClient, db: Database, link: Callable[..., str], lang: str, done: str
) -> None:
    url = link(lang)
    first = client.post(url, data={"page": "1"})
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("text/html")
    assert done in first.text
    again = client.post(url, data={"page": "1"}, headers={"Accept": "text/html"})
    assert done in again.text
    assert _events(db) == ["choice", "unsubscribe"]
    # The RFC 8058 POST of a mail client keeps its JSON answer.
    one_click = client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert one_click.json() == {"status": "unsubscribed", "purpose": "marketing_email"}
    assert _events(db) == ["choice", "unsubscribe"]


@pytest.mark.parametrize(
    ("lang", "expired", "invalid", "otherwise"),
    [
        ("pl", "Ten link wygasł", "Ten link jest nieprawidłowy", "Aby wypisać się w inny sposób"),
        ("en", "This link has expired", "This link is not valid", "To unsubscribe otherwise"),
    ],
)
def test_unsubscribe_link_expired_or_invalid_shows_a_page_in_the_language(
    client: TestClient,
    db: Database,
    link: Callable[..., str],
    lang: str,
    expired: str,
    invalid: str,
    otherwise: str,
) -> None:
    url = link(lang)
    headers = {"Accept-Language": lang, "Accept": BROWSER}
    forged = url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB")
    bad = client.get(forged, headers=headers)
    assert bad.status_code == 400
    assert invalid in bad.text
    assert otherwise in bad.text
    assert "privacy@onetagger.com" in bad.text
    assert client.get("/v1/unsubscribe?token=garbage", headers=headers).status_code == 400
    with clock.frozen(datetime.now(UTC) + timedelta(days=400)):
        late = client.get(url, headers=headers)
        assert late.status_code == 410
        assert expired in late.text
        assert otherwise in late.text
        posted = client.post(url, data={"page": "1"}, headers=headers)
        assert posted.status_code == 410
        assert expired in posted.text
        assert_problem(client.post(url), 410)
        assert_problem(client.get(url), 410)  # not a browser: the API's problem+json
    assert_problem(client.get(forged), 400)
    if lang == "pl":
        assert not ENGLISH.search(_text(bad.text) + _text(late.text))
    assert _events(db) == ["choice"]


def _token(url: str) -> str:
    return url.split("token=", 1)[1].split("&", 1)[0]


def _every_reading(token: str) -> bytes:
    """The token as anyone could read it without a key: its text and every base64 reading
    of it and of its dot-separated parts."""
    import base64

    readings = [token.encode()]
    for part in [token, *token.split(".")]:
        for cut in range(4):
            piece = part[cut:]
            try:
                readings.append(base64.urlsafe_b64decode(piece + "=" * (-len(piece) % 4)))
            except ValueError:
                continue
    return b"\n".join(readings)


def test_unsubscribe_token_is_opaque_and_shows_no_account_id(
    link: Callable[..., str], client: TestClient, db: Database
) -> None:
    token = _token(link("en"))
    read = _every_reading(token)
    assert b"acct-7" not in read
    assert b'"sub"' not in read
    assert b"unsubscribe" not in read
    assert _token(link("en")) != token  # a fresh nonce each time: links cannot be compared
    # It still does its one job.
    done = client.post(f"/v1/unsubscribe?token={token}")
    assert done.status_code == 200, done.text
    assert _events(db)[-1] == "unsubscribe"


def test_unsubscribe_link_of_the_old_readable_kind_is_refused(
    link: Callable[..., str], client: TestClient, db: Database
) -> None:
    """Old links stop working (README): a signed token held the account id in clear."""
    from pydantic import SecretStr

    from factories import TEST_SECRET
    from privacy_api.core.security import tokens
    from privacy_api.core.security.secrets import DerivedKeys

    keys = DerivedKeys(SecretStr(TEST_SECRET))
    old, _ = tokens.sign(
        keys.tokens, purpose="unsubscribe", claims={"sub": "acct-7"}, ttl=timedelta(days=1)
    )
    before = _events(db)
    assert_problem(client.post(f"/v1/unsubscribe?token={old}"), 400)
    page = client.get(f"/v1/unsubscribe?token={old}&lang=en", headers={"Accept": BROWSER})
    assert page.status_code == 400
    assert _events(db) == before


@pytest.mark.parametrize("damage", ["flip", "truncate", "extend", "empty", "dot", "short"])
def test_altered_sealed_unsubscribe_token_is_refused_and_changes_nothing(
    link: Callable[..., str], client: TestClient, db: Database, damage: str
) -> None:
    token = _token(link())
    altered = {
        "flip": token[:10] + ("A" if token[10] != "A" else "B") + token[11:],
        "truncate": token[:-4],
        "extend": token + "AAAA",
        "empty": "",
        "dot": token + ".x",
        "short": token[:20],
    }[damage]
    before = _events(db)
    answer = client.post("/v1/unsubscribe", params={"token": altered})
    assert answer.status_code in (400, 422), answer.text
    assert _events(db) == before


def test_sealed_token_of_another_purpose_or_key_is_refused(
    client: TestClient, db: Database, link: Callable[..., str]
) -> None:
    from pydantic import SecretStr

    from factories import TEST_SECRET
    from privacy_api.core.security import tokens
    from privacy_api.core.security.secrets import DerivedKeys

    keys = DerivedKeys(SecretStr(TEST_SECRET))
    day = timedelta(days=1)
    other_purpose, _ = tokens.seal(
        keys.sealed, purpose="package", claims={"sub": "acct-7"}, ttl=day
    )
    other_key, _ = tokens.seal(
        keys.tokens, purpose="unsubscribe", claims={"sub": "acct-7"}, ttl=day
    )
    genuine, _ = tokens.seal(keys.sealed, purpose="unsubscribe", claims={"sub": "acct-7"}, ttl=day)
    before = _events(db)
    for forged in (other_purpose, other_key):
        assert_problem(client.post("/v1/unsubscribe", params={"token": forged}), 400)
    assert _events(db) == before
    with clock.frozen(datetime.now(UTC) + timedelta(days=2)):
        assert_problem(client.post("/v1/unsubscribe", params={"token": genuine}), 410)
    assert client.post("/v1/unsubscribe", params={"token": genuine}).status_code == 200
