"""Start servers, drive them with wrk, and read throughput, latency, start-up and memory."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SERVER_CPU = "0"
LOAD_CPU = "1"


@dataclass(frozen=True)
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    started_in_s: float

    def rss_mib(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        return int(match.group(1)) / 1024 if match else float("nan")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pinned(cpu: str, command: Sequence[str]) -> list[str]:
    if shutil.which("taskset") and (os.cpu_count() or 1) > 1:
        return ["taskset", "-c", cpu, *command]
    return list(command)


# One key for every process of a run (PostgreSQL requires one); the caller's wins.
BENCH_SECRET = secrets.token_urlsafe(48)


def process_env(env: dict[str, str]) -> dict[str, str]:
    return {"PRIVACY_API_SECRET_KEY": BENCH_SECRET, **os.environ, **env}


@contextmanager
def serve(command: Sequence[str], env: dict[str, str], health_path: str) -> Iterator[Server]:
    """Start a server process pinned to its core; yield once it answers `health_path`."""
    port = _free_port()
    full = _pinned(SERVER_CPU, [*command, "--port", str(port)])
    started = time.perf_counter()
    process = subprocess.Popen(
        full, env=process_env(env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = started + 30
        while True:
            try:
                if httpx.get(base_url + health_path, timeout=0.5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.perf_counter() > deadline:
                raise RuntimeError(f"server did not become healthy: {' '.join(full)}")
            time.sleep(0.01)
        yield Server(process, base_url, time.perf_counter() - started)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


_LATENCY_LINE = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def pin_postgres(datadir: Path) -> None:
    """PostgreSQL on the load generator's core, as PERFORMANCE.md measured the floors.

    Every backend is forked from the postmaster, so they inherit its affinity.
    """
    if not shutil.which("taskset") or (os.cpu_count() or 1) < 2:
        return
    postmaster = (datadir / "postmaster.pid").read_text().split()[0]
    subprocess.run(["taskset", "-a", "-cp", LOAD_CPU, postmaster], check=True, capture_output=True)


def wrk_command(
    url: str,
    *,
    seconds: int,
    connections: int = 16,
    headers: Sequence[str] = (),
    script: Path | None = None,
) -> list[str]:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    for header in headers:
        command += ["-H", header]
    if script is not None:
        command += ["-s", str(script)]
    return _pinned(LOAD_CPU, [*command, url])


def wrk(
    url: str,
    *,
    seconds: int,
    connections: int = 16,
    headers: Sequence[str] = (),
    script: Path | None = None,
) -> Load:
    command = wrk_command(
        url, seconds=seconds, connections=connections, headers=headers, script=script
    )
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return parse_wrk(out)


def parse_wrk(out: str) -> Load:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    latency = {q: float(v) * _UNIT_MS[u] for q, v, u in _LATENCY_LINE.findall(out)}
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(g) for g in socket_errors.groups())
    return Load(
        rps=rps,
        p50_ms=latency.get("50", float("nan")),
        p99_ms=latency.get("99", float("nan")),
        errors=errors,
    )


def privacy_api(*args: str, env: dict[str, str]) -> str:
    out = subprocess.run(
        [str(BIN / "privacy-api"), *args],
        check=True,
        capture_output=True,
        text=True,
        env=process_env(env),
    )
    return out.stdout


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="privacy-bench-") as folder:
        yield f"sqlite:///{folder}/bench.db"


def our_server_command() -> list[str]:
    return [str(BIN / "privacy-api"), "serve", "--host", "127.0.0.1"]


def baseline_command() -> list[str]:
    return [
        str(BIN / "uvicorn"),
        "benchmarks.baseline_app:app",
        "--host",
        "127.0.0.1",
        "--http",
        "httptools",
        "--loop",
        "uvloop",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
