"""Prometheus metrics: request counts and latency by route template and status."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class HttpMetrics:
    """One registry per app, so several apps in one process (tests) do not collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "privacy_api_http_requests",
            "HTTP requests served",
            ("method", "route", "status"),
            registry=self.registry,
        )
        self.latency = Histogram(
            "privacy_api_http_request_duration_seconds",
            "Time from request start to the last byte of the response",
            ("method", "route"),
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )

        # labels() takes a lock and builds a key on every call; the children are stable per
        # (method, route, status), so each request reuses its pair.
        self._children: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        children = self._children.get((method, route, status))
        if children is None:
            children = (
                self.requests.labels(method, route, str(status)),
                self.latency.labels(method, route),
            )
            self._children[(method, route, status)] = children
        children[0].inc()
        children[1].observe(seconds)
