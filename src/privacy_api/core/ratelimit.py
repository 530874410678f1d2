"""Fixed-window rate limits per client address: for the deployment, or per process.

On PostgreSQL (`SharedRateLimiter`) the window is a row in `rate_window`, counted by one
atomic upsert, so any number of server processes together admit at most the limit. A client
refused once is then refused by this process from memory until its window ends: a flood costs
the database one statement per process and window, not one per request. On SQLite (one
machine, in practice one server process) the count stays in memory (`RateLimiter`): an
extra write per consent write would queue behind SQLite's single write lock.

An IPv6 client is counted by its /64: a subscriber is routed a whole /64 (often more), so
counting single addresses would give one attacker 2^64 fresh windows. The table of clients
is bounded, and a new client beyond the bound evicts the one counted longest ago, in O(1):
the check runs on the event loop, where the earlier scan of the whole table on every
request (once it was full of live windows, as a flood from many addresses makes it) cost
~0.1 s each and stalled every request of the process.
"""

from __future__ import annotations

import functools
import ipaddress
import math
import time
from collections import OrderedDict
from datetime import datetime, timedelta

from sqlalchemy import Insert, String, Table, bindparam, case, delete
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, Session, mapped_column

from privacy_api.core import clock
from privacy_api.core.db import Base, UTCDateTime, rowcount
from privacy_api.core.errors import TooManyRequests
from privacy_api.core.hot import HotConnection, HotPath
from privacy_api.core.secrets import keyed_hash

MAX_CLIENTS = 100_000


def client_key(host: str) -> str:
    """The unit a client is counted by: its IPv4 address, or its IPv6 /64."""
    if ":" not in host:
        return host  # IPv4 (or a name such as "testclient"): as it is
    try:
        address = ipaddress.IPv6Address(host.split("%", 1)[0])
    except ValueError:
        return host
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return f"{int(address) >> 64:x}/64"


class RateWindow(Base):
    """Requests of one client key in its current fixed window, for the whole deployment."""

    __tablename__ = "rate_window"

    # "<limit name>:<keyed hash of the client key>": no address is stored.
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    hits: Mapped[int]


def _refusal(limit: int, window: float, retry_seconds: float) -> TooManyRequests:
    return TooManyRequests(
        f"At most {limit} requests per {int(window)} s from one address.",
        headers={"Retry-After": str(max(1, math.ceil(retry_seconds)))},
    )


class RateLimiter:
    def __init__(
        self, *, limit: int, window_seconds: float, max_clients: int = MAX_CLIENTS
    ) -> None:
        self.limit = limit
        self.window = window_seconds
        self.max_clients = max_clients
        # Oldest window first: a window that starts again moves to the end.
        self._counts: OrderedDict[str, tuple[float, int]] = OrderedDict()

    def hit(self, client: str) -> None:
        """Count one request, or raise 429 with Retry-After when the window is full."""
        if self.limit <= 0:
            return
        client = client_key(client)
        now = time.monotonic()
        started, count = self._counts.get(client, (now, 0))
        if now - started >= self.window:
            started, count = now, 0
            self._counts.pop(client, None)
        if count >= self.limit:
            raise _refusal(self.limit, self.window, self.window - (now - started))
        if client not in self._counts and len(self._counts) >= self.max_clients:
            # The oldest window: ended, or (in a flood from more clients than the table
            # holds) the one that forgetting costs least.
            self._counts.popitem(last=False)
        self._counts[client] = (started, count + 1)

    async def check(self, _hot: HotPath, client: str) -> None:
        """The same interface as SharedRateLimiter's: counted in this process."""
        self.hit(client)


@functools.cache
def _count_hit() -> Insert:
    table = RateWindow.__table__
    assert isinstance(table, Table)
    statement = postgresql.insert(table).values(
        key=bindparam("key", type_=String()),
        window_started_at=bindparam("now", type_=UTCDateTime()),
        hits=1,
    )
    over = table.c.window_started_at <= bindparam("window_floor", type_=UTCDateTime())
    return statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "hits": case((over, 1), else_=table.c.hits + 1),
            "window_started_at": case(
                (over, statement.excluded.window_started_at), else_=table.c.window_started_at
            ),
        },
    ).returning(table.c.hits, table.c.window_started_at)


class SharedRateLimiter:
    """The limit for the deployment (PostgreSQL): one upsert per admitted request. The row is
    locked for that one statement only (it runs alone, before the request's transaction), so
    racing requests of one client cannot both take the last free place."""

    def __init__(
        self,
        *,
        name: str,
        limit: int,
        window_seconds: float,
        hash_key: bytes,
        max_clients: int = MAX_CLIENTS,
    ) -> None:
        self.name = name
        self.limit = limit
        self.window = window_seconds
        self.hash_key = hash_key
        self.max_clients = max_clients
        # Clients refused in this window: monotonic time their window ends.
        self._refused: OrderedDict[str, float] = OrderedDict()

    def _refused_locally(self, key: str) -> None:
        until = self._refused.get(key)
        if until is None:
            return
        left = until - time.monotonic()
        if left > 0:
            raise _refusal(self.limit, self.window, left)
        del self._refused[key]

    def _remember_refusal(self, key: str, left: float) -> None:
        if key not in self._refused and len(self._refused) >= self.max_clients:
            self._refused.popitem(last=False)
        self._refused[key] = time.monotonic() + left

    async def check(self, hot: HotPath, client: str) -> None:
        """Count one request, or raise 429 with Retry-After when the window is full."""
        if self.limit <= 0:
            return
        key = f"{self.name}:{keyed_hash(self.hash_key, client_key(client))}"
        self._refused_locally(key)
        now = clock.now()
        async with hot.single() as conn:
            hits, started = await self._count(conn, key, now)
        if hits > self.limit:
            left = (started + timedelta(seconds=self.window) - now).total_seconds()
            self._remember_refusal(key, left)
            raise _refusal(self.limit, self.window, left)

    async def _count(self, conn: HotConnection, key: str, now: datetime) -> tuple[int, datetime]:
        window_floor = now - timedelta(seconds=self.window)
        result = await conn.execute(
            _count_hit(), {"key": key, "now": now, "window_floor": window_floor}
        )
        hits, started = result.rows[0]
        return int(hits), clock.as_utc(started)


def purge_windows(session: Session, *, before: datetime) -> int:
    """Delete windows that started before `before` (ended ones: they only hold a hash)."""
    return rowcount(
        session.execute(delete(RateWindow).where(RateWindow.window_started_at < before))
    )
