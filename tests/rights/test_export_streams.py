"""Streams end when their reader leaves: aborted downloads give back their thread, cursor
and connection at once, on the real server."""

from __future__ import annotations

import os
import secrets
import socket
import struct
import time
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
from sqlalchemy import text

from conftest import LiveServer
from factories import bearer
from privacy_api.core.data.db import Database
from privacy_api.records.models import Record
from privacy_api.register.service import Register
from privacy_api.subjects.models import Subject

SID = "big-1"
RECORDS = 6000  # about 18 MB of ZIP: far more than the socket buffers hold mid-flight
DOWNLOADS = 8


def _seed(db: Database) -> None:
    now = datetime.now(UTC)
    with db.transaction() as session:
        session.add(
            Subject(
                subject_id=SID,
                email="big@example.com",
                status="active",
                demo=False,
                attributes={},
                created_at=now,
                updated_at=now,
            )
        )
        session.flush()
        # Random text barely compresses, so the ZIP stays as large as the records.
        session.add_all(
            Record(
                subject_id=SID,
                activity="account",
                category="profile",
                property="app",
                data={"note": secrets.token_urlsafe(1500)},
                occurred_at=now,
                recorded_at=now,
                register_version=1,
            )
            for _ in range(RECORDS)
        )


def _threads(server: LiveServer) -> int:
    return len(os.listdir(f"/proc/{server.process.pid}/task"))


def _settled_threads(server: LiveServer, *, within: float = 10.0) -> int:
    """The thread count once it has not changed for a second."""
    deadline = time.monotonic() + within
    last, since = _threads(server), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = _threads(server)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= 1.0:
            break
    return last


def _abandon_downloads(server: LiveServer, key: str) -> None:
    """Start the downloads, read the first bytes of each, then reset every connection."""
    port = int(server.url.rsplit(":", 1)[1])
    request = (
        f"GET /v1/subjects/{SID}/export HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {key}\r\nConnection: close\r\n\r\n"
    ).encode()
    sockets = []
    for _ in range(DOWNLOADS):
        sock = socket.socket()
        sock.settimeout(30)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connect: small window
        sock.connect(("127.0.0.1", port))
        sock.sendall(request)
        sockets.append(sock)
    for sock in sockets:
        first = sock.recv(4096)
        assert first.startswith(b"HTTP/1.1 200"), first[:200]
    for sock in sockets:
        # Linger 0: the close is a reset, as when a browser tab is closed mid-download.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()


def _open_transactions(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'"
                )
            ).scalar_one()
        )


def test_aborted_downloads_release_their_threads_and_writes_succeed(
    live_server: LiveServer,
    db: Database,
    backend: str,
    loaded: Register,
    make_key: Callable[..., str],
) -> None:
    _seed(db)
    export_key = make_key("export")
    writer = bearer(make_key("subjects:write"))
    # Two rounds first: they grow the server's request thread pool to what this load
    # needs (those threads stay, idle, by design); the third round must add nothing.
    for _ in range(2):
        _abandon_downloads(live_server, export_key)
    baseline = _settled_threads(live_server)

    _abandon_downloads(live_server, export_key)
    with httpx.Client(base_url=live_server.url, headers=writer, timeout=10) as http:
        statuses = [
            http.put(f"/v1/subjects/w-{i}", json={"email": f"w{i}@example.com"}).status_code
            for i in range(30)
        ]
    assert set(statuses) <= {200, 201}, statuses  # no 503: nothing holds the database
    deadline = time.monotonic() + 3
    while _threads(live_server) > baseline and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _threads(live_server) <= baseline
    if backend == "postgresql":
        assert _open_transactions(db) == 0
    assert live_server.errors() == []
