"""Benchmarks: real servers under wrk, every figure a ratio to a same-run FastAPI floor."""
