"""Export memory: a subject with EXPORT_RECORDS records (default 200,000) streamed as a ZIP,
while the server's RSS is sampled; the growth over the idle server is the figure."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import httpx

from benchmarks.harness import our_server_command, privacy_api, serve, sqlite_database

RECORDS = int(os.environ.get("EXPORT_RECORDS", "200000"))


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    with sqlite_database() as url:
        env = {"DATABASE_URL": url}
        privacy_api("migrate", env=env)
        privacy_api("register", "load", env=env)
        key = (
            privacy_api("keys", "create", "--name", "bench", "--scopes", "admin", env=env)
            .strip()
            .splitlines()[-1]
        )
        with serve(our_server_command(), env, "/healthz") as server:
            headers = {"Authorization": f"Bearer {key}"}
            with httpx.Client(base_url=server.base_url, headers=headers, timeout=120) as http:
                http.put("/v1/subjects/s0", json={"email": "s0@example.com"}).raise_for_status()
                for _ in range(0, RECORDS, 5000):
                    response = http.post(
                        "/v1/records/batch",
                        content=_only_s0(5000),
                        headers={"Content-Type": "application/json"},
                    )
                    response.raise_for_status()
                time.sleep(1)
                before = _rss_mib(server.process.pid)
                peak, done = before, threading.Event()

                def sample() -> None:
                    nonlocal peak
                    while not done.is_set():
                        peak = max(peak, _rss_mib(server.process.pid))
                        time.sleep(0.02)

                sampler = threading.Thread(target=sample)
                sampler.start()
                started, size = time.perf_counter(), 0
                with http.stream("GET", "/v1/subjects/s0/export") as response:
                    response.raise_for_status()
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                elapsed = time.perf_counter() - started
                done.set()
                sampler.join()
    print(f"\nexport of {RECORDS:,} records (SQLite)\n")
    print("| row | ZIP MiB | seconds | server RSS before MiB | growth MiB | target |")
    print("|---|---:|---:|---:|---:|---|")
    print(
        f"| GET /v1/subjects/{{id}}/export, {RECORDS:,} records | {size / 2**20:.1f} | "
        f"{elapsed:.1f} | {before:.0f} | {peak - before:.0f} | growth < 64 MiB |"
    )
    return 0


def _only_s0(size: int) -> bytes:
    import json

    records = [
        {
            "subject_id": "s0",
            "activity": "site_functionality",
            "category": "user_logs",
            "property": "app",
            "data": {"event": "tag_published", "n": i},
            "occurred_at": "2026-11-20T10:00:00+00:00",
        }
        for i in range(size)
    ]
    return json.dumps({"records": records}).encode()


if __name__ == "__main__":
    sys.exit(main())
