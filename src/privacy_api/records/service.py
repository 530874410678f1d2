"""Taking in records: checked against the register and the subject's rights, all or none."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from pydantic_core import to_json
from sqlalchemy import Select, Table, select
from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.core.data.hot import (
    HotConnection,
    column_texts,
    insert_given,
    insert_of,
    split_rows,
)
from privacy_api.core.http.errors import Conflict, Unprocessable
from privacy_api.core.time import clock
from privacy_api.permissions import service as permissions
from privacy_api.records.models import Record
from privacy_api.records.schemas import RecordIn, RecordRead
from privacy_api.register.spec import Activity, RegisterSpec
from privacy_api.subjects import service as subjects
from privacy_api.subjects import state as processing

Problem = dict[str, Any]


class RecordsInvalid(Unprocessable):
    slug, title = "records-invalid", "Records do not fit the register"


class ProcessingRefused(Conflict):
    slug, title = "processing-refused", "The subject's rights stop this processing"


def _register_problems(
    activities: Mapping[str, Activity], activity_key: str, category: str, property_: str
) -> list[tuple[str, str]]:
    """(field, message) for each way a kind of record does not fit the register."""
    activity = activities.get(activity_key)
    if activity is None or activity.store is not None:
        # A store's activity describes data the service keeps itself: no record is filed there.
        return [("activity", f"unknown activity {activity_key!r}")]
    problems = []
    if category not in activity.data_categories:
        problems.append(
            (
                "category",
                f"activity {activity_key!r} declares no category "
                f"{category!r}; it declares {list(activity.data_categories)}",
            )
        )
    if property_ not in activity.properties:
        problems.append(
            ("property", f"activity {activity_key!r} is not carried out on {property_!r}")
        )
    return problems


def _item_errors(
    activities: Mapping[str, Activity],
    item: RecordIn,
    data_size: int,
    loc: list[Any],
    *,
    max_data_bytes: int,
    latest: datetime,
) -> list[Problem]:
    kind = (item["activity"], item["category"], item["property"])
    errors: list[Problem] = [
        {"loc": [*loc, field], "msg": msg} for field, msg in _register_problems(activities, *kind)
    ]
    if item["activity"] not in activities:
        return errors  # nothing more is worth saying of a record of no known activity
    if data_size > max_data_bytes:
        errors.append(
            {"loc": [*loc, "data"], "msg": f"data is larger than {max_data_bytes} bytes as JSON"}
        )
    if item["occurred_at"] > latest:
        errors.append({"loc": [*loc, "occurred_at"], "msg": "occurred_at is in the future"})
    return errors


def _locator(batch: bool) -> Callable[[int], list[Any]]:
    """Where an item's problems are reported: its index in a batch, the body for one."""
    if batch:
        return lambda index: ["body", "records", index]
    return lambda index: ["body"]


async def check_records(
    conn: HotConnection,
    spec: RegisterSpec,
    items: Sequence[RecordIn],
    *,
    batch: bool,
    max_data_bytes: int,
    max_skew: timedelta,
) -> None:
    """Refuse the whole input (422) if any item does not fit the register or its limits,
    naming every bad item, unknown subjects among them. The subjects' rights are checked
    where the records are stored (`add_record`, `add_records`).

    A record's data is measured as pydantic-core writes it, compact, which is how it is
    stored.
    """
    latest = clock.now() + max_skew
    loc = _locator(batch)
    # pydantic-core's encoder: a fifth of json.dumps's time, and the size in UTF-8 bytes.
    sizes = [len(to_json(item["data"])) for item in items]
    activities = spec.activities_by_key
    declared: dict[tuple[str, str, str], bool] = {}  # a batch has few kinds of record
    errors: list[Problem] = []
    for index, item in enumerate(items):
        kind = (item["activity"], item["category"], item["property"])
        fits = declared.get(kind)
        if fits is None:
            fits = declared[kind] = not _register_problems(activities, *kind)
        if not fits or sizes[index] > max_data_bytes or item["occurred_at"] > latest:
            errors.extend(
                _item_errors(
                    activities,
                    item,
                    sizes[index],
                    loc(index),
                    max_data_bytes=max_data_bytes,
                    latest=latest,
                )
            )
    if errors:
        state = await processing.processing_state(conn, (i["subject_id"] for i in items))
        _refuse(errors + _missing(items, state, loc))


def _missing(
    items: Sequence[RecordIn], state: processing.ProcessingState, loc: Callable[[int], list[Any]]
) -> list[Problem]:
    return [
        {"loc": [*loc(index), "subject_id"], "msg": f"no data subject {item['subject_id']!r}"}
        for index, item in enumerate(items)
        if item["subject_id"] in state.missing
    ]


def _refuse(errors: list[Problem]) -> None:
    if errors:
        raise RecordsInvalid(f"{len(errors)} problem(s); nothing was stored.", errors=errors)


def _refuse_stopped(
    spec: RegisterSpec,
    items: Sequence[RecordIn],
    state: processing.ProcessingState,
    loc: Callable[[int], list[Any]],
) -> None:
    """422 for records of unknown subjects, 409 for those the subjects' rights stop: first
    an erasure (nothing more is kept for the subject), then restriction and objection."""
    _refuse(_missing(items, state, loc))
    if state.erased:
        erased = sorted(state.erased)
        raise subjects.SubjectErased(
            f"{len(erased)} subject(s) erased; nothing was stored.",
            errors=[
                {"loc": [*loc(index), "subject_id"], "msg": f"subject {sid!r} was erased"}
                for index, item in enumerate(items)
                if (sid := item["subject_id"]) in state.erased
            ],
        )
    if state.blocks_anything():
        _refuse_blocked(spec, items, state, loc)


def _refuse_blocked(
    spec: RegisterSpec,
    items: Sequence[RecordIn],
    state: processing.ProcessingState,
    loc: Callable[[int], list[Any]],
) -> None:
    refused: list[Problem] = []
    for index, item in enumerate(items):
        subject_id, activity_key = item["subject_id"], item["activity"]
        activity = spec.activities_by_key[activity_key]
        if subject_id in state.restricted and not activity.storage_only:
            refused.append(
                {
                    "loc": loc(index),
                    "msg": f"subject {subject_id!r} is under "
                    "restriction (GDPR Art. 18): only storage-only activities",
                }
            )
        elif activity_key in state.objected.get(subject_id, ()):
            refused.append(
                {
                    "loc": loc(index),
                    "msg": f"subject {subject_id!r} objected to {activity_key!r} (GDPR Art. 21)",
                }
            )
    if refused:
        raise ProcessingRefused(
            f"{len(refused)} record(s) refused; nothing was stored.", errors=refused
        )


async def _refuse_without_consent(
    conn: HotConnection,
    spec: RegisterSpec,
    items: Sequence[RecordIn],
    loc: Callable[[int], list[Any]],
) -> None:
    """409 consent-missing for records of consent-based activities without a live grant
    (Art. 6(1)(a)), after what would refuse them first: an unknown or erased subject, a
    restriction, an objection. One query, and only when the input has such an activity."""
    refused = await permissions.refuse_without_consent(conn, spec, items, loc)
    if refused:
        state = await processing.processing_state(conn, (i["subject_id"] for i in items))
        _refuse_stopped(spec, items, state, loc)
        raise permissions.ConsentMissing(
            f"{len(refused)} record(s) have no consent; nothing was stored.", errors=refused
        )


_COLUMNS = (
    "subject_id",
    "activity",
    "category",
    "property",
    "data",
    "occurred_at",
    "recorded_at",
    "register_version",
)
_RECORDS = cast(Table, Record.__table__)
INSERT_RECORD = insert_of(Record, _COLUMNS).returning(*_RECORDS.columns)
_GIVEN, _SHARED = _COLUMNS[:6], _COLUMNS[6:]  # from the caller, and from us


def _recorded(version: int) -> dict[str, Any]:
    """What the service adds to every record it takes in."""
    return {"recorded_at": clock.now(), "register_version": version}


async def add_record(
    conn: HotConnection, spec: RegisterSpec, *, item: RecordIn, version: int
) -> RecordRead:
    """One record, unless its subject's rights or a missing consent stop it."""
    await _refuse_without_consent(conn, spec, [item], _locator(batch=False))
    state = await processing.processing_state(conn, [item["subject_id"]])
    _refuse_stopped(spec, [item], state, _locator(batch=False))
    stored = (await conn.execute(INSERT_RECORD, {**item, **_recorded(version)})).first()
    assert stored is not None
    return RecordRead.model_validate(dict(zip(_RECORDS.columns.keys(), stored, strict=True)))


async def add_records(
    conn: HotConnection, spec: RegisterSpec, *, items: Sequence[RecordIn], version: int
) -> int:
    """A batch in one statement, unless a subject's rights stop any of its records; each
    record's data stored compact, as it was measured."""
    await _refuse_without_consent(conn, spec, items, _locator(batch=True))
    shared = _recorded(version)
    if conn.dialect == "postgresql":
        given = column_texts(_RECORDS, _GIVEN, items)
        ids = processing.ids_parameter(item["subject_id"] for item in items)
        found = await conn.execute(_STORED_UNLESS_EXCEPTIONS, {**given, **ids, **shared})
        state = processing.state_of(found.rows)
        if state.is_clear():
            return len(items)  # stored by that statement
    else:
        state = await processing.processing_state(conn, (i["subject_id"] for i in items))
    _refuse_stopped(spec, items, state, _locator(batch=True))
    # Nothing stops them: e.g. restricted subjects' records of storage-only activities.
    await conn.insert_rows(_RECORDS, items, shared=shared)
    return len(items)


def _stored_unless_exceptions() -> Select[Any]:
    """PostgreSQL: the batch's subjects that are missing, erased, restricted or objecting,
    and the batch stored only if there are none. One round trip in the usual case, where
    there are none. The subjects are locked FOR KEY SHARE by the same statement
    (`processing.EXCEPTIONS`), so an erasure waits for the batch or the batch for it."""
    exceptions = processing.EXCEPTIONS["postgresql"].cte("exceptions")
    batch = split_rows(_RECORDS, _GIVEN).subquery("batch")
    store = insert_given(_RECORDS, batch, _SHARED, where=~select(exceptions).exists())
    return select(exceptions).add_cte(store.cte("stored"))


_STORED_UNLESS_EXCEPTIONS = _stored_unless_exceptions()


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
