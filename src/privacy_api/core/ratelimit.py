"""A per-process fixed-window rate limit per client address.

Each server process counts for itself: with N processes a client gets up to N times the
limit, which still bounds abuse of the public endpoints without a shared store.

An IPv6 client is counted by its /64: a subscriber is routed a whole /64 (often more), so
counting single addresses would give one attacker 2^64 fresh windows. The table of clients
is bounded, and a new client beyond the bound evicts the one counted longest ago, in O(1):
the check runs on the event loop, where the earlier scan of the whole table on every
request (once it was full of live windows, as a flood from many addresses makes it) cost
~0.1 s each and stalled every request of the process.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections import OrderedDict

from privacy_api.core.errors import TooManyRequests

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
            retry = max(1, math.ceil(self.window - (now - started)))
            raise TooManyRequests(
                f"At most {self.limit} requests per {int(self.window)} s from one address.",
                headers={"Retry-After": str(retry)},
            )
        if client not in self._counts and len(self._counts) >= self.max_clients:
            # The oldest window: ended, or (in a flood from more clients than the table
            # holds) the one that forgetting costs least.
            self._counts.popitem(last=False)
        self._counts[client] = (started, count + 1)
