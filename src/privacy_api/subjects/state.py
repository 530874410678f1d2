"""What stops new processing for a set of subjects (missing, erased, restricted, objecting),
read in one statement on each engine for the hot record batches."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import (
    JSON,
    Select,
    String,
    bindparam,
    cast,
    func,
    or_,
    select,
)

from privacy_api.core.data.hot import HotConnection
from privacy_api.subjects.models import Objection, Subject

ClockKind = Literal["session", "visit", "marketing_contact"]


# Objections that stop processing: upheld ones, and pending ones while they are decided.
BLOCKING_OBJECTIONS = ("pending", "upheld")


@dataclass(frozen=True)
class ProcessingState:
    """What stops new processing for a set of subjects. A subject free to be processed,
    the usual case, appears nowhere: the query returns no row for it."""

    missing: frozenset[str]  # unknown
    restricted: frozenset[str]  # Art. 18
    objected: dict[str, frozenset[str]]  # Art. 21: subject -> activities
    erased: frozenset[str] = frozenset()  # Art. 17: nothing more is kept for them

    def blocks_anything(self) -> bool:
        return bool(self.restricted or self.objected)

    def is_clear(self) -> bool:
        """Every subject exists and is neither erased, restricted nor objecting."""
        return not (self.missing or self.erased or self.blocks_anything())


_Exceptions = Select[Any, str | None, datetime | None, datetime | None, str | None]


def _exceptions_among(given: Any, subjects: Any) -> _Exceptions:
    """Each id of `given` (a one-column FROM) that is missing, erased, restricted or
    objected, with why: the rows `state_of` reads. `subjects` holds the subject rows."""
    (given_id,) = given.c
    blocking = or_(*(Objection.status == status for status in BLOCKING_OBJECTIONS))
    found = subjects.c
    return (
        select(given_id, found.subject_id, found.restricted_at, found.erased_at, Objection.activity)
        .select_from(given)
        .outerjoin(subjects, found.subject_id == given_id)
        .outerjoin(Objection, (Objection.subject_id == found.subject_id) & blocking)
        .where(
            or_(
                found.subject_id.is_(None),
                found.erased_at.is_not(None),
                found.restricted_at.is_not(None),
                Objection.activity.is_not(None),
            )
        )
    )


def _locked_exceptions_postgresql() -> _Exceptions:
    """PostgreSQL: the same rows, the subjects locked FOR KEY SHARE in the statement that
    reads them (a lock cannot stand on the nullable side of an outer join, so the locked
    rows are a subquery). Under READ COMMITTED a lock that waited for an erasure returns
    the row as the erasure left it: erased_at is seen, and the batch is refused."""
    ids = func.json_array_elements_text(cast(bindparam("ids", type_=String), JSON))
    given = select(ids.table_valued("value").c.value).cte("given")
    locked = (
        select(Subject.subject_id, Subject.restricted_at, Subject.erased_at)
        .where(Subject.subject_id.in_(select(given.c.value)))
        .with_for_update(read=True, key_share=True)
        .subquery("locked")
    )
    return _exceptions_among(given, locked)


# All the ids in one JSON array (`ids_parameter`), so the statement is one constant for
# any batch. Its row estimate is a constant too: an array parameter made PostgreSQL's
# generic plan, which it picks after five runs of a prepared statement, 5-30 times slower
# than a custom one. SQLite needs no row lock: a write transaction holds its one write lock.
EXCEPTIONS = {
    "postgresql": _locked_exceptions_postgresql(),
    "sqlite": _exceptions_among(
        func.json_each(bindparam("ids", type_=String)).table_valued("value").alias("given"),
        Subject.__table__,
    ),
}


def ids_parameter(subject_ids: Iterable[str]) -> dict[str, str]:
    """The parameter of an `EXCEPTIONS` query: each id once."""
    return {"ids": json.dumps(list(set(subject_ids)))}


async def processing_state(conn: HotConnection, subject_ids: Iterable[str]) -> ProcessingState:
    """Which of these subjects may not be processed, and why. One query for any number."""
    found = await conn.execute(EXCEPTIONS[conn.dialect], ids_parameter(subject_ids))
    return state_of(found.rows)


def state_of(exceptions: Iterable[Sequence[Any]]) -> ProcessingState:
    """The state shown by the rows of an `EXCEPTIONS` query."""
    missing: set[str] = set()
    erased: set[str] = set()
    restricted: set[str] = set()
    objected: dict[str, set[str]] = {}
    for sid, found, restricted_at, erased_at, activity in exceptions:
        if found is None:
            missing.add(sid)
            continue
        if erased_at is not None:
            erased.add(sid)
            continue
        if restricted_at is not None:
            restricted.add(sid)
        if activity is not None:
            objected.setdefault(sid, set()).add(activity)
    return ProcessingState(
        frozenset(missing),
        frozenset(restricted),
        {sid: frozenset(activities) for sid, activities in objected.items()},
        frozenset(erased),
    )
