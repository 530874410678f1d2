"""Choosing a response language from `Accept-Language` (RFC 9110 §12.5.4), in bounded time."""

from __future__ import annotations

import re

# A client sends a handful of ranges; a header of thousands is an attack or a mistake, and
# reading only the first few keeps every request's cost small whatever the header's length.
MAX_RANGES = 32
_QVALUE = re.compile(r"q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)")


def _weight(params: list[str]) -> float:
    for param in params:
        match = _QVALUE.fullmatch(param.strip().lower())
        if match:
            return float(match.group(1))
    return 1.0


def negotiate(header: str | None, supported: tuple[str, ...], default: str) -> str:
    """The supported language the header prefers most (ties: the header's order); `*` and
    unknown or missing headers give `default`."""
    if not header:
        return default
    best, best_q = default, 0.0
    # maxsplit bounds the work: the split stops after MAX_RANGES ranges, the rest unread.
    for item in header.split(",", MAX_RANGES)[:MAX_RANGES]:
        tag, *params = item.split(";", 4)
        primary = tag.strip().lower().split("-", 1)[0]
        choice = default if primary == "*" else primary
        q = _weight(params[:4])
        if choice in supported and q > best_q:
            best, best_q = choice, q
    return best
