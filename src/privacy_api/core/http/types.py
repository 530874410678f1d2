"""Request field types that accept exactly what the published schema says.

Pydantic's lax mode reads a number as a Unix timestamp (`"at": 0` is 1970-01-01), which the
schema (`format: date-time`) does not allow; a caller sending a number has made a mistake we
should report rather than act on, e.g. a retention run "as of 1970".

Every text a caller sends is bounded here or where it is declared, and every pattern is
linear in its input: one request must not hold a worker (issue 11, item 2).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any

from email_validator import EmailNotValidError, validate_email
from fastapi import Path
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field

# Each character can be read one way only (digits, then at most one dot and digits): the
# earlier `\d+\.?\d*` split a run of digits in every way before failing, O(n^2) on a run
# of digits followed by anything else.
_NUMBER = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*")
# The longest ISO 8601 time pydantic reads ("2026-11-25T10:00:00.123456+01:00" and spaces).
MAX_TIME_TEXT = 64


def _text_not_number(value: Any) -> Any:
    if isinstance(value, str):
        if len(value) > MAX_TIME_TEXT:
            raise ValueError(f"expected an ISO 8601 string of at most {MAX_TIME_TEXT} characters")
        # A time of day has a colon, a number never: the pattern runs only for the rest.
        if ":" not in value and _NUMBER.fullmatch(value):
            raise ValueError("expected an ISO 8601 string, not a number")
    elif isinstance(value, bool | int | float):
        raise ValueError("expected an ISO 8601 string, not a number")
    return value


def _in_utc_range(value: datetime) -> datetime:
    # Every time is stored in UTC: 0001-01-01T00:00+14:00 is in year 0 there, and
    # 9999-12-31T23:59-23:59 in year 10000, neither of which a datetime can hold.
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise ValueError("the time is outside the years 1 to 9999 in UTC") from None
    return value


Timestamp = Annotated[
    AwareDatetime, BeforeValidator(_text_not_number), AfterValidator(_in_utc_range)
]
Day = Annotated[date, BeforeValidator(_text_not_number)]

# Row numbers are INTEGER columns; a larger id cannot exist, and passing it to the driver
# would overflow rather than simply find nothing.
MAX_ROW_ID = 2**31 - 1

# The ids this service hands out ("dsr_...", "ord_...", "sys_..."): a path that cannot be
# one is refused before any look-up.
OpaqueIdPath = Annotated[
    str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$", description="An id")
]

# RFC 5321's limit on a forward path; the column is 320 wide.
MAX_EMAIL = 254
# C0, DEL and C1 controls, and the Unicode line and paragraph separators: an address with
# one would split a mail header or a CSV line. Refused, never silently stripped.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _email(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("an e-mail address holds no control characters or line breaks")
    try:
        # Only the address itself ("Jan <jan@example.com>" is not one), not its domain's
        # mail servers: a look-up per request would be slow and say nothing about the person.
        checked = validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"not a valid e-mail address: {exc}") from exc
    return checked.normalized


Email = Annotated[
    str, Field(max_length=MAX_EMAIL, json_schema_extra={"format": "email"}), AfterValidator(_email)
]


def safe_email(value: str) -> str:
    """`value` as an e-mail address of this service, for the paths that take one outside a
    schema (a rectification's corrections); ValueError says why not."""
    if len(value) > MAX_EMAIL:
        raise ValueError(f"an e-mail address has at most {MAX_EMAIL} characters")
    return _email(value)


def without_controls(value: str) -> str:
    """For short display texts (names, versions): no control characters or line breaks."""
    if _CONTROL.search(value):
        raise ValueError("no control characters or line breaks")
    return value
