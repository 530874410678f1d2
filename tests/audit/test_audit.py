"""The audit trail: one hash chain, verifiable, and loud when anyone tampers with it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from conftest import LiveServer
from factories import bearer, run_cli
from privacy_api.audit import service as audit
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.data.hot import HotPath
from privacy_api.register.service import Register


def _write(db: Database, n: int, *, actor: str = "test") -> None:
    for i in range(n):
        with db.transaction() as session:
            audit.append_entry(
                session,
                actor=actor,
                action="subject.read",
                target=f"subject/s{i}",
                subject_id=f"s{i}",
                details={"fields": ["email"], "i": i},
            )


def _verify(db: Database) -> tuple[bool, int | None]:
    with db.transaction(write=False) as session:
        verdict = audit.verify_chain(session)
    return verdict.ok, verdict.first_bad


def test_clean_chain_verifies(db: Database) -> None:
    _write(db, 20)
    assert _verify(db) == (True, None)


def test_edited_entry_is_named(db: Database, database_url: str) -> None:
    _write(db, 10)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET actor = 'someone-else' WHERE seq = 4"))
    assert _verify(db) == (False, 4)
    result = run_cli(database_url, "audit", "verify")
    assert result.returncode == 1
    assert "entry 4" in result.stdout


def test_deleted_entry_is_named(db: Database) -> None:
    _write(db, 10)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE seq = 6"))
    assert _verify(db) == (False, 6)


def test_deleted_last_entry_is_noticed(db: Database) -> None:
    _write(db, 5)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE seq = 5"))
    ok, _ = _verify(db)
    assert not ok


def test_swapped_entries_are_noticed(db: Database) -> None:
    _write(db, 10)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET seq = -3 WHERE seq = 3"))
        conn.execute(text("UPDATE audit_entry SET seq = 3 WHERE seq = 7"))
        conn.execute(text("UPDATE audit_entry SET seq = 7 WHERE seq = -3"))
    assert _verify(db) == (False, 3)


def test_cli_verify_passes_on_a_clean_chain(db: Database, database_url: str) -> None:
    _write(db, 3)
    result = run_cli(database_url, "audit", "verify")
    assert result.returncode == 0
    assert "ok: 3 entries" in result.stdout


def test_concurrent_writers_form_one_valid_chain(db: Database) -> None:
    def writer(worker: int) -> None:
        _write(db, 50, actor=f"worker-{worker}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(writer, range(8)))
    with db.transaction(write=False) as session:
        verdict = audit.verify_chain(session)
    assert verdict.ok
    assert verdict.entries == 400


def test_audit_endpoints_filter_page_and_verify(
    client: TestClient, db: Database, make_key: Callable[..., str]
) -> None:
    _write(db, 7)
    key = bearer(make_key("audit:read"))
    first = client.get("/v1/audit?limit=3", headers=key).json()
    assert [e["seq"] for e in first["items"]] == [1, 2, 3]
    second = client.get(f"/v1/audit?limit=3&cursor={first['next_cursor']}", headers=key).json()
    assert [e["seq"] for e in second["items"]] == [4, 5, 6]
    one = client.get("/v1/audit?subject_id=s2", headers=key).json()["items"]
    assert [e["target"] for e in one] == ["subject/s2"]
    verdict = client.get("/v1/audit/verify", headers=key).json()
    assert {k: verdict[k] for k in ("ok", "entries", "first_bad", "checkpoints_checked")} == {
        "ok": True,
        "entries": 7,
        "first_bad": None,
        "checkpoints_checked": 0,
    }
    # Unsigned, the chain proves only itself: verify says so rather than staying silent.
    assert verdict["warnings"]
    assert client.get("/v1/audit", headers=bearer(make_key("records:read"))).status_code == 403


@pytest.mark.parametrize("since", ["2026-01-01T00:00:00", "yesterday"])
def test_audit_since_needs_an_offset(
    client: TestClient, make_key: Callable[..., str], since: str
) -> None:
    response = client.get(f"/v1/audit?since={since}", headers=bearer(make_key("audit:read")))
    assert response.status_code == 422


def test_cli_key_changes_are_audited(db: Database, database_url: str) -> None:
    run_cli(database_url, "keys", "create", "--name", "ops", "--scopes", "admin")
    run_cli(database_url, "keys", "revoke", "ops")
    with db.transaction(write=False) as session:
        entries = audit.list_entries(session)
    assert [(e.action, e.target) for e in entries] == [
        ("key.created", "api-key/ops"),
        ("key.revoked", "api-key/ops"),
    ]
    assert all(e.actor.startswith("cli:") for e in entries)


def test_chain_holds_after_1000_mixed_concurrent_requests_to_a_real_server(
    live_server: LiveServer,
    db: Database,
    loaded: Register,
    make_key: Callable[..., str],
) -> None:
    headers = bearer(make_key("admin"))
    with httpx.Client(base_url=live_server.url, headers=headers, timeout=30) as http:
        for i in range(20):
            http.put(f"/v1/subjects/s{i}", json={"email": f"s{i}@example.com"})

        def mixed(n: int) -> int:
            sid = f"s{n % 20}"
            match n % 5:
                case 0:
                    r = http.put(f"/v1/subjects/{sid}", json={"name": f"n{n}"})
                case 1:
                    r = http.get(f"/v1/subjects/{sid}")
                case 2:
                    r = http.get(f"/v1/subjects/{sid}/records")
                case 3:
                    r = http.post(
                        f"/v1/subjects/{sid}/policy-acceptances",
                        json={"version": "2024-06-17", "property": "app"},
                    )
                case _:
                    # Intake chains on the hot path, between the session path's appends.
                    r = http.post(
                        "/v1/dsar",
                        json={
                            "type": "access",
                            "email": f"{sid}@example.com",
                            "channel": "api",
                            "verified": n % 2 == 0,
                        },
                    )
            return r.status_code

        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(mixed, range(1000)))
        assert set(statuses) <= {200, 201}, sorted(set(statuses))
        verdict = http.get("/v1/audit/verify").json()
    assert verdict["ok"] is True
    assert verdict["entries"] >= 1000


_LINKED_ALONE = audit.linked_with()


def test_hot_path_links_the_first_entry_and_odd_text_as_the_verifier_does(
    db: Database, settings: Settings
) -> None:
    # On PostgreSQL the hot path hashes inside the database; the chain it leaves must walk
    # in Python like any other, from the very first entry (no head row yet) on.
    odd = {"seq": 7, "subject_id": "x", "name": 'Zażółć "gęślą" jaźń', "nested": [{"a": None}]}
    entries = [
        audit.new_entry(actor="hot", action="dsar.received", target="dsar/1", details=odd),
        audit.new_entry(actor="hot", action="dsar.verify", target="dsar/1", subject_id="ż-1"),
    ]

    async def append() -> None:
        hot = HotPath(db, settings.database_url, pool_size=2, connect_timeout=2)
        await hot.open()
        try:
            async with hot.begin() as conn:
                if conn.dialect == "postgresql":  # with other writes, as DSAR intake does
                    await audit.append_with(conn, _LINKED_ALONE, {}, entries[0])
                else:
                    await audit.append_now(conn, entries[:1])
            async with hot.begin() as conn:
                await audit.append_now(conn, entries)
        finally:
            await hot.dispose()

    asyncio.run(append())
    _write(db, 2)  # the session path carries on from the hot path's head
    with db.transaction(write=False) as session:
        verdict = audit.verify_chain(session)
        stored = audit.list_entries(session)
    assert verdict.ok, verdict
    assert [e.seq for e in stored] == [1, 2, 3, 4, 5]
    assert stored[0].details == odd


def test_verify_reads_one_snapshot_while_appenders_write(
    client: TestClient, db: Database, make_key: Callable[..., str]
) -> None:
    # Issue 11: on PostgreSQL, verify read the head and the entries in different snapshots,
    # so entries appended in between looked like a chain longer than its head: BROKEN.
    key = bearer(make_key("audit:read"))
    _write(db, 5)
    stop = threading.Event()

    def appender(worker: int) -> int:
        written = 0
        while not stop.is_set():
            _write(db, 1, actor=f"appender-{worker}")
            written += 1
        return written

    verdicts = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(appender, w) for w in range(4)]
        try:
            for _ in range(15):
                verdicts.append(client.get("/v1/audit/verify", headers=key).json())
        finally:
            stop.set()
        written = sum(f.result() for f in futures)
    assert written > 0
    assert [v for v in verdicts if not v["ok"]] == []
    # The verifies really ran while the chain grew.
    assert len({v["entries"] for v in verdicts}) > 1
