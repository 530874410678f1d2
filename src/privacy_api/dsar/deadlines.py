"""Art. 12(3) date arithmetic: one calendar month, extendable once by two more.

A month after 31 January is the last day of February (28 or 29): the day of the month is
kept where it exists and clamped to the month's end where it does not. Computed in UTC.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime

RESPONSE_MONTHS = 1
EXTENSION_MONTHS = 2


def add_months(moment: datetime, months: int) -> datetime:
    utc = moment.astimezone(UTC)
    index = utc.month - 1 + months
    year, month = utc.year + index // 12, index % 12 + 1
    day = min(utc.day, calendar.monthrange(year, month)[1])
    return utc.replace(year=year, month=month, day=day)


def due_date(received_at: datetime) -> datetime:
    return add_months(received_at, RESPONSE_MONTHS)


def extended_due_date(due_at: datetime) -> datetime:
    return add_months(due_at, EXTENSION_MONTHS)
