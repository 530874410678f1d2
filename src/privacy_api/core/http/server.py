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
from privacy_api.core.http.errors import PROBLEM_BASE, PROBLEM_MEDIA_TYPE

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
    """One timer per connection, not per request: arming and cancelling a timer for every
    request cost ~5 us on uvloop, a few per cent of a consent read. A request only notes
    when its headers began; the timer looks at that and sleeps until that deadline."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._timeout = header_timeout()
        self._headers_began: float | None = None
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._headers_began = self.loop.time()  # a connection that sends nothing counts
        self._deadline = self.loop.call_later(self._timeout, self._check)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._headers_began is None:  # the next request on a kept-alive connection
            self._headers_began = self.loop.time()

    def on_headers_complete(self) -> None:
        self._headers_began = None
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        super().connection_lost(exc)

    def _check(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        began, now = self._headers_began, self.loop.time()
        if began is not None and now - began >= self._timeout:
            self.transport.write(_TIMED_OUT)
            self.transport.close()
            return
        wait = self._timeout if began is None else began + self._timeout - now
        self._deadline = self.loop.call_later(wait, self._check)

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
