"""A per-process fixed-window rate limit per client address.

Each server process counts for itself: with N processes a client gets up to N times the
limit, which still bounds abuse of the public endpoints without a shared store.
"""

from __future__ import annotations

import math
import time

from privacy_api.core.errors import TooManyRequests


class RateLimiter:
    def __init__(self, *, limit: int, window_seconds: float) -> None:
        self.limit = limit
        self.window = window_seconds
        self._counts: dict[str, tuple[float, int]] = {}

    def hit(self, client: str) -> None:
        """Count one request, or raise 429 with Retry-After when the window is full."""
        if self.limit <= 0:
            return
        now = time.monotonic()
        started, count = self._counts.get(client, (now, 0))
        if now - started >= self.window:
            started, count = now, 0
        if count >= self.limit:
            retry = max(1, math.ceil(self.window - (now - started)))
            raise TooManyRequests(
                f"At most {self.limit} requests per {int(self.window)} s from one address.",
                headers={"Retry-After": str(retry)},
            )
        if len(self._counts) > 100_000:
            self._counts = {k: v for k, v in self._counts.items() if now - v[0] < self.window}
        self._counts[client] = (started, count + 1)
