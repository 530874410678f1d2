"""Prometheus gauges from ops/status.py, computed when Prometheus scrapes."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.ops.status import OpsStatus, snapshot

log = logging.getLogger("privacy_api.ops")


class OpsCollector(Collector):
    """The status counts as gauges. Each scrape of each replica runs the counts (a few
    indexed scans); a flood of scrapes is held to one computation per `cache_seconds`."""

    def __init__(self, db: Database, *, cache_seconds: float = 2.0) -> None:
        self.db = db
        self.cache_seconds = cache_seconds
        self._lock = threading.Lock()
        # When computed, and the status (None: the database was away).
        self._cached: tuple[float, OpsStatus | None] | None = None

    def _status(self) -> OpsStatus | None:
        with self._lock:
            if self._cached is not None and time.monotonic() - self._cached[0] < self.cache_seconds:
                return self._cached[1]
            status: OpsStatus | None
            try:
                with self.db.transaction(write=False) as session:
                    status = snapshot(session, clock.now())
            except Exception as exc:
                # /metrics still answers (the request metrics matter most when the
                # database is away); the gauges are missing, which alerting notices.
                # Remembered like a success: a flood of scrapes against a database that
                # does not answer would otherwise queue, one connect timeout each, on the
                # lock, holding the thread pool every synchronous endpoint shares.
                log.warning("ops gauges unavailable", extra={"error": type(exc).__name__})
                status = None
            self._cached = (time.monotonic(), status)
            return status

    def describe(self) -> list[Metric]:
        # Registering must not query the database (the registry would call collect()).
        return []

    def collect(self) -> Iterator[Metric]:
        status = self._status()
        if status is None:
            return
        gauges = [
            (
                "privacy_api_dsar_overdue",
                "Open rights requests past their due date",
                status.dsar_overdue,
            ),
            (
                "privacy_api_dsar_due_within_7_days",
                "Open rights requests due within 7 days",
                status.dsar_due_soon,
            ),
            (
                "privacy_api_outbox_dead_messages",
                "Messages given up after their last attempt",
                status.outbox_dead,
            ),
            ("privacy_api_breaches_open", "Breaches not yet closed", status.breaches_open),
            (
                "privacy_api_breaches_authority_overdue",
                "Breaches past their 72 hours without notifying the authority",
                status.breaches_authority_overdue,
            ),
        ]
        for name, documentation, value in gauges:
            yield GaugeMetricFamily(name, documentation, value=value)
