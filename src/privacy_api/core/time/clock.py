"""The one source of 'now', so deadlines and retention can be tested with a frozen clock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

_frozen_at: datetime | None = None


def now() -> datetime:
    return _frozen_at if _frozen_at is not None else datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """Naive values (SQLite gives them back) are UTC by our storage rule."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@contextmanager
def frozen(at: datetime) -> Iterator[datetime]:
    global _frozen_at
    previous, _frozen_at = _frozen_at, as_utc(at)
    try:
        yield _frozen_at
    finally:
        _frozen_at = previous
