"""The public consent routes, tried as a stranger holding a visitor id would (issue 10, item
5): they never name an account, store only published policy versions and bounded texts."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from factories import assert_problem, bearer
from privacy_api.consent.models import ConsentEvent
from privacy_api.core.data.db import Database
from privacy_api.register.service import Register


def _events(db: Database) -> list[ConsentEvent]:
    with db.transaction(write=False) as session:
        return list(session.scalars(select(ConsentEvent).order_by(ConsentEvent.id)))


def _put(client: TestClient, visitor: str, **body: Any) -> Any:
    body = {"purposes": {"analytics": True}, "property": "site", **body}
    return client.put(f"/v1/consent/visitors/{visitor}", json=body)


@pytest.fixture
def linked_visitor(client: TestClient, loaded: Register, make_key: Callable[..., str]) -> str:
    """A visitor who logged in as the account `acct-secret-42`."""
    admin = bearer(make_key("subjects:write", "consent:write"))
    put = client.put("/v1/subjects/acct-secret-42", json={"name": "Jan"}, headers=admin)
    assert put.status_code == 201, put.text
    visitor = str(uuid.uuid4())
    assert _put(client, visitor).status_code == 200
    link = client.post(
        f"/v1/consent/visitors/{visitor}/link",
        json={"subject_id": "acct-secret-42"},
        headers=admin,
    )
    assert link.status_code == 200, link.text
    # The keyed route may name the subject: its caller knows the account already.
    assert link.json()["holder"] == "subject:acct-secret-42"
    return visitor


def test_a_linked_visitor_read_never_names_the_account(
    client: TestClient, linked_visitor: str
) -> None:
    response = client.get(f"/v1/consent/visitors/{linked_visitor}")
    assert response.status_code == 200
    body = response.json()
    assert body["holder"] == f"visitor:{linked_visitor}"
    assert "acct-secret-42" not in response.text
    assert body["purposes"]["analytics"] is True  # its own choice, merged with the account's


def test_a_linked_visitor_write_never_names_the_account(
    client: TestClient, db: Database, linked_visitor: str
) -> None:
    response = _put(client, linked_visitor, purposes={"advertising": True})
    assert response.status_code == 200, response.text
    assert response.json()["holder"] == f"visitor:{linked_visitor}"
    assert "acct-secret-42" not in response.text
    # The choice is the visitor's own (issue 28): the account is not written through it.
    assert _events(db)[-1].holder == f"visitor:{linked_visitor}"


def test_a_visitor_write_names_only_purposes_a_visit_is_asked_about(
    client: TestClient, db: Database, linked_visitor: str
) -> None:
    # The newsletter's consent is given where the address is (its activity is fed by the
    # person, not the visit): a stranger holding a visitor id, linked or not, cannot grant it,
    # and a link must not carry it into an account.
    before = len(_events(db))
    for visitor in (linked_visitor, str(uuid.uuid4())):
        body = assert_problem(_put(client, visitor, purposes={"marketing_email": True}), 422)
        assert "marketing_email" in body["detail"]
    assert len(_events(db)) == before
    # What the banner asks is taken, on any property (one cookie serves them all).
    assert (
        _put(client, str(uuid.uuid4()), purposes={"social_media": True}, property="app").status_code
        == 200
    )


def test_a_policy_version_never_published_is_refused_and_nothing_stored(
    client: TestClient, db: Database, loaded: Register
) -> None:
    body = assert_problem(_put(client, str(uuid.uuid4()), policy_version="2099-12-31"), 422)
    assert body["type"].endswith("unpublished-policy-version")
    assert _events(db) == []


def test_a_version_published_a_moment_ago_is_taken_at_once(
    client: TestClient, db: Database, loaded: Register, make_key: Callable[..., str]
) -> None:
    visitor = str(uuid.uuid4())
    assert _put(client, visitor).status_code == 200  # the published set is now cached
    published = client.post(
        "/v1/policy/versions",
        json={"version": "2026-12-01", "material": False, "changelog": {"en": "x", "pl": "x"}},
        headers=bearer(make_key("admin")),
    )
    assert published.status_code == 201, published.text
    response = _put(client, visitor, policy_version="2026-12-01")
    assert response.status_code == 200, response.text
    assert _put(client, visitor, policy_version="2024-06-17").status_code == 200  # older too
    assert [e.policy_version for e in _events(db)] == ["2024-06-17", "2026-12-01", "2024-06-17"]


@pytest.mark.parametrize(
    "banner",
    ["b" * 65, "b" * 100_000, "", "banner\n7", "<script>alert(1)</script>", "banner 7"],
    ids=["65-chars", "100kB", "empty", "line-break", "markup", "space"],
)
def test_banner_version_is_bounded_and_plain(
    client: TestClient, db: Database, loaded: Register, banner: str
) -> None:
    assert_problem(_put(client, str(uuid.uuid4()), banner_version=banner), 422)
    assert _events(db) == []


def test_a_long_user_agent_is_cut_to_its_bound_not_refused(
    client: TestClient, db: Database, loaded: Register
) -> None:
    agent = "Mozilla/5.0 " + "x" * 10_000
    response = client.put(
        f"/v1/consent/visitors/{uuid.uuid4()}",
        json={"purposes": {"analytics": True}, "property": "site"},
        headers={"User-Agent": agent},
    )
    assert response.status_code == 200, response.text
    [event] = _events(db)
    assert event.user_agent == agent[:512]


def test_unsubscribe_replays_answer_alike_and_change_nothing(
    client: TestClient, db: Database, loaded: Register, make_key: Callable[..., str]
) -> None:
    admin = bearer(make_key("subjects:write", "consent:write", "consent:read", "audit:read"))
    assert client.put("/v1/subjects/s1", json={"name": "Jan"}, headers=admin).status_code == 201
    granted = client.put(
        "/v1/subjects/s1/consent",
        json={"purposes": {"marketing_email": True}, "property": "app"},
        headers=admin,
    )
    assert granted.status_code == 200
    url = client.get("/v1/subjects/s1/unsubscribe-link", headers=admin).json()["url"]
    token = url.split("token=")[1]
    answers = [client.post("/v1/unsubscribe", params={"token": token}) for _ in range(4)]
    assert [a.status_code for a in answers] == [200] * 4
    assert len({a.text for a in answers}) == 1
    assert [e.kind for e in _events(db)] == ["choice", "unsubscribe"]
    entries = client.get("/v1/audit", params={"subject_id": "s1"}, headers=admin).json()
    actions = [e["action"] for e in entries["items"]]
    assert actions.count("consent.unsubscribe") == 1
