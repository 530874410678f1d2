"""100 kB in every parameter and string field of every operation, against the real server:
each refused with a 4xx problem well within a second, /healthz prompt throughout (issue 11,
item 2). The sweep itself lives in tools/long_inputs.py, which `make fuzz` runs too."""

from __future__ import annotations

from collections.abc import Callable

from conftest import LiveServer
from privacy_api.core.security.apikeys import SCOPES
from privacy_api.register.service import Register
from tools import long_inputs


def test_100_kb_everywhere_is_refused_at_once_and_healthz_stays_prompt(
    live_server: LiveServer, loaded: Register, make_key: Callable[..., str]
) -> None:
    report = long_inputs.sweep(live_server.url, make_key(*sorted(SCOPES)), size=100_000)
    assert report.probes > 150, "the sweep must reach every operation"
    assert report.failures == []
    assert report.slowest < 1.0
    assert report.healthz_calls > 10
    assert report.healthz_slowest < 0.5, report.healthz_slowest
    assert live_server.errors() == []
