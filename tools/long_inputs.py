"""Long inputs everywhere: a value of `size` characters in every path and query parameter and
every string field of every request body, of every operation the server publishes.

Each must be refused with a 4xx problem well within a second, and `/healthz`, asked from
another thread the whole time, must stay prompt: no input may hold a worker (issue 11,
item 2). Used by tests/core/test_long_inputs.py and by `make fuzz` (tools/fuzz.py).
"""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import httpx

PROBLEM = "application/problem+json"
# Valid values for the parameters that are not under test, so the long one is what answers.
SAMPLES = {
    "subject_id": "s1",
    "visitor_id": "5f0c8a4e-2b1a-4c1e-9d7e-0a1b2c3d4e5f",
    "ticket_id": "dsr_none",
    "key": "account",
    "version": "1",
    "order_id": "ord_none",
    "run_id": "1",
    "activity": "marketing",
    "id": "sys_none",
}


@dataclass(frozen=True)
class Probe:
    method: str
    path: str  # the template, for reports
    target: str  # path and query, as sent
    body: dict[str, Any] | None
    where: str


@dataclass
class Report:
    probes: int = 0
    failures: list[str] = field(default_factory=list)
    slowest: float = 0.0
    healthz_slowest: float = 0.0
    healthz_calls: int = 0


def _long(size: int) -> str:
    # Digits, then a letter: what made the old timestamp pattern backtrack (O(n^2)).
    return "1" * (size - 1) + "x"


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _string_fields(
    document: dict[str, Any], schema: dict[str, Any], depth: int = 0
) -> Iterator[tuple[str, ...]]:
    """Paths (as key tuples) of the string fields of an object schema, two levels deep."""
    schema = _resolve(document, schema)
    for name, sub in schema.get("properties", {}).items():
        options = [_resolve(document, o) for o in sub.get("anyOf", [sub])]
        if any(o.get("type") == "string" for o in options):
            yield (name,)
        if depth < 1:
            for option in options:
                if "properties" in option:
                    yield from ((name, *inner) for inner in _string_fields(document, option, 1))


def _nested(keys: tuple[str, ...], value: str) -> dict[str, Any]:
    body: dict[str, Any] = {keys[-1]: value}
    for key in reversed(keys[:-1]):
        body = {key: body}
    return body


def _path(template: str, values: dict[str, str]) -> str:
    return re.sub(r"{(\w+)}", lambda m: quote(values.get(m.group(1), "x"), safe=""), template)


# httptools refuses a request line over 64 kB itself (400); a URL value just under that
# reaches the application, as the 60 kB that froze a worker did (issue 11, item 2).
URL_REACHING_THE_APP = 60_000


def probes(document: dict[str, Any], size: int) -> Iterator[Probe]:
    long = _long(size)
    sizes = sorted({size, min(size, URL_REACHING_THE_APP)})
    for template, operations in document["paths"].items():
        for method, operation in operations.items():
            method = method.upper()
            path = _path(template, SAMPLES)
            for parameter in operation.get("parameters", []):
                name, where = parameter["name"], parameter["in"]
                for n in sizes if where in ("path", "query") else ():
                    if where == "path":
                        target = _path(template, {**SAMPLES, name: _long(n)})
                    else:
                        target = f"{path}?{urlencode({name: _long(n)})}"
                    yield Probe(method, template, target, None, f"{where} {name} ({n})")
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                schema = content["application/json"]["schema"]
                for keys in _string_fields(document, schema):
                    body = _nested(keys, long)
                    yield Probe(method, template, path, body, f"body {'.'.join(keys)}")


def _watch_healthz(base_url: str, stop: threading.Event, report: Report) -> None:
    with httpx.Client(base_url=base_url, timeout=30) as client:
        while not stop.is_set():
            started = time.monotonic()
            client.get("/healthz").raise_for_status()
            report.healthz_slowest = max(report.healthz_slowest, time.monotonic() - started)
            report.healthz_calls += 1
            stop.wait(0.02)


def sweep(base_url: str, key: str, *, size: int = 100_000, within: float = 1.0) -> Report:
    """Every probe against the server at `base_url` with a key holding every scope."""
    report = Report()
    document = httpx.get(f"{base_url}/openapi.json", timeout=30).json()
    stop = threading.Event()
    watcher = threading.Thread(target=_watch_healthz, args=(base_url, stop, report))
    watcher.start()
    try:
        for probe in probes(document, size):
            report.probes += 1
            started = time.monotonic()
            status, content_type = _send(base_url, key, probe)
            took = time.monotonic() - started
            report.slowest = max(report.slowest, took)
            if not (400 <= status < 500 and content_type.startswith(PROBLEM)) or took > within:
                report.failures.append(
                    f"{probe.method} {probe.path} {probe.where}: {status} in {took:.2f}s"
                )
    finally:
        stop.set()
        watcher.join()
    return report


def _send(base_url: str, key: str, probe: Probe) -> tuple[int, str]:
    # http.client, not httpx: httpx refuses URLs over 64 kB before sending them, and a
    # hostile client would not.
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    headers = {"Authorization": f"Bearer {key}"}
    body = None
    if probe.body is not None:
        body = json.dumps(probe.body).encode()
        headers["Content-Type"] = "application/json"
    try:
        connection.request(probe.method, probe.target, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("content-type") or ""
    finally:
        connection.close()
