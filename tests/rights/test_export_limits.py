"""Package downloads are bounded per process in number and in total time (issue 28,
finding 6: a stalled reader held a thread and a connection for 120 s, renewed by reading
slowly, and nothing bounded how many did so at once). On the real server."""

from __future__ import annotations

import socket
import struct
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from test_export_streams import SID, _open_transactions, _seed, _settled_threads, _threads

from conftest import LiveServer, serving
from factories import assert_problem, bearer
from privacy_api.audit.models import AuditEntry
from privacy_api.core.data.db import Database
from privacy_api.register.service import Register


def _stalled_download(server: LiveServer, key: str) -> socket.socket:
    """A download whose reader took its first bytes and then stopped reading."""
    port = int(server.url.rsplit(":", 1)[1])
    sock = socket.socket()
    sock.settimeout(30)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    sock.sendall(
        f"GET /v1/subjects/{SID}/export HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {key}\r\nConnection: close\r\n\r\n".encode()
    )
    first = sock.recv(4096)
    assert first.startswith(b"HTTP/1.1 200"), first[:200]
    return sock


def _reset(sock: socket.socket) -> None:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def _packages_audited(db: Database) -> int:
    with db.transaction(write=False) as session:
        return len(
            session.scalars(
                select(AuditEntry).where(AuditEntry.action == "subject.export_package")
            ).all()
        )


@pytest.fixture
def big(db: Database, loaded: Register) -> None:
    _seed(db)


@pytest.fixture
def two_at_once(database_url: str, big: None, tmp_path: Path) -> Iterator[LiveServer]:
    with serving(
        database_url, tmp_path / "server.log", PRIVACY_API_EXPORT_MAX_CONCURRENT="2"
    ) as server:
        yield server


def test_exports_beyond_the_process_limit_get_503_with_retry_after_and_hand_out_nothing(
    two_at_once: LiveServer, db: Database, make_key: Callable[..., str]
) -> None:
    key = make_key("export")
    held = [_stalled_download(two_at_once, key) for _ in range(2)]
    busy = httpx.get(f"{two_at_once.url}/v1/subjects/{SID}/export", headers=bearer(key))
    problem = assert_problem(busy, 503)
    assert problem["type"].endswith("/exports-busy")
    assert int(busy.headers["retry-after"]) > 0
    assert _packages_audited(db) == 2  # the refused one handed out nothing
    for sock in held:
        _reset(sock)
    # The places come back when the readers are gone.
    deadline = time.monotonic() + 10
    while True:
        again = httpx.get(f"{two_at_once.url}/v1/subjects/{SID}/export", headers=bearer(key))
        if again.status_code == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert again.status_code == 200
    assert again.content.startswith(b"PK")
    assert two_at_once.errors() == []


def test_a_reader_taking_a_little_now_and_then_is_cut_off_after_the_total_time(
    database_url: str,
    db: Database,
    big: None,
    backend: str,
    make_key: Callable[..., str],
    tmp_path: Path,
) -> None:
    key = make_key("export")
    with serving(
        database_url,
        tmp_path / "server.log",
        PRIVACY_API_EXPORT_MAX_SECONDS="2",
        PRIVACY_API_EXPORT_MAX_CONCURRENT="1",
    ) as server:
        # One download abandoned first: it grows the request thread pool to what one needs
        # (those threads stay, idle, by design); the cut-off one must leave nothing behind.
        _reset(_stalled_download(server, key))
        baseline = _settled_threads(server)
        sock = _stalled_download(server, key)
        started = time.monotonic()
        # Always taking a little, so the two-minute stall rule never fires.
        while "stream cut off" not in server.log.read_text() and time.monotonic() - started < 15:
            time.sleep(0.3)
            sock.recv(4096)
        took = time.monotonic() - started
        assert took < 8, f"not cut off within {took:.1f} s"
        # Its thread, connection and place are given back while the reader still holds
        # its socket: the next download is served.
        deadline = time.monotonic() + 5
        while _threads(server) > baseline and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _threads(server) <= baseline
        if backend == "postgresql":
            assert _open_transactions(db) == 0
        with httpx.stream(
            "GET", f"{server.url}/v1/subjects/{SID}/export", headers=bearer(key), timeout=30
        ) as response:
            assert response.status_code == 200
        # What was in flight still arrives; then the connection ends without the chunked
        # body's last chunk: the reader can tell the package is incomplete.
        tail = b""
        sock.settimeout(10)
        while True:
            try:
                chunk = sock.recv(1 << 16)
            except OSError:
                break
            if not chunk:
                break
            tail = (tail + chunk)[-16:]
        sock.close()
        assert not tail.endswith(b"0\r\n\r\n")
        assert "stream cut off" in server.log.read_text()
