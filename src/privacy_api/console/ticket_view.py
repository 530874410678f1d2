"""A request's details and result as staff read them: sentences and tables, never JSON.

The details a person typed (in Polish, say) are shown as they wrote them; the result an
erasure stored (erasure.erasure_summary) is shown as what was erased, what was kept, why,
until when and which fields each kept row still holds. A key this page does not know yet
is still shown, as a labelled line of text, so nothing stored is hidden from staff.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from privacy_api.register.spec import RegisterSpec
from privacy_api.rights.summary import store_title

Row = tuple[str, str]

_OUTCOMES = {
    "erased": "The person's data was erased, as the register's rules say.",
    "package": "The person was sent a download link to their {scope} package.",
    "rectified": "The profile was corrected.",
    "restricted": "Processing of the person's data is restricted.",
    "no_data_held": "No account matched: the person was told that no data is held.",
    "objection_upheld": "The objection was upheld.",
    "objection_refused": "The objection was refused.",
    "objection_pending": "The objection was recorded; it awaits a decision.",
    "closed_subject_erased": "Closed because the person's data was erased.",
    "awaiting_email_confirmation": "Waiting for the owner of the new address to enter their code.",
}
_FIELDS = {
    "id": "its id",
    "subject_id": "the subject's id",
    "email_until_answered": "the address until the answer is sent",
    "staff_names": "staff names",
    "history": "its history",
    "data": "the record's data",
    "occurred_at": "when it happened",
    "received_at": "received",
    "due_at": "due",
    "closed_at": "closed",
    "verified_at": "verified",
    "extended_at": "extended",
    "subject_line": "subject line",
    "created_at": "created",
    "acknowledged_at": "acknowledged",
    "policy_version": "policy version",
    "banner_version": "banner version",
    "system_id": "system",
    "lang": "language",
}
# Result keys shown by the tables or the outcome's sentence, not as lines of their own.
_TABLED = {"outcome", "scope", "stores", "erased", "anonymised", "retained", "activity"}


def label(key: str) -> str:
    return key.replace("_", " ").replace(".", " · ").capitalize()


def day(value: Any) -> str:
    """An ISO time as its day; anything else as text."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, str) and len(value) >= 10:
        try:
            return datetime.fromisoformat(value).date().isoformat()
        except ValueError:
            return value
    return text(value)


def text(value: Any) -> str:
    """Any stored value as a person reads it: lists joined, mappings as `key: value`."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{label(str(k))}: {text(v)}" for k, v in value.items()) or "—"
    if isinstance(value, list | tuple):
        return ", ".join(text(v) for v in value) or "—"
    return str(value)


def fields(names: list[str] | tuple[str, ...]) -> str:
    return ", ".join(_FIELDS.get(n, n.replace("_", " ")) for n in names) or "—"


def _recipient(recipient: dict[str, Any]) -> list[Row]:
    rows = [("Send to", f"{recipient.get('name', '—')} <{recipient.get('email', '—')}>")]
    if recipient.get("confirmed_at"):
        rows.append(
            (
                "Transfer",
                f"confirmed by {recipient.get('confirmed_by') or '—'} on "
                f"{day(recipient['confirmed_at'])}; "
                + (
                    f"downloaded on {day(recipient['downloaded_at'])}"
                    if recipient.get("downloaded_at")
                    else f"not downloaded yet (its link works once, until "
                    f"{day(recipient.get('link_expires_at'))})"
                ),
            )
        )
    else:
        rows.append(("Transfer", "not confirmed yet: nothing was sent to the organisation"))
    return rows


def detail_rows(details: dict[str, Any] | None, spec: RegisterSpec) -> list[Row]:
    """The request's details as labelled lines, in the words the person or caller used."""
    rows: list[Row] = []
    for key, value in (details or {}).items():
        if key == "message":
            rows.append(("Message", text(value)))
        elif key == "property":
            rows.append(("About", text(value)))
        elif key == "activity" and isinstance(value, str):
            rows.append(("Objects to", f"{store_title(spec, value, 'en')} ({value})"))
        elif key == "corrections" and isinstance(value, dict):
            rows += [(f"Correct {label(str(k)).lower()} to", text(v)) for k, v in value.items()]
        elif key == "wrong":
            rows.append(("Wrong now", text(value)))
        elif key == "recipient" and isinstance(value, dict):
            rows += _recipient(value)
        else:
            rows.append((label(str(key)), text(value)))
    return rows


def outcome(result: dict[str, Any], spec: RegisterSpec) -> str:
    code = str(result.get("outcome", ""))
    sentence = _OUTCOMES.get(code, f"Outcome: {code.replace('_', ' ')}.")
    if code == "package":
        sentence = sentence.format(scope=result.get("scope", "access"))
    if code.startswith("objection_") and result.get("activity"):
        activity = str(result["activity"])
        sentence = f"{sentence[:-1]} (to {store_title(spec, activity, 'en')})."
    return sentence


def result_rows(result: dict[str, Any] | None) -> list[Row]:
    """The result's facts beside its outcome and tables, each as a sentence."""
    rows: list[Row] = []
    for key, value in (result or {}).items():
        if key in _TABLED:
            continue
        if key == "sent_to" and value == "address_on_record":
            rows.append(
                (
                    "Sent to",
                    "the address on record, not the other address the request gave "
                    "(no second key approved it)",
                )
            )
        elif key == "waiting_for":
            continue  # the status and the list of waiting systems say it
        elif key == "closed_by_operator":
            rows.append(("Completed by staff", f"without every system's confirmation: {value}"))
        elif key == "closed_requests":
            if value:
                rows.append(("Other requests closed", text(value)))
        elif key == "nothing_left_to_erase":
            if value:
                rows.append(("Nothing left", "nothing was left to erase or anonymise"))
        elif key == "repeated":
            if value:
                rows.append(("Repeated", "the person was erased before: these are those facts"))
        elif key == "fields":
            rows.append(("Fields corrected", text(value)))
        elif key == "erasure":
            rows.append(("By the erasure", text(value)))
        else:
            rows.append((label(str(key)), text(value)))
    return rows


def stores(summary: dict[str, Any], spec: RegisterSpec) -> list[dict[str, Any]]:
    """The stores' rows with the register's titles, the ones that moved first."""
    rows = [
        {**s, "title": store_title(spec, str(s["activity"]), "en")}
        for s in summary.get("stores", [])
    ]
    # What the erasure counted outside the register's stores (kept API answers, limits).
    listed = {s["activity"] for s in rows}
    for how in ("erased", "anonymised"):
        for key, n in (summary.get(how) or {}).items():
            if key not in listed:
                rows.append(
                    {
                        "activity": key,
                        "store": key,
                        "title": label(key),
                        "erased": 0,
                        "anonymised": 0,
                        "kept": 0,
                        how: n,
                    }
                )
                listed.add(key)
    return [s for s in rows if s["erased"] or s["anonymised"] or s["kept"]]


def empty_stores(summary: dict[str, Any], spec: RegisterSpec) -> list[str]:
    """The stores looked in that held nothing of the person: named, not tabled."""
    return [
        store_title(spec, str(s["activity"]), "en")
        for s in summary.get("stores", [])
        if not (s["erased"] or s["anonymised"] or s["kept"])
    ]


def kept(summary: dict[str, Any], spec: RegisterSpec) -> list[dict[str, Any]]:
    return [
        {
            "title": store_title(spec, str(r["activity"]), "en"),
            "category": spec.category_title(str(r["category"]), "en"),
            "records": r["records"],
            "reason": r["reason"],
            "until": day(r["until"]) if r.get("until") else "while the reason lasts",
            "holds": fields(r.get("holds") or ()),
        }
        for r in summary.get("retained", [])
    ]
