"""Who a breach reached, found from the records themselves in one statement per question."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import Session

from privacy_api.breaches.schemas import AffectedFilter
from privacy_api.core.http.errors import Unprocessable
from privacy_api.records.models import Record
from privacy_api.register.spec import RegisterSpec


class UnknownRegisterKey(Unprocessable):
    slug, title = "breach-unknown-key", "Not a key of the register"


@dataclass(frozen=True)
class Counts:
    subjects: int
    records: int


def check_filter(spec: RegisterSpec, wanted: AffectedFilter) -> None:
    """Every activity a register activity records are filed under, every category one of
    theirs: a typo would otherwise find nobody and look like good news."""
    filed = {a.key: a for a in spec.activities if a.store is None}
    unknown = [key for key in wanted.activities if key not in filed]
    if unknown:
        raise UnknownRegisterKey(
            f"unknown activity {', '.join(map(repr, unknown))}; records are filed under: "
            + ", ".join(sorted(filed))
        )
    held = {c for key in wanted.activities for c in filed[key].data_categories}
    stray = [c for c in wanted.categories if c not in held]
    if stray:
        raise UnknownRegisterKey(
            f"category {', '.join(map(repr, stray))} is not one of these activities'; "
            f"they hold: {', '.join(sorted(held))}"
        )


def check_categories(
    spec: RegisterSpec, *, data: list[str] | None, people: list[str] | None
) -> None:
    unknown = [c for c in data or () if c not in spec.category_titles]
    unknown += [c for c in people or () if c not in spec.data_subject_categories]
    if unknown:
        raise UnknownRegisterKey(
            f"not a data or data-subject category of the register: {', '.join(map(repr, unknown))}"
        )


def matching(wanted: AffectedFilter) -> ColumnElement[bool]:
    """Records of a person (anonymised ones are no longer anyone's) the filter reaches."""
    conditions: list[ColumnElement[bool]] = [
        Record.subject_id.is_not(None),
        Record.activity.in_(wanted.activities),
    ]
    if wanted.categories:
        conditions.append(Record.category.in_(wanted.categories))
    if wanted.properties:
        conditions.append(Record.property.in_(wanted.properties))
    if wanted.occurred_from is not None:
        conditions.append(Record.occurred_at >= wanted.occurred_from)
    if wanted.occurred_until is not None:
        conditions.append(Record.occurred_at < wanted.occurred_until)
    return and_(*conditions)


def subject_ids(wanted: AffectedFilter) -> Select[Any]:
    """The people concerned, as a subquery for the statements that notify them."""
    return select(Record.subject_id).where(matching(wanted)).distinct()


def count(session: Session, wanted: AffectedFilter) -> Counts:
    row = session.execute(
        select(func.count(), func.count(Record.subject_id.distinct())).where(matching(wanted))
    ).one()
    return Counts(subjects=int(row[1]), records=int(row[0]))
