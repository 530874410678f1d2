"""Slow headers are cut off (issue 11, item 6): a client that dribbles its request headers
gets 408 and loses its connection after PRIVACY_API_HEADER_TIMEOUT_SECONDS, while others
are served as usual. Against the real server (uvicorn), through raw sockets."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from conftest import LiveServer, serving


@pytest.fixture(scope="module")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    # Only /healthz is asked for: one server per backend, no data to empty between tests.
    log = tmp_path_factory.mktemp("slow") / "server.log"
    with serving(database_url, log, PRIVACY_API_HEADER_TIMEOUT_SECONDS="1") as live:
        yield live


def _connect(url: str) -> socket.socket:
    parts = urlsplit(url)
    return socket.create_connection((parts.hostname, parts.port), timeout=5)


def _dribble(sock: socket.socket, seconds: float) -> bytes:
    """Sends a header line every 0.2 s for `seconds`; what the server answered, if it did."""
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    deadline = time.monotonic() + seconds
    sock.settimeout(0.2)
    answer = b""
    while time.monotonic() < deadline:
        try:
            sock.sendall(b"X-Slow: 1\r\n")
        except OSError:  # closed by the server
            break
        try:
            chunk = sock.recv(4096)
        except TimeoutError:
            continue
        except OSError:
            break
        if not chunk:
            break
        answer += chunk
    return answer


def test_headers_dribbled_past_the_deadline_get_408_and_the_connection_closes(
    server: LiveServer,
) -> None:
    started = time.monotonic()
    with _connect(server.url) as slow:
        answer = _dribble(slow, seconds=6)
    took = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 408 "), answer
    assert 0.9 < took < 3, took


def test_a_connection_that_sends_nothing_is_closed_too(server: LiveServer) -> None:
    with _connect(server.url) as idle:
        idle.settimeout(5)
        started = time.monotonic()
        answer = idle.recv(4096)
        assert answer.startswith(b"HTTP/1.1 408 ")
        assert time.monotonic() - started < 3


def test_others_are_served_while_slow_clients_dribble(server: LiveServer) -> None:
    slow = [_connect(server.url) for _ in range(20)]
    try:
        for sock in slow:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n")
        for _ in range(10):
            started = time.monotonic()
            assert httpx.get(f"{server.url}/healthz", timeout=2).status_code == 200
            assert time.monotonic() - started < 0.5
        # A prompt client on a kept-alive connection is never cut, however long it stays.
        with httpx.Client(base_url=server.url) as client:
            for _ in range(3):
                assert client.get("/healthz").status_code == 200
                time.sleep(0.6)
    finally:
        for sock in slow:
            sock.close()
