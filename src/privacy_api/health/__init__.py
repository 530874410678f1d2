"""Liveness, readiness and metrics for the orchestrator and Prometheus."""
