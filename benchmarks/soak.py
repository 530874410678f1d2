"""`make soak`: mixed traffic on one server process against PostgreSQL, for minutes.

Consent reads and writes, activity pings, record batches and DSAR intake run at once (one
wrk per kind, together about 15 connections) for SOAK_SECONDS. The server's memory is
sampled throughout. It passes when no request failed and memory, after warm-up, grew by
no more than SOAK_RSS_GROWTH_MIB; p50/p99 per kind are reported for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.harness import ROOT, Load, Server, parse_wrk, pin_postgres, wrk_command
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

    def after_warm_up(self) -> list[float]:
        return [m for t, m in zip(self.at_s, self.rss_mib, strict=True) if t >= WARM_UP_SECONDS]


def sample_memory(server: Server, stop: threading.Event, every: float) -> MemorySamples:
    samples = MemorySamples([], [])
    started = time.monotonic()
    while not stop.wait(every):
        samples.at_s.append(round(time.monotonic() - started, 1))
        samples.rss_mib.append(round(server.rss_mib(), 1))
    return samples


def soak(seconds: int) -> tuple[dict[str, Load], MemorySamples]:
    with ExitStack() as stack:
        postgres = PostgresServer()
        postgres.start()
        pin_postgres(postgres.datadir)
        stack.callback(postgres.destroy)
        server, key = stack.enter_context(our_server(postgres.create_database("soak")))
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        processes = {}
        for kind in KINDS:
            script = lua_script(
                folder,
                kind.name.replace(" ", "-").replace("(", "").replace(")", ""),
                method=kind.method,
                path_template=kind.path,
                body=kind.body,
                key=key if kind.keyed else "",
            )
            command = wrk_command(
                server.base_url, seconds=seconds, connections=kind.connections, script=script
            )
            processes[kind.name] = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        stop = threading.Event()
        result: list[MemorySamples] = []
        sampler = threading.Thread(
            target=lambda: result.append(sample_memory(server, stop, every=5.0))
        )
        sampler.start()
        loads = {}
        for name, process in processes.items():
            out, _ = process.communicate(timeout=seconds + 60)
            loads[name] = parse_wrk(out)
        stop.set()
        sampler.join()
        return loads, result[0]


def report(loads: dict[str, Load], memory: MemorySamples, bound_mib: float, seconds: int) -> bool:
    warm = memory.after_warm_up() or memory.rss_mib
    growth = warm[-1] - warm[0]
    ok = all(load.errors == 0 for load in loads.values()) and growth <= bound_mib
    print(f"soak: {seconds} s, one server process, PostgreSQL; {'PASS' if ok else 'FAIL'}")
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
    print(
        f"RSS after {WARM_UP_SECONDS} s warm-up {warm[0]:.0f} MiB, peak {max(warm):.0f} MiB, "
        f"end {warm[-1]:.0f} MiB: growth {growth:+.0f} MiB (bound {bound_mib:.0f} MiB)"
    )
    out = ROOT / "bench-results" / "soak.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "seconds": seconds,
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
    parser.add_argument("--rss-growth-mib", type=float, default=48.0)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    loads, memory = soak(args.seconds)
    return 0 if report(loads, memory, args.rss_growth_mib, args.seconds) else 1


if __name__ == "__main__":
    raise SystemExit(main())
