"""Art. 20(2): a portability request may name the organisation the data goes to (policy §3,
"wybranej przez Ciebie organizacji"). Checked at intake, so a ticket holds a recipient that
staff can confirm and mail, or none: an invalid address is a 422 and nothing is stored."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError
from pydantic.functional_validators import AfterValidator

from privacy_api.core.http.types import Email, without_controls

OrganisationName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=2, max_length=200),
    AfterValidator(without_controls),
]


class Recipient(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: OrganisationName
    email: Email


def checked_recipient(request_type: str, details: dict[str, Any]) -> None:
    """Normalise `details["recipient"]` in place; ValueError says what is wrong with it."""
    raw = details.get("recipient")
    if raw is None:
        details.pop("recipient", None)
        return
    if request_type != "portability":
        raise ValueError("details.recipient: only a portability request names a recipient")
    if not isinstance(raw, dict):
        raise ValueError("details.recipient: give {name, email} of the organisation")
    try:
        recipient = Recipient.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "recipient"
        raise ValueError(f"details.recipient.{where}: {error['msg']}") from None
    details["recipient"] = recipient.model_dump()
