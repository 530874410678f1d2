"""A visitor never speaks for an account (issue 28, finding 3): a public write, by anyone
holding a linked `ot_vid`, changes the visitor's own state only and tells no system; the
account's choices change by keyed calls; sign-out (`unlink`) and erasure end the link."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from factories import assert_problem, bearer
from privacy_api.audit.models import AuditEntry
from privacy_api.consent.models import ConsentEvent, ConsentState
from privacy_api.core.data.db import Database
from privacy_api.downstream import systems
from privacy_api.outbox.models import OutboxMessage
from privacy_api.register.service import Register

ACCOUNT = "acct-linked-7"


def _put(client: TestClient, visitor: str, purposes: dict[str, bool], **headers: str) -> Any:
    body = {"purposes": purposes, "property": "site"}
    return client.put(f"/v1/consent/visitors/{visitor}", json=body, headers=headers)


def _account(client: TestClient, keys: dict[str, str]) -> dict[str, bool]:
    state = client.get(f"/v1/subjects/{ACCOUNT}/consent", headers=keys)
    assert state.status_code == 200, state.text
    purposes: dict[str, bool] = state.json()["purposes"]
    return purposes


def _notices(db: Database) -> int:
    with db.transaction(write=False) as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.channel == "webhook")
            )
            or 0
        )


def _subject_events(db: Database) -> list[str]:
    with db.transaction(write=False) as session:
        return list(
            session.scalars(
                select(ConsentEvent.kind)
                .where(ConsentEvent.holder == f"subject:{ACCOUNT}")
                .order_by(ConsentEvent.id)
            )
        )


@pytest.fixture
def keys(db: Database, loaded: Register, make_key: Callable[..., str]) -> dict[str, str]:
    """The app's back end: it creates the account, records its choices, links on login."""
    with db.transaction() as session:
        systems.register_system(
            session,
            name="ads",
            property_="site",
            webhook_url="http://127.0.0.1:9/hook",
            private_hosts=["127.0.0.1"],
            actor="test",
        )
    return bearer(make_key("subjects:write", "consent:write", "consent:read", "audit:read"))


@pytest.fixture
def linked(client: TestClient, keys: dict[str, str]) -> str:
    """The account denied advertising and analytics by a keyed call; then logged in."""
    assert client.put(f"/v1/subjects/{ACCOUNT}", json={}, headers=keys).status_code == 201
    denied = {"purposes": {"advertising": False, "analytics": False}, "property": "app"}
    chosen = client.put(f"/v1/subjects/{ACCOUNT}/consent", json=denied, headers=keys)
    assert chosen.status_code == 200, chosen.text
    visitor = str(uuid.uuid4())
    link = client.post(
        f"/v1/consent/visitors/{visitor}/link", json={"subject_id": ACCOUNT}, headers=keys
    )
    assert link.status_code == 200, link.text
    return visitor


def test_a_stolen_visitor_cookie_changes_only_the_visitor_never_the_account(
    client: TestClient, db: Database, keys: dict[str, str], linked: str
) -> None:
    before, events = _notices(db), _subject_events(db)
    granted = _put(client, linked, {"advertising": True, "analytics": True})
    assert granted.status_code == 200, granted.text
    # The browser holding the cookie follows what was chosen in it ...
    assert granted.json()["purposes"]["advertising"] is True
    assert granted.json()["holder"] == f"visitor:{linked}"
    # ... the account does not: its choices, its proof and the systems downstream unchanged.
    account = _account(client, keys)
    assert (account["advertising"], account["analytics"]) == (False, False)
    assert _subject_events(db) == events
    assert _notices(db) == before
    # A Sec-GPC read by the cookie's holder is the visitor's signal too, not the account's.
    client.get(f"/v1/consent/visitors/{linked}", headers={"Sec-GPC": "1"})
    assert _subject_events(db) == events
    assert _notices(db) == before


def test_the_accounts_keyed_withdrawal_reaches_the_signed_in_browser(
    client: TestClient, keys: dict[str, str], linked: str
) -> None:
    assert _put(client, linked, {"analytics": True}).json()["purposes"]["analytics"] is True
    granted = {"purposes": {"analytics": True}, "property": "app"}
    client.put(f"/v1/subjects/{ACCOUNT}/consent", json=granted, headers=keys)
    withdrawn = {"purposes": {"analytics": False}, "property": "app"}
    client.put(f"/v1/subjects/{ACCOUNT}/consent", json=withdrawn, headers=keys)
    # The later decision wins in the browser: the account's, made after the banner's.
    assert client.get(f"/v1/consent/visitors/{linked}").json()["purposes"]["analytics"] is False


def test_sign_out_unlinks_and_the_browser_keeps_only_its_own_choices(
    client: TestClient,
    db: Database,
    keys: dict[str, str],
    linked: str,
    make_key: Callable[..., str],
) -> None:
    url = f"/v1/consent/visitors/{linked}/unlink"
    body = {"subject_id": ACCOUNT}
    granted = {"purposes": {"social_media": True}, "property": "app"}
    client.put(f"/v1/subjects/{ACCOUNT}/consent", json=granted, headers=keys)
    assert client.get(f"/v1/consent/visitors/{linked}").json()["purposes"]["social_media"]
    # The same authority as the link: a consent:write key, never the cookie alone.
    assert_problem(client.post(url, json=body), 401)
    assert_problem(client.post(url, json=body, headers=bearer(make_key("consent:read"))), 403)
    other = client.post(url, json={"subject_id": "someone-else"}, headers=keys)
    assert assert_problem(other, 409)["type"].endswith("visitor-linked-elsewhere")
    assert_problem(client.post(url, json={"subject_id": "../x"}, headers=keys), 422)
    ended = client.post(url, json=body, headers=keys)
    assert ended.status_code == 200, ended.text
    assert ended.json()["holder"] == f"visitor:{linked}"
    assert ended.json()["purposes"]["social_media"] is False  # the account's stays with it
    public = client.get(f"/v1/consent/visitors/{linked}").json()
    assert public["purposes"]["social_media"] is False
    with db.transaction(write=False) as session:
        state = session.get(ConsentState, f"visitor:{linked}")
        assert state is not None
        assert state.alias_of is None
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "consent.unlinked")
        ).all()
    assert [(e.actor, e.subject_id, e.details["visitor"]) for e in entries] == [
        (entries[0].actor, ACCOUNT, f"visitor:{linked}")
    ]
    # A sign-out sent twice, or for a visitor never linked, ends nothing and writes nothing.
    assert client.post(url, json=body, headers=keys).status_code == 200
    never = client.post(f"/v1/consent/visitors/{uuid.uuid4()}/unlink", json=body, headers=keys)
    assert never.status_code == 200
    with db.transaction(write=False) as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.action == "consent.unlinked")
            )
            == 1
        )
        assert session.scalar(select(func.count()).select_from(ConsentState)) == 2


def test_a_relink_carries_no_choice_the_cookies_holder_made_into_the_account(
    client: TestClient, db: Database, keys: dict[str, str], linked: str
) -> None:
    unlink = client.post(
        f"/v1/consent/visitors/{linked}/unlink", json={"subject_id": ACCOUNT}, headers=keys
    )
    assert unlink.status_code == 200
    before = _notices(db)
    # Between sessions, someone with the cookie grants everything; the person logs in again.
    _put(client, linked, {"advertising": True, "analytics": True})
    again = client.post(
        f"/v1/consent/visitors/{linked}/link", json={"subject_id": ACCOUNT}, headers=keys
    )
    assert again.status_code == 200, again.text
    assert again.json()["purposes"]["advertising"] is False
    assert _account(client, keys)["analytics"] is False
    assert _notices(db) == before


def test_the_accounts_erasure_ends_its_visitors_links(
    client: TestClient, db: Database, linked: str, make_key: Callable[..., str]
) -> None:
    erased = client.delete(f"/v1/subjects/{ACCOUNT}", headers=bearer(make_key("erase")))
    assert erased.status_code == 200, erased.text
    with db.transaction(write=False) as session:
        assert session.get(ConsentState, f"visitor:{linked}") is None
    kept = _subject_events(db)  # the proof the register keeps, if it does
    after = _put(client, linked, {"analytics": True})
    assert after.status_code == 200, after.text
    with db.transaction(write=False) as session:
        state = session.get(ConsentState, f"visitor:{linked}")
        assert state is not None
        assert state.alias_of is None
    assert _subject_events(db) == kept
