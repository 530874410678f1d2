"""Taking in records: checked against the register and the subject's rights, all or none."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.core import clock
from privacy_api.core.errors import Conflict, Unprocessable
from privacy_api.records.bulk import insert_records
from privacy_api.records.models import Record
from privacy_api.records.schemas import RecordIn
from privacy_api.register.service import Register
from privacy_api.register.spec import Activity
from privacy_api.subjects import service as subjects

Problem = dict[str, Any]


class RecordsInvalid(Unprocessable):
    slug, title = "records-invalid", "Records do not fit the register"


class ProcessingRefused(Conflict):
    slug, title = "processing-refused", "The subject's rights stop this processing"


def _item_errors(
    activities: Mapping[str, Activity],
    item: RecordIn,
    data_json: str,
    loc: list[Any],
    *,
    max_data_bytes: int,
    latest: datetime,
) -> list[Problem]:
    activity = activities.get(item.activity)
    if activity is None:
        return [{"loc": [*loc, "activity"], "msg": f"unknown activity {item.activity!r}"}]
    errors: list[Problem] = []
    if item.category not in activity.data_categories:
        errors.append(
            {
                "loc": [*loc, "category"],
                "msg": f"activity {item.activity!r} declares no category "
                f"{item.category!r}; it declares {list(activity.data_categories)}",
            }
        )
    if item.property not in activity.properties:
        errors.append(
            {
                "loc": [*loc, "property"],
                "msg": f"activity {item.activity!r} is not carried out on {item.property!r}",
            }
        )
    if len(data_json) > max_data_bytes:
        errors.append(
            {"loc": [*loc, "data"], "msg": f"data is larger than {max_data_bytes} bytes as JSON"}
        )
    if item.occurred_at > latest:
        errors.append({"loc": [*loc, "occurred_at"], "msg": "occurred_at is in the future"})
    return errors


def check_records(
    session: Session,
    register: Register,
    items: Sequence[RecordIn],
    *,
    batch: bool,
    max_data_bytes: int,
    max_skew: timedelta,
) -> list[str]:
    """Refuse the whole input if any item breaks the register or the subject's rights.

    Returns each item's data as JSON text, measured here and stored as it is.
    """
    latest = clock.now() + max_skew
    prefix: list[Any] = ["body", "records"] if batch else ["body"]
    errors: list[Problem] = []
    texts = [json.dumps(item.data, separators=(",", ":")) for item in items]
    activities = register.spec.activities_by_key
    for index, item in enumerate(items):
        loc = [*prefix, index] if batch else prefix
        errors.extend(
            _item_errors(
                activities, item, texts[index], loc, max_data_bytes=max_data_bytes, latest=latest
            )
        )
    state = subjects.processing_state(session, (i.subject_id for i in items))
    for index, item in enumerate(items):
        if item.subject_id not in state:
            loc = [*prefix, index] if batch else prefix
            errors.append(
                {"loc": [*loc, "subject_id"], "msg": f"no data subject {item.subject_id!r}"}
            )
    if errors:
        raise RecordsInvalid(f"{len(errors)} problem(s); nothing was stored.", errors=errors)
    _refuse_blocked(register, items, state, prefix=prefix, batch=batch)
    return texts


def _refuse_blocked(
    register: Register,
    items: Sequence[RecordIn],
    state: dict[str, tuple[bool, frozenset[str]]],
    *,
    prefix: list[Any],
    batch: bool,
) -> None:
    refused: list[Problem] = []
    for index, item in enumerate(items):
        restricted, objected = state[item.subject_id]
        activity = register.spec.activities_by_key[item.activity]
        loc = [*prefix, index] if batch else prefix
        if restricted and not activity.storage_only:
            refused.append(
                {
                    "loc": loc,
                    "msg": f"subject {item.subject_id!r} is under "
                    "restriction (GDPR Art. 18): only storage-only activities",
                }
            )
        elif item.activity in objected:
            refused.append(
                {
                    "loc": loc,
                    "msg": f"subject {item.subject_id!r} objected to "
                    f"{item.activity!r} (GDPR Art. 21)",
                }
            )
    if refused:
        raise ProcessingRefused(
            f"{len(refused)} record(s) refused; nothing was stored.", errors=refused
        )


def _row(item: RecordIn, *, now: datetime, version: int) -> dict[str, Any]:
    return {
        "subject_id": item.subject_id,
        "activity": item.activity,
        "category": item.category,
        "property": item.property,
        "data": item.data,
        "occurred_at": item.occurred_at,
        "recorded_at": now,
        "register_version": version,
    }


def add_record(session: Session, *, item: RecordIn, register: Register) -> Record:
    record = Record(**_row(item, now=clock.now(), version=register.version))
    session.add(record)
    session.flush()
    return record


def add_records(
    session: Session, *, items: Sequence[RecordIn], data_json: Sequence[str], register: Register
) -> int:
    """One bulk insert: no ORM object per record."""
    now = clock.now()
    insert_records(session, [_row(i, now=now, version=register.version) for i in items], data_json)
    return len(items)


def list_records(
    session: Session,
    *,
    subject_id: str,
    actor: str,
    activity: str | None,
    category: str | None,
    after_id: int | None,
    limit: int,
) -> list[Record]:
    """A staff read of a subject's records: audited with the filters, never the values."""
    subjects.get_subject(session, subject_id)
    query = select(Record).where(Record.subject_id == subject_id).order_by(Record.id)
    if activity is not None:
        query = query.where(Record.activity == activity)
    if category is not None:
        query = query.where(Record.category == category)
    if after_id is not None:
        query = query.where(Record.id > after_id)
    rows = list(session.scalars(query.limit(limit)))
    audit.append_entry(
        session,
        actor=actor,
        action="records.read",
        target=f"subject/{subject_id}/records",
        subject_id=subject_id,
        details={"activity": activity, "category": category, "returned": len(rows)},
    )
    return rows
