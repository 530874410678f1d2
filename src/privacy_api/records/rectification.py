"""Art. 16 on records: correcting one record's data, audited by field name, told to systems."""

from __future__ import annotations

from typing import Any

from pydantic_core import to_json
from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.core.http.errors import Conflict, NotFound, Unprocessable
from privacy_api.downstream import orders
from privacy_api.records.models import Record
from privacy_api.records.service import ProcessingRefused
from privacy_api.register.spec import RegisterSpec
from privacy_api.subjects import service as subjects


class RecordNotFound(NotFound):
    slug, title = "record-not-found", "No such record"


class RecordAnonymised(Conflict):
    slug, title = "record-anonymised", "The record is anonymised"


def merge_patch(target: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """RFC 7396 JSON Merge Patch: a null removes a field, an object merges into an object,
    anything else replaces. A correction names only what is wrong; the rest stays."""
    merged = dict(target)
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict):
            current = merged.get(key)
            merged[key] = merge_patch(current if isinstance(current, dict) else {}, value)
        else:
            merged[key] = value
    return merged


def rectify_record(
    session: Session,
    *,
    record_id: int,
    patch: dict[str, Any],
    spec: RegisterSpec,
    max_data_bytes: int,
    actor: str,
) -> Record:
    """Correct a record's data. Refused as a new record would be: an erased subject (409
    subject-erased) and, while restricted (Art. 18), any but a storage-only activity (409
    processing-refused). The audit names the fields, never their values (policy §4)."""
    record = session.get(Record, record_id, with_for_update=True)
    if record is None:
        raise RecordNotFound(f"There is no record {record_id}.")
    if record.subject_id is None or record.data is None:
        raise RecordAnonymised(f"Record {record_id} is anonymised: it is about no one now.")
    subject = subjects.subject_for_write(session, record.subject_id)
    activity = spec.activities_by_key.get(record.activity)
    if subject.restricted_at is not None and not (activity and activity.storage_only):
        raise ProcessingRefused(
            f"Subject {record.subject_id!r} is under restriction (GDPR Art. 18): lift it first."
        )
    merged = merge_patch(record.data, patch)
    if len(to_json(merged)) > max_data_bytes:
        raise Unprocessable(
            f"The corrected data is larger than {max_data_bytes} bytes as JSON; nothing changed.",
            errors=[{"loc": ["body", "data"], "msg": "too large once merged"}],
        )
    record.data = merged
    fields = sorted(patch)
    audit.append_entry(
        session,
        actor=actor,
        action="record.rectified",
        target=f"record/{record_id}",
        subject_id=record.subject_id,
        details={"fields": fields},
    )
    # Art. 19: every system holding the data is told of the correction.
    orders.issue_orders(
        session,
        kind="rectification",
        subject_id=record.subject_id,
        ticket_id=None,
        payload={"record_id": record_id, "activity": record.activity, "corrections": patch},
        actor=actor,
    )
    session.flush()
    return record
