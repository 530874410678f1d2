"""`make soak`: mixed traffic on a fleet (N server processes and a worker) against one
PostgreSQL, for minutes.

Consent reads and writes, activity pings, record batches and DSAR intake run at once (one
wrk per kind and server, together about 15 connections) for SOAK_SECONDS, while a worker
runs the scheduled jobs. Every server's memory and the database's connections are sampled
throughout. It passes when no request failed and no server's memory, after warm-up, grew by
more than SOAK_RSS_GROWTH_MIB; p50/p99 per kind are reported for BENCHMARKS.md and
docs/scaling.md (`--processes 1` gives the single-process figures to compare with).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.harness import (
    BIN,
    ROOT,
    Load,
    Server,
    our_server_command,
    parse_wrk,
    pin_postgres,
    process_env,
    serve,
    wrk_command,
)
from benchmarks.run import our_server
from benchmarks.workloads import CONSENT_BODY, VISITOR_TEMPLATE, lua_script, record_batch
from tools.pgserver import PostgresServer

WARM_UP_SECONDS = 20


@dataclass(frozen=True)
class Kind:
    name: str
    method: str
    path: str
    body: str
    connections: int
    keyed: bool = True


KINDS = (
    Kind("consent GET", "GET", VISITOR_TEMPLATE, "", 6, keyed=False),
    Kind("consent PUT", "PUT", VISITOR_TEMPLATE, CONSENT_BODY, 3, keyed=False),
    Kind(
        "activity ping",
        "POST",
        "/v1/subjects/s{id}/activity",
        '{"kind": "visit", "property": "site"}',
        3,
    ),
    Kind("records batch (100)", "POST", "/v1/records/batch", record_batch(100).decode(), 1),
    Kind(
        "DSAR intake",
        "POST",
        "/v1/dsar",
        '{"type": "access", "email": "soak@example.com", "channel": "api"}',
        2,
    ),
)


@dataclass
class MemorySamples:
    at_s: list[float]
    rss_mib: list[float]
    connections: list[int]

    def after_warm_up(self) -> list[float]:
        return [m for t, m in zip(self.at_s, self.rss_mib, strict=True) if t >= WARM_UP_SECONDS]


def sample(
    servers: list[Server], database_url: str, stop: threading.Event, every: float
) -> MemorySamples:
    """Each server's RSS (the largest is kept per sample) and the database's connections."""
    import psycopg

    samples = MemorySamples([], [], [])
    started = time.monotonic()
    with psycopg.connect(database_url.replace("postgresql+psycopg", "postgresql")) as conn:
        while not stop.wait(every):
            samples.at_s.append(round(time.monotonic() - started, 1))
            samples.rss_mib.append(round(max(server.rss_mib() for server in servers), 1))
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            ).fetchone()
            samples.connections.append(int(row[0]) if row else 0)
    return samples


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the given processes (gone ones count 0)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def postgres_pids(datadir: Path) -> list[int]:
    """The postmaster and its children (backends, WAL writer, checkpointer...)."""
    postmaster = int((datadir / "postmaster.pid").read_text().split()[0])
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == postmaster:
            children.append(int(stat.parent.name))
    return [postmaster, *children]


@dataclass
class CpuUse:
    postgres_s: float
    servers_s: float


def _merged(loads: list[Load]) -> Load:
    """One kind over every server: rates add up, latencies are the worst server's."""
    return Load(
        rps=sum(load.rps for load in loads),
        p50_ms=max(load.p50_ms for load in loads),
        p99_ms=max(load.p99_ms for load in loads),
        errors=sum(load.errors for load in loads),
    )


def soak(seconds: int, processes: int) -> tuple[dict[str, Load], MemorySamples, CpuUse]:
    with ExitStack() as stack:
        postgres = PostgresServer()
        postgres.start()
        pin_postgres(postgres.datadir)
        stack.callback(postgres.destroy)
        database_url = postgres.create_database("soak")
        first, key = stack.enter_context(our_server(database_url))
        env = {
            "DATABASE_URL": database_url,
            # One load generator is one address (see benchmarks/run.py).
            "PRIVACY_API_CONSENT_RATE_LIMIT_PER_MINUTE": "0",
            "PRIVACY_API_DSAR_INTAKE_PER_EMAIL": "1000000000",
            "PRIVACY_API_DSAR_INTAKE_PER_CLIENT": "1000000000",
        }
        servers = [first] + [
            stack.enter_context(serve(our_server_command(), env, "/healthz"))
            for _ in range(processes - 1)
        ]
        worker = subprocess.Popen(
            [str(BIN / "privacy-api"), "worker"],
            env=process_env(env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        stack.callback(worker.wait, 10)
        stack.callback(worker.terminate)
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        server_pids = [server.process.pid for server in servers]
        pg_before = cpu_seconds(postgres_pids(postgres.datadir))
        servers_before = cpu_seconds(server_pids)
        runs: dict[str, list[subprocess.Popen[str]]] = {}
        for kind in KINDS:
            script = lua_script(
                folder,
                kind.name.replace(" ", "-").replace("(", "").replace(")", ""),
                method=kind.method,
                path_template=kind.path,
                body=kind.body,
                key=key if kind.keyed else "",
            )
            each = max(1, round(kind.connections / processes))
            runs[kind.name] = [
                subprocess.Popen(
                    wrk_command(server.base_url, seconds=seconds, connections=each, script=script),
                    stdout=subprocess.PIPE,
                    text=True,
                )
                for server in servers
            ]
        stop = threading.Event()
        result: list[MemorySamples] = []
        sampler = threading.Thread(
            target=lambda: result.append(sample(servers, database_url, stop, every=5.0))
        )
        sampler.start()
        loads = {}
        for name, wrks in runs.items():
            loads[name] = _merged([parse_wrk(w.communicate(timeout=seconds + 60)[0]) for w in wrks])
        cpu = CpuUse(
            postgres_s=cpu_seconds(postgres_pids(postgres.datadir)) - pg_before,
            servers_s=cpu_seconds(server_pids) - servers_before,
        )
        stop.set()
        sampler.join()
        return loads, result[0], cpu


def report(
    loads: dict[str, Load],
    memory: MemorySamples,
    cpu: CpuUse,
    bound_mib: float,
    seconds: int,
    processes: int,
) -> bool:
    warm = memory.after_warm_up() or memory.rss_mib
    growth = warm[-1] - warm[0]
    ok = all(load.errors == 0 for load in loads.values()) and growth <= bound_mib
    verdict = "PASS" if ok else "FAIL"
    print(
        f"soak: {seconds} s, {processes} server process(es) and a worker, one PostgreSQL; {verdict}"
    )
    print("| kind | connections | req/s | p50 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|")
    for kind in KINDS:
        load = loads[kind.name]
        print(
            f"| {kind.name} | {kind.connections} | {load.rps:.0f} | {load.p50_ms:.1f} "
            f"| {load.p99_ms:.1f} | {load.errors} |"
        )
    total = sum(load.rps for load in loads.values())
    print(f"total {total:.0f} req/s")
    if memory.connections:
        print(f"database connections: peak {max(memory.connections)}")
    requests = max(1.0, total * seconds)
    print(
        f"CPU: PostgreSQL {cpu.postgres_s:.1f} s ({1000 * cpu.postgres_s / requests:.2f} ms "
        f"per request), servers {cpu.servers_s:.1f} s "
        f"({1000 * cpu.servers_s / requests:.2f} ms per request)"
    )
    print(
        f"largest server RSS after {WARM_UP_SECONDS} s warm-up {warm[0]:.0f} MiB, "
        f"peak {max(warm):.0f} MiB, end {warm[-1]:.0f} MiB: "
        f"growth {growth:+.0f} MiB (bound {bound_mib:.0f} MiB)"
    )
    out = ROOT / "bench-results" / "soak.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "seconds": seconds,
                "processes": processes,
                "cpu": asdict(cpu),
                "ok": ok,
                "loads": {k: asdict(v) for k, v in loads.items()},
                "memory": asdict(memory),
                "growth_mib": growth,
                "bound_mib": bound_mib,
            },
            indent=2,
        )
    )
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--processes", type=int, default=3, help="server processes")
    parser.add_argument("--rss-growth-mib", type=float, default=48.0)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    loads, memory, cpu = soak(args.seconds, args.processes)
    ok = report(loads, memory, cpu, args.rss_growth_mib, args.seconds, args.processes)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
