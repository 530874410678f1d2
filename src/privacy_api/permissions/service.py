"""Whether an activity may process a subject's data now, and why not: the register's legal
bases (consent needs a live grant of its purpose) and the subject's rights, read for one
subject or ten thousand in one statement. The records intake refuses by the same rules."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import JSON, String, and_, bindparam, cast, func, literal, or_, select
from sqlalchemy.sql.expression import Select

from privacy_api.consent.models import ConsentState
from privacy_api.core.data.hot import HotConnection
from privacy_api.core.http.errors import Conflict, Unprocessable
from privacy_api.register.spec import Activity, RegisterSpec
from privacy_api.subjects.models import Objection, Subject
from privacy_api.subjects.state import BLOCKING_OBJECTIONS

Reason = Literal["consent_missing", "objection", "restriction", "erased", "unknown_subject"]
# The holder of a subject's consent (consent.service.subject_holder), spelt in SQL.
_HOLDER_PREFIX = "subject:"


class UnknownActivity(Unprocessable):
    slug, title = "unknown-activity", "No such processing activity in the register"


class ConsentMissing(Conflict):
    slug, title = "consent-missing", "The subject has not given the consent this activity needs"


@dataclass(frozen=True)
class Permission:
    subject_id: str
    allowed: bool
    reasons: list[Reason]


def activity_of(spec: RegisterSpec, key: str) -> Activity:
    """An activity records are filed under (a store of the service's own is none)."""
    activity = spec.activities_by_key.get(key)
    if activity is None or activity.store is not None:
        raise UnknownActivity(f"The register has no processing activity {key!r}.")
    return activity


def consent_purpose(activity: Activity) -> str | None:
    """The purpose whose grant the activity needs: where the register bases it on consent.
    An activity with a second basis as well still needs the grant for what consent covers
    (cookies, analytics, marketing e-mail: ePrivacy and Art. 6(1)(a))."""
    if "consent" in activity.legal_basis and activity.consent_purpose is not None:
        return activity.consent_purpose
    return None


def _given(dialect: str) -> Any:
    """The asked ids, one row each, from one JSON array parameter (constant statement)."""
    if dialect == "postgresql":
        ids = func.json_array_elements_text(cast(bindparam("ids", type_=String), JSON))
    else:
        ids = func.json_each(bindparam("ids", type_=String))
    return ids.table_valued("value").alias("given")


# A stopping objection of the subject to the asked activity: or_, not IN, as the hot path
# runs statements compiled once, without expanding binds.
_BLOCKING = and_(
    Objection.subject_id == Subject.subject_id,
    Objection.activity == bindparam("activity"),
    or_(*(Objection.status == status for status in BLOCKING_OBJECTIONS)),
)


def _state_query(dialect: str) -> Select[Any]:
    """Per asked id: whether the subject exists, its restriction and erasure, its stopping
    objection to the activity, and its consent purposes. Every join is on a primary key or
    the objection's unique (subject, activity) index."""
    given = _given(dialect)
    sid = given.c.value
    holder = literal(_HOLDER_PREFIX, String) + sid
    return (
        select(
            sid,
            Subject.subject_id,
            Subject.restricted_at,
            Subject.erased_at,
            Objection.status,
            ConsentState.purposes,
        )
        .select_from(given)
        .outerjoin(Subject, Subject.subject_id == sid)
        .outerjoin(Objection, _BLOCKING)
        .outerjoin(ConsentState, ConsentState.holder == holder)
    )


STATE = {dialect: _state_query(dialect) for dialect in ("postgresql", "sqlite")}
# One subject: the same facts by primary key, no row when the subject is unknown. (A
# function's rows are estimated, not known: for one id the planner may scan the table.)
ONE_STATE = (
    select(
        Subject.subject_id,
        Subject.restricted_at,
        Subject.erased_at,
        Objection.status,
        ConsentState.purposes,
    )
    .outerjoin(Objection, _BLOCKING)
    .outerjoin(ConsentState, ConsentState.holder == bindparam("holder"))
    .where(Subject.subject_id == bindparam("sid"))
)


def _reasons(activity: Activity, purpose: str | None, row: Sequence[Any]) -> list[Reason]:
    _sid, found, restricted_at, erased_at, objection, purposes = row
    if found is None:
        return ["unknown_subject"]
    if erased_at is not None:
        return ["erased"]  # nothing more is kept for it: no other reason matters
    reasons: list[Reason] = []
    if purpose is not None and not (purposes or {}).get(purpose, False):
        reasons.append("consent_missing")
    if objection is not None:
        reasons.append("objection")
    if restricted_at is not None and not activity.storage_only:
        reasons.append("restriction")
    return reasons


async def permissions(
    conn: HotConnection, spec: RegisterSpec, *, activity: str, subject_ids: Iterable[str]
) -> list[Permission]:
    """One answer per distinct subject id, in the order asked, from one statement."""
    found = activity_of(spec, activity)
    purpose = consent_purpose(found)
    ordered = list(dict.fromkeys(subject_ids))
    if len(ordered) == 1:
        [sid] = ordered
        params = {"sid": sid, "holder": _HOLDER_PREFIX + sid, "activity": activity}
        row = (await conn.execute(ONE_STATE, params)).first()
        rows: Sequence[Sequence[Any]] = [(sid, *(row or (None,) * 5))]
    else:
        params = {"ids": json.dumps(ordered), "activity": activity}
        rows = (await conn.execute(STATE[conn.dialect], params)).rows
    reasons = {row[0]: _reasons(found, purpose, row) for row in rows}
    return [Permission(sid, not reasons[sid], reasons[sid]) for sid in ordered]


def _grants_query(dialect: str) -> Select[Any]:
    given = _given(dialect)
    holder = literal(_HOLDER_PREFIX, String) + given.c.value
    return (
        select(given.c.value, ConsentState.purposes)
        .select_from(given)
        .join(ConsentState, ConsentState.holder == holder)
    )


GRANTS = {dialect: _grants_query(dialect) for dialect in ("postgresql", "sqlite")}


async def refuse_without_consent(
    conn: HotConnection,
    spec: RegisterSpec,
    items: Sequence[dict[str, Any]] | Sequence[Any],
    loc: Any,
) -> list[dict[str, Any]]:
    """The records (as problem entries) of consent-based activities whose subject has no
    live grant of the purpose. No query when the batch has no such activity; one else."""
    activities = spec.activities_by_key
    needs: dict[str, str | None] = {}
    for item in items:
        key = item["activity"]
        if key not in needs:
            needs[key] = consent_purpose(activities[key])
    if not any(needs.values()):
        return []
    asking = {item["subject_id"] for item in items if needs[item["activity"]]}
    found = await conn.execute(GRANTS[conn.dialect], {"ids": json.dumps(sorted(asking))})
    granted = {row[0]: row[1] or {} for row in found.rows}
    return [
        {
            "loc": loc(index),
            "msg": f"subject {item['subject_id']!r} has not granted {purpose!r}, which "
            f"activity {item['activity']!r} is based on (GDPR Art. 6(1)(a))",
            "activity": item["activity"],
        }
        for index, item in enumerate(items)
        if (purpose := needs[item["activity"]])
        and not granted.get(item["subject_id"], {}).get(purpose, False)
    ]
