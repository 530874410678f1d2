"""A downstream system of a property on 127.0.0.1: verifies Standard Webhooks signatures,
fails a set number of times, then accepts; keeps what it accepted."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def verifies(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """Standard Webhooks: does any `v1,` signature of the header verify with `secret`?"""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(
        hmac.compare_digest(f"v1,{expected}", sig) for sig in headers["webhook-signature"].split()
    )


class DownstreamSystem:
    def __init__(self, *, failures: int = 0, port: int = 0, redirect_to: str | None = None) -> None:
        self.failures_left = failures
        self.redirect_to = redirect_to
        self.secret: str | None = None
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.accepted: list[dict[str, Any]] = []
        self.attempts: list[str] = []
        self.bad_signatures = 0
        system = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                system.receive(dict(self.headers), body, self)

            def log_message(self, *_args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/privacy-orders"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def verify(self, headers: dict[str, str], body: bytes) -> bool:
        assert self.secret is not None
        return verifies(self.secret, headers, body)

    def receive(self, headers: dict[str, str], body: bytes, reply: BaseHTTPRequestHandler) -> None:
        lowered = {k.lower(): v for k, v in headers.items()}
        self.received.append((lowered, body))
        self.attempts.append(lowered["webhook-id"])
        if self.redirect_to is not None:
            reply.send_response(307)
            reply.send_header("Location", self.redirect_to)
        elif not self.verify(lowered, body):
            self.bad_signatures += 1
            reply.send_response(401)
        elif self.failures_left > 0:
            self.failures_left -= 1
            reply.send_response(503)
        else:
            self.accepted.append({"id": lowered["webhook-id"], **json.loads(body)})
            reply.send_response(202)
        reply.end_headers()

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
