"""uvicorn's httptools protocol with a deadline on request headers (slowloris), and its own
refusals (a request it cannot parse, such as a URL beyond httptools' limit) as problem+json.

uvicorn times out idle keep-alive connections but not a request whose headers never end:
a client sending one header byte every few seconds held its connection, and enough of them
every connection the process may open. Here each request's headers must be complete
within `PRIVACY_API_HEADER_TIMEOUT_SECONDS` of its connection or its first byte; otherwise
the answer is 408 and the connection is closed. Bodies are the application's to bound.
"""

from __future__ import annotations

import asyncio
import functools
import json
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from privacy_api.config import load_settings
from privacy_api.core.errors import PROBLEM_BASE, PROBLEM_MEDIA_TYPE

_DETAIL = b"The request headers took too long.\r\n"
_TIMED_OUT = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(_DETAIL), _DETAIL)
)


_UNPARSEABLE = json.dumps(
    {
        "type": f"{PROBLEM_BASE}invalid-http-request",
        "title": "The request is not valid HTTP",
        "status": 400,
        "detail": "The request could not be read (malformed, or a URL or header too long).",
    }
).encode()


@functools.cache
def header_timeout() -> float:
    # Read once per process: uvicorn builds the protocol, not the app, so it has no settings.
    return load_settings().header_timeout_seconds


class HeaderDeadlineProtocol(HttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()  # the next request on a kept-alive connection

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._header_deadline is None:
            self._header_deadline = self.loop.call_later(header_timeout(), self._too_slow)

    def _disarm(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def send_400_response(self, msg: str) -> None:
        # As uvicorn answers, but in the one error format of the API (RFC 9457).
        head = (
            f"HTTP/1.1 400 Bad Request\r\ncontent-type: {PROBLEM_MEDIA_TYPE}\r\n"
            f"content-length: {len(_UNPARSEABLE)}\r\nconnection: close\r\n\r\n"
        )
        self.transport.write(head.encode() + _UNPARSEABLE)
        self.transport.close()

    def _too_slow(self) -> None:
        self._header_deadline = None
        if not self.transport.is_closing():
            self.transport.write(_TIMED_OUT)
            self.transport.close()
