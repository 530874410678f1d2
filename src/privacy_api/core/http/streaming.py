"""Responses written by a producer thread and sent by the event loop, stopped with the reader.

The producer (blocking database reads, say) runs on its own thread and hands chunks to the
loop, with room for a few in flight. However the response ends (sent whole, the client
gone, the server stopping), the producer is told to stop and quits at its next chunk, so an
abandoned download holds no thread, cursor or connection for longer than that.

Two bounds hold against readers that are slow on purpose. A response is cut off once it
has run `max_seconds` in all: the stall rule alone (nothing taken for two minutes) let a
reader that takes a little now and then keep its thread and connection for ever. And a
process streams at most so many responses at once (`StreamSlots`): each holds a thread
and a database connection, so without a bound a few hundred slow downloads would take the
pool from every other request.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import weakref
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

IN_FLIGHT = 8  # chunks produced but not yet sent: the memory bound of one response
_POLL_SECONDS = 0.05  # how soon a waiting producer notices that its reader left
_STALLED_SECONDS = 120.0  # a reader that takes nothing for this long is given up
_DONE = object()

log = logging.getLogger("privacy_api.streaming")


class StreamCutOff(Exception):
    """A response ran past its total time: the connection is closed mid-body, so the
    reader sees an incomplete download, never a complete-looking short one."""


class Slot:
    """One place among a process's streams; given back once, however often released."""

    def __init__(self, slots: StreamSlots) -> None:
        self._slots: StreamSlots | None = slots

    def release(self) -> None:
        slots, self._slots = self._slots, None
        if slots is not None:
            slots.give_back()


class StreamSlots:
    """At most `limit` streams at once in this process (thread-safe: taken on a request
    thread, given back on the event loop)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._taken = 0

    @property
    def taken(self) -> int:
        return self._taken

    def take(self) -> Slot | None:
        """A slot, or None when all are taken."""
        with self._lock:
            if self._taken >= self.limit:
                return None
            self._taken += 1
        return Slot(self)

    def give_back(self) -> None:
        with self._lock:
            self._taken -= 1


class ReaderGone(Exception):
    """The response ended: the producer stops (raised inside it by `Channel.send`)."""


class Channel:
    """Chunks from the producer thread to the event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.inbox: asyncio.Queue[object] = asyncio.Queue()
        self.room = threading.Semaphore(IN_FLIGHT)
        self.stopped = threading.Event()

    def deliver(self, item: object) -> None:
        """Hand an item to the loop without ever blocking the producer."""
        try:
            self.loop.call_soon_threadsafe(self.inbox.put_nowait, item)
        except RuntimeError:  # the loop is closed: nobody will read
            self.stopped.set()

    def send(self, chunk: bytes) -> None:
        """Wait for room in short slices, so a stop is noticed within `_POLL_SECONDS`."""
        deadline = time.monotonic() + _STALLED_SECONDS
        while not self.room.acquire(timeout=_POLL_SECONDS):
            if self.stopped.is_set():
                raise ReaderGone
            if time.monotonic() > deadline:
                raise TimeoutError("the reader took nothing for two minutes")
        if self.stopped.is_set():
            raise ReaderGone
        self.deliver(chunk)


class ThreadedStream:
    """`produce(send)` on a thread of its own, its chunks as an async iterator."""

    def __init__(self, produce: Callable[[Callable[[bytes], None]], None], *, name: str) -> None:
        self._produce = produce
        self._name = name
        self._channel: Channel | None = None

    def stop(self) -> None:
        if self._channel is not None:
            self._channel.stopped.set()

    def _run(self, channel: Channel) -> None:
        try:
            self._produce(channel.send)
        except ReaderGone:
            pass  # nobody to tell
        except Exception as exc:  # the reader must learn that the body is broken
            channel.deliver(exc)
        finally:
            channel.deliver(_DONE)

    async def chunks(self) -> AsyncIterator[bytes]:
        # Started here, on the loop, not when the response is built: a response that is
        # never sent starts no thread.
        channel = self._channel = Channel(asyncio.get_running_loop())
        threading.Thread(target=self._run, args=(channel,), daemon=True, name=self._name).start()
        try:
            while True:
                item = await channel.inbox.get()
                if item is _DONE:
                    return
                if isinstance(item, BaseException):
                    raise RuntimeError("the response could not be completed") from item
                assert isinstance(item, bytes)
                channel.room.release()
                yield item
        finally:
            channel.stopped.set()


class ThreadedStreamingResponse(StreamingResponse):
    """Stops its stream however the response ends. Starlette does not close the body
    iterator when the client leaves, so the generator's own `finally` cannot be relied on."""

    def __init__(
        self,
        stream: ThreadedStream,
        *,
        max_seconds: float | None = None,
        slot: Slot | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(stream.chunks(), **kwargs)
        self.stream = stream
        self.max_seconds = max_seconds
        self.slot = slot
        if slot is not None:
            # Given back even if the response is never sent (an error before it starts).
            weakref.finalize(self, slot.release)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            async with asyncio.timeout(self.max_seconds):
                await super().__call__(scope, receive, send)
        except TimeoutError:
            # Raised, not returned: the server then closes the connection mid-body.
            log.warning("stream cut off", extra={"after_seconds": self.max_seconds})
            raise StreamCutOff(f"not sent whole within {self.max_seconds} s") from None
        finally:
            self.stream.stop()
            if self.slot is not None:
                self.slot.release()
