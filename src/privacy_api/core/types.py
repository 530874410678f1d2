"""Request field types that accept exactly what the published schema says.

Pydantic's lax mode reads a number as a Unix timestamp (`"at": 0` is 1970-01-01), which the
schema (`format: date-time`) does not allow; a caller sending a number has made a mistake we
should report rather than act on, e.g. a retention run "as of 1970".
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator

_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")


def _text_not_number(value: Any) -> Any:
    if isinstance(value, str):
        # A time of day has a colon, a number never: the pattern runs only for the rest.
        if ":" not in value and _NUMBER.fullmatch(value):
            raise ValueError("expected an ISO 8601 string, not a number")
    elif isinstance(value, bool | int | float):
        raise ValueError("expected an ISO 8601 string, not a number")
    return value


Timestamp = Annotated[AwareDatetime, BeforeValidator(_text_not_number)]
Day = Annotated[date, BeforeValidator(_text_not_number)]

# Row numbers are INTEGER columns; a larger id cannot exist, and passing it to the driver
# would overflow rather than simply find nothing.
MAX_ROW_ID = 2**31 - 1
