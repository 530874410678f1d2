"""Schema fuzzing: schemathesis against the live OpenAPI of a real server on 127.0.0.1.

`make test` runs a bounded pass (tests/api/test_fuzz.py); `make fuzz` a deeper one. The server
gets a fresh database with the packaged register loaded and a key holding every scope, so
every operation is reachable; each check must hold for every generated request. Then a
long-input phase (tools/long_inputs.py): 100 kB in every parameter and string field of every
operation, each refused with a 4xx problem within a second while /healthz stays prompt.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from benchmarks.harness import BIN, privacy_api, serve
from privacy_api.core.security.apikeys import SCOPES
from tools import long_inputs
from tools.pgserver import PostgresServer

LONG_INPUT = 100_000
# Hypothesis's example database, kept with the tests: `make fuzz` adds what it finds,
# `make test` replays it (from a copy, so a test run never changes the tree).
EXAMPLES = Path(__file__).resolve().parent.parent / "tests" / "fuzz-examples"

# Every check of the response against the published schema, plus the ones that catch a
# server that accepts what it documents as invalid. `positive_data_acceptance` is left out:
# a schema-valid request may name a subject or ticket that does not exist (404) or one the
# register refuses (422), which is the right answer, not a failure.
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "negative_data_rejection",
    "missing_required_header",
    "ignored_auth",
    "unsupported_method",
)


@contextmanager
def database(backend: str) -> Iterator[str]:
    if backend == "postgresql":
        server = PostgresServer()
        server.start()
        try:
            yield server.create_database("privacy_fuzz")
        finally:
            server.destroy()
    else:
        with tempfile.TemporaryDirectory(prefix="privacy-fuzz-") as folder:
            yield f"sqlite:///{folder}/fuzz.db"


def prepared_env(database_url: str) -> tuple[dict[str, str], str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVACY_API_")}
    # Limits off, as for consent: the fuzzer's many requests are not a flood to refuse.
    env.update(
        {
            "DATABASE_URL": database_url,
            "PRIVACY_API_CONSENT_RATE_LIMIT_PER_MINUTE": "0",
            "PRIVACY_API_DSAR_INTAKE_PER_EMAIL": "0",
            "PRIVACY_API_DSAR_INTAKE_PER_CLIENT": "0",
            # Required on PostgreSQL; one per fuzz run, known to nobody.
            "PRIVACY_API_SECRET_KEY": secrets.token_urlsafe(48),
        }
    )
    privacy_api("migrate", env=env)
    privacy_api("register", "load", env=env)
    key = privacy_api(
        "keys", "create", "--name", "fuzz", "--scopes", ",".join(sorted(SCOPES)), env=env
    ).split()[-1]
    return env, key


def schemathesis_command(
    base_url: str,
    key: str,
    *,
    max_examples: int,
    max_time: int | None,
    seed: int,
    report_dir: Path,
    examples: Path | None,
) -> list[str]:
    # Without a time budget the run is the same every time for the same schema: how far a
    # budget gets depends on the machine's load, and a verdict that depends on that cannot
    # guard a merge. The examples database replays what earlier runs found.
    budget = ["--max-time", str(max_time)] if max_time is not None else []
    database = str(examples) if examples is not None else "none"
    return [
        str(BIN / "schemathesis"),
        "run",
        f"{base_url}/openapi.json",
        "--checks",
        ",".join(CHECKS),
        "--header",
        f"Authorization: Bearer {key}",
        "--max-examples",
        str(max_examples),
        *budget,
        "--seed",
        str(seed),
        # One worker: CPython 3.11's ast module is not thread-safe and hypothesis parses
        # source while generating (python/cpython#106905).
        "--workers",
        "1",
        "--request-timeout",
        "10",
        "--generation-database",
        database,
        "--suppress-health-check",
        "all",
        "--no-color",
        "--report",
        "junit",
        "--report-dir",
        str(report_dir),
    ]


def run(
    database_url: str,
    *,
    max_examples: int,
    max_time: int | None,
    seed: int,
    report_dir: Path,
    examples: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Fuzz a server on `database_url` (an empty, unmigrated database); with no `max_time`,
    every operation gets its `max_examples` whatever the time, so the run is repeatable."""
    env, key = prepared_env(database_url)
    command = [str(BIN / "privacy-api"), "serve", "--host", "127.0.0.1"]
    with serve(command, env, "/healthz") as server:
        result = subprocess.run(
            schemathesis_command(
                server.base_url,
                key,
                max_examples=max_examples,
                max_time=max_time,
                seed=seed,
                report_dir=report_dir,
                examples=examples,
            ),
            capture_output=True,
            text=True,
            timeout=(max_time or 1200) + 120,
            check=False,
        )
        long = long_inputs.sweep(server.base_url, key, size=LONG_INPUT)
    lines = [
        f"Long inputs ({LONG_INPUT} characters): {long.probes} probes, slowest "
        f"{long.slowest:.3f}s, /healthz slowest {long.healthz_slowest:.3f}s"
    ]
    lines += [f"  FAILED {failure}" for failure in long.failures]
    result.stdout += "\n".join(lines) + "\n"
    if long.failures and result.returncode == 0:
        result.returncode = 1
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--max-examples", type=int, default=100)
    parser.add_argument("--max-time", type=int, default=600, help="seconds for the whole run")
    parser.add_argument("--seed", type=int, default=None, help="default: a new one each run")
    parser.add_argument("--report-dir", type=Path, default=Path("fuzz-report"))
    parser.add_argument(
        "--examples",
        type=Path,
        default=EXAMPLES,
        help="examples database: what a run finds is replayed by `make test` once committed",
    )
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(2**31)
    with database(args.backend) as url:
        result = run(
            url,
            max_examples=args.max_examples,
            max_time=args.max_time,
            seed=seed,
            report_dir=args.report_dir,
            examples=args.examples,
        )
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    sys.stderr.write(f"backend {args.backend}, seed {seed}: exit {result.returncode}\n")
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
