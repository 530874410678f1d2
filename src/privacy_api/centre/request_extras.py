"""The request form's fields for the rights the policy names beyond "what do you want to do"
(issue 29): a rectification says what is wrong and what is right; a portability request may
name the organisation the data goes to (GDPR Art. 16 and 20(2), policy §3). Each becomes the
API's own request details, which `DsarCreate` checks again."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from privacy_api.centre.more_words import MORE_WORDS
from privacy_api.core.html.pages import Lang
from privacy_api.dsar.recipient import Recipient
from privacy_api.subjects.schemas import checked_corrections

# What the form lets a person correct: the profile's fields (subjects.schemas._Corrections).
CORRECTABLE = ("name", "email", "attributes.company_name", "attributes.billing_address")
FIELDS = ("rect_field", "rect_wrong", "rect_right", "recipient_name", "recipient_email")
_MAX = 1000


def extra_details(
    kind: str, form: dict[str, str], lang: Lang
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """(details to add to the request, what to fix as (field, message))."""
    if kind == "rectification":
        return _rectification(form, lang)
    if kind == "portability":
        return _recipient(form, lang)
    return {}, []


def _rectification(form: dict[str, str], lang: Lang) -> tuple[dict[str, Any], list[Any]]:
    words = MORE_WORDS[lang]
    field = form.get("rect_field", "")
    wrong, right = form.get("rect_wrong", "").strip(), form.get("rect_right", "").strip()
    errors = []
    if field not in CORRECTABLE:
        errors.append(("rect_field", words["bad_rect_field"]))
    if not wrong or len(wrong) > _MAX:
        errors.append(("rect_wrong", words["bad_rect_wrong"]))
    if not right or len(right) > _MAX:
        errors.append(("rect_right", words["bad_rect_right"]))
    if errors:
        return {}, errors
    try:
        corrections = checked_corrections({field: right})
    except ValueError:
        return {}, [("rect_right", words["bad_rect_value"])]
    return {"corrections": corrections, "wrong": wrong}, []


def _recipient(form: dict[str, str], lang: Lang) -> tuple[dict[str, Any], list[Any]]:
    words = MORE_WORDS[lang]
    name, email = form.get("recipient_name", "").strip(), form.get("recipient_email", "").strip()
    if not name and not email:
        return {}, []  # the data goes to the person themselves
    try:
        recipient = Recipient.model_validate({"name": name, "email": email})
    except ValidationError as exc:
        bad = {str(e["loc"][0]) for e in exc.errors()}
        errors = []
        if "name" in bad:
            errors.append(("recipient_name", words["bad_recipient_name"]))
        if "email" in bad:
            errors.append(("recipient_email", words["bad_recipient_email"]))
        return {}, errors
    return {"recipient": recipient.model_dump()}, []
