"""`make bench`: every row beside the FastAPI floor measured in the same run.

Rounds interleave the baseline and the rows, so drift on a shared machine touches both.
BENCH_SECONDS (default 5) and BENCH_ROUNDS (default 3) trade time for steadiness; BENCH_ONLY
picks rows by a part of their name.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

from benchmarks.harness import (
    ROOT,
    Load,
    Server,
    baseline_command,
    our_server_command,
    pin_postgres,
    privacy_api,
    serve,
    sqlite_database,
    wrk,
)
from benchmarks.workloads import (
    CONSENT_BODY,
    CONSENT_KIND,
    VISITOR_TEMPLATE,
    batch_script,
    lua_script,
    permission_check_body,
    records_per_second,
    seed_analytics_consent,
    seed_subjects,
    seed_visitors,
)
from tools.pgserver import PostgresServer

SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
# Only the rows whose name contains this text (e.g. "consent"); the floor is always measured.
ONLY = os.environ.get("BENCH_ONLY", "")


@dataclass(frozen=True)
class Row:
    name: str
    target: str
    measure: Callable[[], Load]


@dataclass(frozen=True)
class Result:
    name: str
    target: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    ratio: float


@contextmanager
def our_server(database_url: str) -> Iterator[tuple[Server, str]]:
    # One load generator is one address: the per-address limit would measure only itself.
    env = {
        "DATABASE_URL": database_url,
        "PRIVACY_API_CONSENT_RATE_LIMIT_PER_MINUTE": "0",
        # Counted, as in production, but never reached: the row measures the counting.
        "PRIVACY_API_DSAR_INTAKE_PER_EMAIL": "1000000000",
        "PRIVACY_API_DSAR_INTAKE_PER_CLIENT": "1000000000",
    }
    privacy_api("migrate", env=env)
    privacy_api("register", "load", env=env)
    key = privacy_api("keys", "create", "--name", "bench", "--scopes", "admin", env=env)
    key = key.strip().splitlines()[-1]
    with serve(our_server_command(), env, "/healthz") as server:
        seed_subjects(server.base_url, key)
        seed_analytics_consent(server.base_url, key)
        seed_visitors(server.base_url)
        yield server, key


def _records_load(url: str, script: Path, callers: int) -> Load:
    return records_per_second(wrk(url, seconds=SECONDS, connections=callers, script=script))


def _permission_check(url: str, key: str) -> Load:
    """One caller checking a list of 10,000 subjects, call after call: its latency."""
    import httpx

    body = json.dumps(permission_check_body()).encode()
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    timings: list[float] = []
    errors = 0
    with httpx.Client(base_url=url, headers=headers, timeout=60) as http:
        deadline = time.monotonic() + SECONDS
        while time.monotonic() < deadline:
            started = time.perf_counter()
            errors += http.post("/v1/permissions/check", content=body).status_code != 200
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return Load(
        rps=len(timings) / SECONDS,
        p50_ms=statistics.median(timings),
        p99_ms=timings[min(len(timings) - 1, int(len(timings) * 0.99))],
        errors=errors,
    )


def _median_load(loads: list[Load]) -> Load:
    return Load(
        rps=statistics.median(x.rps for x in loads),
        p50_ms=statistics.median(x.p50_ms for x in loads),
        p99_ms=statistics.median(x.p99_ms for x in loads),
        errors=sum(x.errors for x in loads),
    )


def main() -> int:
    sys.path.insert(0, str(ROOT))
    results: list[Result] = []
    with ExitStack() as stack:
        postgres = PostgresServer()
        postgres.start()
        pin_postgres(postgres.datadir)
        stack.callback(postgres.destroy)
        pg_url = postgres.create_database("bench")
        sqlite_url = stack.enter_context(sqlite_database())

        baseline = stack.enter_context(serve(baseline_command(), {}, "/items/1"))
        lite, lite_key = stack.enter_context(our_server(sqlite_url))
        pg, pg_key = stack.enter_context(our_server(pg_url))
        auth = [f"Authorization: Bearer {lite_key}"]
        scripts = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        ping = '{"kind": "visit", "property": "site"}'
        lite_ping = lua_script(
            scripts,
            "lite-ping",
            method="POST",
            body=ping,
            key=lite_key,
            path_template="/v1/subjects/s{id}/activity",
        )
        pg_ping = lua_script(
            scripts,
            "pg-ping",
            method="POST",
            body=ping,
            key=pg_key,
            path_template="/v1/subjects/s{id}/activity",
        )
        consent_get = {
            name: lua_script(
                scripts,
                f"{name}-consent-get",
                method="GET",
                body="",
                key="",
                path_template=VISITOR_TEMPLATE,
            )
            for name in ("lite", "pg")
        }
        consent_put = {
            name: lua_script(
                scripts,
                f"{name}-consent-put",
                method="PUT",
                body=CONSENT_BODY,
                key="",
                path_template=VISITOR_TEMPLATE,
            )
            for name in ("lite", "pg")
        }

        rows = [
            Row("GET /healthz", "-", lambda: wrk(lite.base_url + "/healthz", seconds=SECONDS)),
            Row(
                "GET /v1/whoami (authenticated no-op)",
                ">= 0.85",
                lambda: wrk(lite.base_url + "/v1/whoami", seconds=SECONDS, headers=auth),
            ),
            Row(
                "GET /readyz (SELECT 1, sync engine, SQLite)",
                "-",
                lambda: wrk(lite.base_url + "/readyz", seconds=SECONDS),
            ),
            Row(
                "GET /readyz (SELECT 1, sync engine, PostgreSQL)",
                "-",
                lambda: wrk(pg.base_url + "/readyz", seconds=SECONDS),
            ),
            Row(
                "GET /privacy/request (the privacy centre's request form page)",
                ">= 0.3",
                lambda: wrk(lite.base_url + "/privacy/request", seconds=SECONDS),
            ),
            Row(
                "POST /v1/subjects/{id}/activity, SQLite",
                ">= 0.25",
                lambda: wrk(lite.base_url, seconds=SECONDS, script=lite_ping),
            ),
            Row(
                "POST /v1/subjects/{id}/activity, PostgreSQL",
                ">= 0.25",
                lambda: wrk(pg.base_url, seconds=SECONDS, script=pg_ping),
            ),
        ]
        dsar_body = '{"type": "access", "email": "bench@example.com", "channel": "api"}'
        dsar_scripts = {
            name: lua_script(
                scripts,
                f"{name}-dsar",
                method="POST",
                body=dsar_body,
                key=key,
                path_template="/v1/dsar",
            )
            for name, key in (("lite", lite_key), ("pg", pg_key))
        }
        for label, server, name in (("SQLite", lite, "lite"), ("PostgreSQL", pg, "pg")):
            rows.append(
                Row(
                    f"POST /v1/dsar (ticket + audit + outbox), {label}",
                    ">= 0.15",
                    partial(wrk, server.base_url, seconds=SECONDS, script=dsar_scripts[name]),
                )
            )
        for label, server, name in (("SQLite", lite, "lite"), ("PostgreSQL", pg, "pg")):
            rows.append(
                Row(
                    f"GET /v1/consent/visitors/{{id}} (public), {label}",
                    ">= 0.5, p99 <= 20 ms",
                    partial(wrk, server.base_url, seconds=SECONDS, script=consent_get[name]),
                )
            )
            rows.append(
                Row(
                    f"PUT /v1/consent/visitors/{{id}} (event + state), {label}",
                    ">= 0.25",
                    partial(wrk, server.base_url, seconds=SECONDS, script=consent_put[name]),
                )
            )
        for label, server, name, key in (
            ("SQLite", lite, "lite", lite_key),
            ("PostgreSQL", pg, "pg", pg_key),
        ):
            permission = lua_script(
                scripts,
                f"{name}-permission",
                method="GET",
                body="",
                key=key,
                path_template="/v1/subjects/s{id}/permissions?activity=web_analytics",
            )
            rows.append(
                Row(
                    f"GET /v1/subjects/{{id}}/permissions, {label}",
                    ">= 0.5, p99 <= 20 ms",
                    partial(wrk, server.base_url, seconds=SECONDS, script=permission),
                )
            )
        # The targets are rates of intake, and the properties send concurrently (three of
        # them, and operations): four callers. One caller sending batch after batch waits
        # for the server's and the database's work in series; its row shows that latency.
        throughput_rows = [
            Row(
                f"POST /v1/records/batch x1000, {label}, {callers} caller{'s' * (callers > 1)}"
                " (records/s)",
                target if callers > 1 else "- (one batch's round trip)",
                partial(
                    _records_load,
                    server.base_url,
                    batch_script(scripts, f"{name}-batch", key),
                    callers,
                ),
            )
            for label, server, name, key, target in (
                ("SQLite", lite, "lite", lite_key, ">= 20,000/s"),
                ("PostgreSQL", pg, "pg", pg_key, ">= 50,000/s"),
            )
            for callers in (1, 4)
        ]
        throughput_rows += [
            Row(
                f"POST /v1/records/batch x1000 consent-based (grant checked), {label}, 4 callers"
                " (records/s)",
                target,
                partial(
                    _records_load,
                    server.base_url,
                    batch_script(scripts, f"{name}-consent-batch", key, kind=CONSENT_KIND),
                    4,
                ),
            )
            for label, server, name, key, target in (
                ("SQLite", lite, "lite", lite_key, ">= 20,000/s"),
                ("PostgreSQL", pg, "pg", pg_key, ">= 50,000/s"),
            )
        ]
        throughput_rows += [
            Row(
                f"POST /v1/permissions/check x10,000 subjects, {label}, 1 caller (calls/s)",
                "< 200 ms a call (PostgreSQL)",
                partial(_permission_check, server.base_url, key),
            )
            for label, server, key in (("SQLite", lite, lite_key), ("PostgreSQL", pg, pg_key))
        ]
        if ONLY:
            rows = [row for row in rows if ONLY in row.name]
            throughput_rows = [row for row in throughput_rows if ONLY in row.name]
        floor: list[Load] = []
        samples: dict[str, list[Load]] = {row.name: [] for row in rows}
        for round_no in range(1, ROUNDS + 1):
            print(f"round {round_no}/{ROUNDS}", file=sys.stderr)
            floor.append(wrk(baseline.base_url + "/items/1", seconds=SECONDS))
            for row in rows:
                samples[row.name].append(row.measure())
        base = _median_load(floor)
        results.append(Result("FastAPI floor: GET /items/{id}", "1.00", **asdict(base), ratio=1.0))
        for row in rows:
            load = _median_load(samples[row.name])
            results.append(Result(row.name, row.target, **asdict(load), ratio=load.rps / base.rps))
        for row in throughput_rows:
            load = _median_load([row.measure() for _ in range(ROUNDS)])
            results.append(Result(row.name, row.target, **asdict(load), ratio=float("nan")))

        startup = measure_cold_start(sqlite_url)
    print_table(results, startup)
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(
        json.dumps(
            {
                "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "seconds": SECONDS,
                "rounds": ROUNDS,
                "rows": [asdict(r) for r in results],
                "startup": startup,
            },
            indent=2,
        )
    )
    return 0


def measure_cold_start(database_url: str) -> dict[str, float]:
    starts, rss = [], []
    for _ in range(3):
        with serve(our_server_command(), {"DATABASE_URL": database_url}, "/healthz") as server:
            starts.append(server.started_in_s)
            time.sleep(1.0)
            rss.append(server.rss_mib())
    return {"cold_start_s": statistics.median(starts), "idle_rss_mib": statistics.median(rss)}


def print_table(results: list[Result], startup: dict[str, float]) -> None:
    print(f"\n{SECONDS}s x {ROUNDS} rounds, wrk 16 connections, one uvicorn worker per server\n")
    print("| row | req/s | p50 ms | p99 ms | errors | ratio to floor | target |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for r in results:
        print(
            f"| {r.name} | {r.rps:,.0f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.errors} "
            f"| {'-' if r.ratio != r.ratio else f'{r.ratio:.2f}'} | {r.target} |"
        )
    print(
        f"\ncold start to healthy /healthz: {startup['cold_start_s']:.2f} s (target < 2 s); "
        f"idle RSS: {startup['idle_rss_mib']:.0f} MiB (target < 120 MiB)"
    )


if __name__ == "__main__":
    sys.exit(main())
