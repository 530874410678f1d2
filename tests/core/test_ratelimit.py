"""The public consent write limit as a flood from many addresses tries it: one subscriber's
IPv6 /64 is one client, and a table full of live windows costs no more per request than an
empty one (the check runs on the event loop of every request)."""

from __future__ import annotations

import time
import uuid
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from privacy_api.app import create_app
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.http.errors import TooManyRequests
from privacy_api.core.http.ratelimit import RateLimiter, RateWindow, purge_windows
from privacy_api.register.service import Register

TABLE = 100_000  # the clients a limiter keeps (ratelimit.MAX_CLIENTS)


def test_an_ipv6_subscriber_is_one_client_whatever_address_of_its_64_it_uses() -> None:
    limiter = RateLimiter(limit=2, window_seconds=60)
    limiter.hit("2001:db8:1:2::1")
    limiter.hit("2001:db8:1:2:ffff:ffff:ffff:fffe")
    with pytest.raises(TooManyRequests):
        limiter.hit("2001:db8:1:2:dead:beef:0:1")
    limiter.hit("2001:db8:1:3::1")  # the next /64 is someone else
    limiter.hit("::ffff:192.0.2.1")
    limiter.hit("192.0.2.1")
    with pytest.raises(TooManyRequests):
        limiter.hit("192.0.2.1")  # an IPv4-mapped address is its IPv4 address


def test_a_full_table_of_live_windows_costs_a_request_no_more_than_an_empty_one() -> None:
    limiter = RateLimiter(limit=60, window_seconds=3600)
    for n in range(TABLE):
        limiter.hit(f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}")
    began = time.perf_counter()
    for n in range(200):  # new clients beyond the bound, each an O(n) scan before
        limiter.hit(f"11.0.{n >> 8 & 255}.{n & 255}")
    assert time.perf_counter() - began < 1.0  # 200 scans of 100,000: ~20 s before
    assert len(limiter._counts) == TABLE
    # The newest clients are still counted; the oldest made room.
    limiter.hit("11.0.0.0")
    assert "10.0.0.0" not in limiter._counts


def _processes(settings: Settings, db: Database, limit: int, n: int) -> list[TestClient]:
    """`n` apps on one database: what `n` server processes share."""
    tight = settings.model_copy(update={"consent_rate_limit_per_minute": limit})
    return [TestClient(create_app(tight, db=db)) for _ in range(n)]


@pytest.mark.parametrize(("limit", "lowest"), [(5, 5), (40, 40 - 3 * 2)])
def test_the_consent_limit_holds_for_the_deployment_on_postgresql(
    backend: str, settings: Settings, db: Database, loaded: Register, limit: int, lowest: int
) -> None:
    """Limit 5 is counted request by request: exactly 5 over three processes. Limit 40 is
    taken 4 places at a time: never more than 40, at most 3 x 2 places left idle in the two
    processes that did not see the last requests."""
    if backend != "postgresql":
        pytest.skip("on SQLite the limit is per process (core/http/ratelimit.py)")
    clients = _processes(settings, db, limit, 3)
    body = {"purposes": {"analytics": True}, "property": "site"}
    with ExitStack() as stack:
        for client in clients:
            stack.enter_context(client)
        statuses = [
            clients[n % 3].put(f"/v1/consent/visitors/{uuid.uuid4()}", json=body).status_code
            for n in range(limit * 2)
        ]
    admitted = statuses.count(200)
    assert lowest <= admitted <= limit
    assert statuses.count(429) == limit * 2 - admitted
    with db.transaction(write=False) as session:
        stored = session.scalars(select(RateWindow)).all()
    assert len(stored) == 1
    assert "127.0.0.1" not in stored[0].key
    assert "testclient" not in stored[0].key


def test_ended_windows_are_purged(db: Database) -> None:
    now = datetime.now(UTC)
    with db.transaction() as session:
        session.add_all(
            [
                RateWindow(key="old", window_started_at=now - timedelta(hours=2), hits=3),
                RateWindow(key="new", window_started_at=now, hits=1),
            ]
        )
    with db.transaction() as session:
        assert purge_windows(session, before=now - timedelta(hours=1)) == 1
        assert [w.key for w in session.scalars(select(RateWindow))] == ["new"]
