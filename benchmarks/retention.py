"""Retention at scale: the sweep against one hand-written set-based DELETE of the same rows.

Both work on identical copies (CREATE DATABASE ... TEMPLATE) of one seeded database:
RETENTION_RECORDS records (default 2,000,000), half of them due. The sweep runs as the real
command (`privacy-api retention run`), so its peak RSS is the process's own.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime

import psycopg

from benchmarks.harness import BIN, privacy_api, process_env
from tools.pgserver import PostgresServer

RECORDS = int(os.environ.get("RETENTION_RECORDS", "2000000"))
SUBJECTS = 2000
OLD, NEW = "2023-01-01 00:00:00+00", "2026-11-01 00:00:00+00"
AT = "2026-11-25T00:00:00+00:00"


def _dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def seed(url: str) -> None:
    with psycopg.connect(_dsn(url), autocommit=True) as conn:
        with conn.cursor().copy(
            "COPY subject (subject_id, status, demo, attributes, "
            "created_at, updated_at, last_session_at, last_visit_at) "
            "FROM STDIN"
        ) as copy:
            for i in range(SUBJECTS):
                visit = OLD if i % 2 == 0 else NEW
                copy.write_row((f"s{i}", "active", False, "{}", OLD, NEW, NEW, visit))
        with conn.cursor().copy(
            "COPY record (subject_id, activity, category, property, data, "
            "occurred_at, recorded_at, register_version) FROM STDIN"
        ) as copy:
            for start in range(0, RECORDS, 100_000):
                copy.write(
                    "".join(
                        f"s{i % SUBJECTS}\tserver_logs\tip_address\tsite\t{{}}\t{OLD}\t{OLD}\t1\n"
                        for i in range(start, min(RECORDS, start + 100_000))
                    )
                )
        conn.execute("VACUUM ANALYZE")


def clone(server: PostgresServer, template: str, name: str) -> str:
    with psycopg.connect(_dsn(server.url("postgres")), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    return server.url(name)


def baseline_delete(url: str) -> tuple[float, int]:
    with psycopg.connect(_dsn(url)) as conn:
        started = time.perf_counter()
        deleted = conn.execute(
            "DELETE FROM record WHERE activity = 'server_logs' AND subject_id IN "
            "(SELECT subject_id FROM subject WHERE coalesce(last_visit_at, created_at) "
            "< %s::timestamptz - interval '12 months')",
            (AT,),
        ).rowcount
        conn.commit()
        return time.perf_counter() - started, deleted


def confirm_count(url: str) -> tuple[str, float]:
    """Half the records due is far beyond the usual share: as an operator would, read the
    count from a dry run and confirm it. The dry run is the guard's counting (COUNT
    queries, every rule) plus start-up; timed apart from the sweep."""
    started = time.perf_counter()
    planned = privacy_api("retention", "run", "--dry-run", "--at", AT, env={"DATABASE_URL": url})
    elapsed = time.perf_counter() - started
    return str(json.loads(planned)["report"]["due"]["confirm_count"]), elapsed


def sweep(url: str) -> tuple[float, float, int, float, float]:
    """(whole command s, the due rule's own s, records erased, peak RSS MiB of the sweep,
    the dry run's s)."""
    env = process_env({"DATABASE_URL": url})
    confirm, dry_s = confirm_count(url)
    command = [str(BIN / "privacy-api"), "retention", "run", "--at", AT, "--confirm", confirm]
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        # posix_spawn, not fork: a forked child starts with the parent's pages counted in
        # its peak RSS; wait4 then gives the sweep's own peak.
        pid = os.posix_spawn(
            command[0],
            command,
            env,
            file_actions=[
                (os.POSIX_SPAWN_DUP2, out.fileno(), 1),
                (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
            ],
        )
        _pid, status, usage = os.wait4(pid, 0)
        elapsed = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"the sweep failed: {os.waitstatus_to_exitcode(status)}")
        out.seek(0)
        rule = json.loads(out.read())["report"]["rules"]["server_logs"]
    own = (
        datetime.fromisoformat(rule["finished"]) - datetime.fromisoformat(rule["started"])
    ).total_seconds()
    return elapsed, own, int(rule["records"]), usage.ru_maxrss / 1024, dry_s


def main() -> int:
    server = PostgresServer()
    server.start()
    try:
        template = server.create_database("seeded")
        privacy_api("migrate", env={"DATABASE_URL": template})
        privacy_api("register", "load", env={"DATABASE_URL": template})
        t0 = time.perf_counter()
        seed(template)
        print(f"seeded {RECORDS:,} records in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        base_s, base_n = baseline_delete(clone(server, "seeded", "baseline"))
        whole_s, sweep_s, sweep_n, peak, dry_s = sweep(clone(server, "seeded", "swept"))
    finally:
        server.destroy()
    print(f"\nretention on PostgreSQL, {RECORDS:,} records, {datetime.now(UTC):%Y-%m-%d}\n")
    print("| row | records erased | seconds | ratio to one DELETE | peak RSS MiB | target |")
    print("|---|---:|---:|---:|---:|---|")
    print(f"| one set-based DELETE (baseline) | {base_n:,} | {base_s:.2f} | 1.00 | - | - |")
    print(
        f"| the sweep's rule (key-range batches, audit per batch) | {sweep_n:,} | "
        f"{sweep_s:.2f} | {sweep_s / base_s:.2f} | {peak:.0f} | <= 2.0x, < 150 MiB |"
    )
    print(
        f"| the whole `privacy-api retention run` (start-up, every rule) | {sweep_n:,} | "
        f"{whole_s:.2f} | {whole_s / base_s:.2f} | {peak:.0f} | - |"
    )
    print(
        f"| a dry run: start-up and the count a run checks before changing anything | - | "
        f"{dry_s:.2f} | {dry_s / base_s:.2f} | - | - |"
    )
    return 0 if sweep_n == base_n else 1


if __name__ == "__main__":
    sys.exit(main())
