"""Erasure is final (Art. 17): once it commits, nothing more is kept for the subject, and
every route answers alike: reads 200 with the tombstone, writes 409 subject-erased."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import anyio
import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from factories import VISITOR, assert_problem, bearer, record
from privacy_api.audit import service as audit
from privacy_api.consent.models import ConsentEvent, ConsentState
from privacy_api.core.data.db import Database
from privacy_api.dsar.models import DsarTicket
from privacy_api.policy.models import PolicyAcceptance
from privacy_api.records import service as records
from privacy_api.records.models import Record
from privacy_api.register.service import Register
from privacy_api.rights.erasure import erase_subject
from privacy_api.subjects.models import Objection, Subject

SID = "acct-erased"
OTHER = "acct-alive"
OWN_STATE = "0d9e2b3a-1c4f-4a5b-8c6d-7e8f9a0b1c2d"  # a visitor with choices of its own
ERASED = "/subject-erased"

# Every operation on a subject id, what it answers once the subject is erased, and the
# body it is sent with. A new route under /subjects/{subject_id} fails the first test
# until it is listed here, with the answer it must give.
_CONSENT = {"purposes": {"analytics": True}, "property": "app"}
_ACTIVITY = {"kind": "session", "property": "app"}
ROUTES: dict[tuple[str, str], tuple[int, dict[str, Any] | None]] = {
    ("get", "/v1/subjects/{subject_id}"): (200, None),
    ("put", "/v1/subjects/{subject_id}"): (409, {"email": "back@example.com"}),
    ("patch", "/v1/subjects/{subject_id}"): (409, {"name": "Back"}),
    # The erasure itself stays idempotent: "nothing left to erase".
    ("delete", "/v1/subjects/{subject_id}"): (200, None),
    ("post", "/v1/subjects/{subject_id}/activity"): (409, _ACTIVITY),
    ("get", "/v1/subjects/{subject_id}/consent"): (200, None),
    ("put", "/v1/subjects/{subject_id}/consent"): (409, _CONSENT),
    ("get", "/v1/subjects/{subject_id}/consent/history"): (200, None),
    # A package or a link hands something out for a person who is no longer here.
    ("get", "/v1/subjects/{subject_id}/export"): (409, None),
    ("get", "/v1/subjects/{subject_id}/unsubscribe-link"): (409, None),
    ("post", "/v1/subjects/{subject_id}/objections"): (409, {"activity": "marketing"}),
    ("post", "/v1/subjects/{subject_id}/objections/{activity}/decision"): (409, {"uphold": True}),
    ("post", "/v1/subjects/{subject_id}/policy-acceptances"): (
        409,
        {"version": "2026-01-01", "property": "app"},
    ),
    ("get", "/v1/subjects/{subject_id}/records"): (200, None),
    ("post", "/v1/subjects/{subject_id}/restriction"): (409, {"reason": "contested"}),
    ("delete", "/v1/subjects/{subject_id}/restriction"): (409, None),
    # A read that answers "not allowed: erased" (asked with ?activity=account).
    ("get", "/v1/subjects/{subject_id}/permissions"): (200, None),
}


@pytest.fixture
def admin(make_key: Callable[..., str]) -> dict[str, str]:
    return bearer(make_key("admin", name="ops"))


@pytest.fixture
def erased(client: TestClient, loaded: Register, admin: dict[str, str]) -> str:
    """A subject with a profile, records and consent, erased; and a living one beside it."""
    for sid in (SID, OTHER):
        body = {"email": f"{sid}@example.com", "name": "Anna", "attributes": {"city": "Gdańsk"}}
        assert client.put(f"/v1/subjects/{sid}", json=body, headers=admin).status_code == 201
    assert client.post(f"/v1/subjects/{SID}/activity", json=_ACTIVITY, headers=admin)
    assert client.post("/v1/records", json=record(SID), headers=admin).status_code == 201
    put = client.put(f"/v1/subjects/{SID}/consent", json=_CONSENT, headers=admin)
    assert put.status_code == 200
    assert client.delete(f"/v1/subjects/{SID}", headers=admin).status_code == 200
    return SID


def _held(db: Database, subject_id: str) -> dict[str, int]:
    """What the database holds for the subject, table by table."""
    holder = f"subject:{subject_id}"
    counts = {
        "records": select(func.count()).select_from(Record).where(Record.subject_id == subject_id),
        "consent_states": select(func.count())
        .select_from(ConsentState)
        .where((ConsentState.holder == holder) | (ConsentState.alias_of == holder)),
        # The register keeps consent proofs through an erasure; none may be added.
        "consent_events": select(func.count())
        .select_from(ConsentEvent)
        .where(ConsentEvent.holder == holder),
        "objections": select(func.count())
        .select_from(Objection)
        .where(Objection.subject_id == subject_id),
        "acceptances": select(func.count())
        .select_from(PolicyAcceptance)
        .where(PolicyAcceptance.subject_id == subject_id),
    }
    with db.transaction(write=False) as session:
        return {name: int(session.scalar(query) or 0) for name, query in counts.items()}


def _call(
    client: TestClient,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    headers: dict[str, str],
) -> httpx.Response:
    url = path.replace("{subject_id}", SID).replace("{activity}", "marketing")
    if url.endswith("/permissions"):
        url += "?activity=account"
    response: httpx.Response = client.request(method.upper(), url, json=body, headers=headers)
    return response


def test_every_route_of_an_erased_subject_answers_alike_and_stores_nothing(
    client: TestClient, db: Database, erased: str, admin: dict[str, str]
) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    routes = {(m, p) for p, ops in paths.items() if "{subject_id}" in p for m in ops}
    assert routes == set(ROUTES), "a route on a subject id needs its answer after an erasure"
    before = _held(db, SID)
    assert before == {**dict.fromkeys(before, 0), "consent_events": before["consent_events"]}
    for (method, path), (status, body) in ROUTES.items():
        response = _call(client, method, path, body, admin)
        if status == 409:
            problem = assert_problem(response, 409)
            assert problem["type"].endswith(ERASED), (method, path, problem)
        else:
            assert response.status_code == status, (method, path, response.text)
    # A bare link, and one from a visitor with a consent state of its own.
    for visitor in (VISITOR, OWN_STATE):
        choice = {"purposes": {"analytics": True}, "property": "site"}
        if visitor != VISITOR:
            assert client.put(f"/v1/consent/visitors/{visitor}", json=choice).status_code == 200
        link = client.post(
            f"/v1/consent/visitors/{visitor}/link", json={"subject_id": SID}, headers=admin
        )
        assert assert_problem(link, 409)["type"].endswith(ERASED)
    assert _held(db, SID) == before
    with db.transaction(write=False) as session:
        visitor_state = session.get_one(
            ConsentState, "visitor:0d9e2b3a-1c4f-4a5b-8c6d-7e8f9a0b1c2d"
        )
        assert visitor_state.alias_of is None
        subject = session.get_one(Subject, SID)
        assert (subject.email, subject.name, subject.attributes) == (None, None, {})
        assert subject.restricted_at is None
    # The living subject beside it is untouched by any of this.
    assert client.post("/v1/records", json=record(OTHER), headers=admin).status_code == 201


@pytest.mark.parametrize("kind", ["access", "erasure", "rectification"])
def test_staff_cannot_open_a_request_linked_to_an_erased_subject(
    client: TestClient, db: Database, erased: str, make_key: Callable[..., str], kind: str
) -> None:
    """DSAR intake is a write path too: a ticket would add an address and details under
    the tombstone's id (and a rectification could refill the profile)."""
    staff = bearer(make_key("dsar:manage", name="desk"))
    body: dict[str, Any] = {
        "type": kind,
        "email": "returning@example.com",
        "subject_id": SID,
        "channel": "help_desk",
        "verified": True,
    }
    if kind == "rectification":
        body["details"] = {"corrections": {"email": "returning@example.com"}}
    answer = client.post("/v1/dsar", json=body, headers=staff)
    assert assert_problem(answer, 409)["type"].endswith(ERASED)
    with db.transaction(write=False) as session:
        linked = select(func.count()).select_from(DsarTicket).where(DsarTicket.subject_id == SID)
        assert session.scalar(linked) == 0
    # The same person may still ask, unlinked; and a living subject is still linked.
    del body["subject_id"]
    assert client.post("/v1/dsar", json=body, headers=staff).status_code == 201
    alive = {**body, "subject_id": OTHER}
    assert client.post("/v1/dsar", json=alive, headers=staff).json()["subject_id"] == OTHER


def test_an_erased_subject_reads_as_a_tombstone(
    client: TestClient, erased: str, admin: dict[str, str]
) -> None:
    body = client.get(f"/v1/subjects/{SID}", headers=admin).json()
    assert body["status"] == "erased"
    assert body["erased_at"]
    personal = ("email", "name", "last_session_at", "closed_at", "restricted_at")
    assert {k: body[k] for k in personal} == dict.fromkeys(personal)
    assert body["attributes"] == {}
    consent = client.get(f"/v1/subjects/{SID}/consent", headers=admin).json()
    assert not any(v for k, v in consent["purposes"].items() if k != "necessary")
    assert client.get(f"/v1/subjects/{SID}/records", headers=admin).json()["items"] == []
    # An upsert of the id does not bring the person back.
    again = client.put(f"/v1/subjects/{SID}", json={"email": "x@example.com"}, headers=admin)
    assert assert_problem(again, 409)["type"].endswith(ERASED)
    assert client.get(f"/v1/subjects/{SID}", headers=admin).json()["email"] is None


# --- PostgreSQL: the interleavings an erasure and a write can take -------------------------

_WRITES: dict[str, tuple[str, str, Callable[[], dict[str, Any]]]] = {
    "batch": ("POST", "/v1/records/batch", lambda: {"records": [record(SID)] * 50}),
    "record": ("POST", "/v1/records", lambda: record(SID)),
    "consent": ("PUT", f"/v1/subjects/{SID}/consent", lambda: _CONSENT),
    "activity": ("POST", f"/v1/subjects/{SID}/activity", lambda: _ACTIVITY),
    "link": ("POST", f"/v1/consent/visitors/{VISITOR}/link", lambda: {"subject_id": SID}),
}


@pytest.fixture
def person(client: TestClient, loaded: Register, admin: dict[str, str], backend: str) -> str:
    if backend != "postgresql":
        pytest.skip("SQLite runs one writer at a time: no interleaving to force")
    body = {"email": "anna@example.com"}
    assert client.put(f"/v1/subjects/{SID}", json=body, headers=admin).status_code == 201
    assert client.post("/v1/records", json=record(SID), headers=admin).status_code == 201
    return SID


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(max_workers=8) as executor:
        yield executor


def _erase(db: Database, loaded: Register) -> dict[str, int]:
    with db.transaction() as session:
        report = erase_subject(session, subject_id=SID, spec=loaded.spec, actor="test")
        return dict(report.erased)


def _still_waiting(futures: dict[str, Future[Any]], seconds: float = 1.0) -> list[str]:
    threading.Event().wait(seconds)
    return sorted(name for name, future in futures.items() if not future.done())


def test_writes_sent_during_an_erasure_wait_for_it_and_are_refused(
    client: TestClient,
    db: Database,
    loaded: Register,
    person: str,
    admin: dict[str, str],
    pool: ThreadPoolExecutor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The erasure holds the subject's row (FOR UPDATE, records deleted, erased_at set) and
    waits; every write sent meanwhile waits too, then sees the erasure and stores nothing."""
    locked, go = threading.Event(), threading.Event()
    append = audit.append_entry

    def held_before_commit(session: Any, **entry: Any) -> Any:
        if entry.get("action") == "subject.erased":
            locked.set()
            assert go.wait(30)
        return append(session, **entry)

    monkeypatch.setattr(audit, "append_entry", held_before_commit)
    erasure = pool.submit(_erase, db, loaded)
    assert locked.wait(10)
    writes = {
        name: pool.submit(client.request, method, url, json=body(), headers=admin)
        for name, (method, url, body) in _WRITES.items()
    }
    assert _still_waiting(writes) == sorted(writes), "a write went past the erasure's lock"
    go.set()
    assert erasure.result(timeout=30) == {"account": 1}
    for name, future in writes.items():
        problem = assert_problem(future.result(timeout=30), 409)
        assert problem["type"].endswith(ERASED), (name, problem)
    assert _held(db, SID) == dict.fromkeys(_held(db, SID), 0)  # nothing of any write
    with db.transaction(write=False) as session:
        assert session.get_one(Subject, SID).last_session_at is None


@pytest.mark.parametrize("path", ["batch", "record"])
def test_an_erasure_waits_for_a_write_in_progress_and_erases_it_too(
    client: TestClient,
    db: Database,
    loaded: Register,
    person: str,
    admin: dict[str, str],
    pool: ThreadPoolExecutor,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
) -> None:
    """The write holds its lock on the subject (taken by the check that stored its records)
    and has not committed: the erasure waits for it, then deletes what it wrote."""
    locked, go = threading.Event(), threading.Event()
    name = "add_records" if path == "batch" else "add_record"
    store = getattr(records, name)

    async def held_before_commit(*args: Any, **kwargs: Any) -> Any:
        stored = await store(*args, **kwargs)
        locked.set()
        assert await _to_thread(go.wait, 30)
        return stored

    monkeypatch.setattr(records, name, held_before_commit)
    method, url, body = _WRITES[path]
    # A keyed batch runs in a transaction (without a key it is one statement, atomic alone).
    headers = {**admin, "Idempotency-Key": "k1"}
    write = pool.submit(client.request, method, url, json=body(), headers=headers)
    assert locked.wait(10)
    erasure = pool.submit(_erase, db, loaded)
    assert _still_waiting({"erasure": erasure}) == ["erasure"], "the erasure did not wait"
    go.set()
    assert write.result(timeout=30).status_code == 201
    # A batch's kept response names no one subject; a record's is kept under its subject.
    expected = {"account": 51} if path == "batch" else {"account": 2, "idempotency_responses": 1}
    assert erasure.result(timeout=30) == expected
    assert _held(db, SID)["records"] == 0
    late = client.request(method, url, json=body(), headers=admin)
    assert assert_problem(late, 409)["type"].endswith(ERASED)


async def _to_thread(wait: Callable[[float], bool], seconds: float) -> bool:
    """Wait off the event loop, which keeps serving the other requests meanwhile."""
    return await anyio.to_thread.run_sync(wait, seconds)
