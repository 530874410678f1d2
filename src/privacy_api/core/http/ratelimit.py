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

from sqlalchemy import Insert, Integer, String, Table, bindparam, case, delete
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, Session, mapped_column

from privacy_api.core.data.db import Base, UTCDateTime, rowcount
from privacy_api.core.data.hot import HotConnection, HotPath
from privacy_api.core.http.errors import TooManyRequests
from privacy_api.core.security.secrets import keyed_hash
from privacy_api.core.time import clock

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
def _reserve() -> Insert:
    """Take `n` places of the client's window (a new window when the old one ended); returns
    the places taken in all after this and when the window started."""
    table = RateWindow.__table__
    assert isinstance(table, Table)
    n = bindparam("n", type_=Integer())
    statement = postgresql.insert(table).values(
        key=bindparam("key", type_=String()),
        window_started_at=bindparam("now", type_=UTCDateTime()),
        hits=n,
    )
    over = table.c.window_started_at <= bindparam("window_floor", type_=UTCDateTime())
    return statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={
            "hits": case(
                (over, statement.excluded.hits), else_=table.c.hits + statement.excluded.hits
            ),
            "window_started_at": case(
                (over, statement.excluded.window_started_at), else_=table.c.window_started_at
            ),
        },
    ).returning(table.c.hits, table.c.window_started_at)


_REFUSED = -1


class SharedRateLimiter:
    """The limit for the deployment (PostgreSQL), never exceeded however many processes.

    A process takes places from the client's window in the database a few at a time (a
    tenth of the limit, at least one) and admits from them locally until they are used up;
    so a client pays one statement per few requests, and a limit of 10 or less is counted
    request by request. The places one process holds are not lent to another, so a client
    spread over N processes may be refused up to (N-1) x that share early: the limit is a
    ceiling, never exceeded. A refused client is refused from memory until its window ends:
    a flood costs one statement per process and window. The statement runs alone, before
    the request's transaction, so the client's row is locked for one statement."""

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
        self.share = max(1, limit // 10)
        # Per client key: (monotonic end of its window, places left here or _REFUSED).
        self._local: OrderedDict[str, tuple[float, int]] = OrderedDict()

    def _admitted_locally(self, key: str) -> bool:
        """True when a place held here admits the request; raises 429 if refused already."""
        held = self._local.get(key)
        if held is None:
            return False
        ends, left = held
        remaining = ends - time.monotonic()
        if remaining <= 0:
            del self._local[key]
            return False
        if left == _REFUSED:
            raise _refusal(self.limit, self.window, remaining)
        if left == 0:
            return False
        self._local[key] = (ends, left - 1)
        return True

    def _hold(self, key: str, seconds: float, left: int) -> None:
        if key not in self._local and len(self._local) >= self.max_clients:
            self._local.popitem(last=False)
        self._local[key] = (time.monotonic() + seconds, left)

    async def check(self, hot: HotPath, client: str) -> None:
        """Count one request, or raise 429 with Retry-After when the window is full."""
        if self.limit <= 0:
            return
        key = f"{self.name}:{keyed_hash(self.hash_key, client_key(client))}"
        if self._admitted_locally(key):
            return
        now = clock.now()
        async with hot.single() as conn:
            taken, started = await self._take(conn, key, now)
        seconds = (started + timedelta(seconds=self.window) - now).total_seconds()
        granted = min(self.share, self.limit - (taken - self.share))
        if granted <= 0:
            self._hold(key, seconds, _REFUSED)
            raise _refusal(self.limit, self.window, seconds)
        self._hold(key, seconds, granted - 1)

    async def _take(self, conn: HotConnection, key: str, now: datetime) -> tuple[int, datetime]:
        window_floor = now - timedelta(seconds=self.window)
        result = await conn.execute(
            _reserve(), {"key": key, "n": self.share, "now": now, "window_floor": window_floor}
        )
        taken, started = result.rows[0]
        return int(taken), clock.as_utc(started)


def purge_windows(session: Session, *, before: datetime) -> int:
    """Delete windows that started before `before` (ended ones: they only hold a hash)."""
    return rowcount(
        session.execute(delete(RateWindow).where(RateWindow.window_started_at < before))
    )
