"""The public consent write limit as a flood from many addresses tries it: one subscriber's
IPv6 /64 is one client, and a table full of live windows costs no more per request than an
empty one (the check runs on the event loop of every request)."""

from __future__ import annotations

import time

import pytest

from privacy_api.core.errors import TooManyRequests
from privacy_api.core.ratelimit import RateLimiter

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
