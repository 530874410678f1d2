from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.affected_filter import AffectedFilter


T = TypeVar("T", bound="BreachCreate")


@_attrs_define
class BreachCreate:
    """
    Attributes:
        became_aware_at (datetime.datetime): When the controller became aware (with its offset); the 72 hours of Art.
            33(1) run from it
        nature (str):
        affected (AffectedFilter | None | Unset):
        approximate_records (int | None | Unset):
        approximate_subjects (int | None | Unset):
        data_categories (list[str] | None | Unset):
        data_subject_categories (list[str] | None | Unset):
        likely_consequences (None | str | Unset):
        measures (None | str | Unset): Measures taken or proposed
    """

    became_aware_at: datetime.datetime
    nature: str
    affected: AffectedFilter | None | Unset = UNSET
    approximate_records: int | None | Unset = UNSET
    approximate_subjects: int | None | Unset = UNSET
    data_categories: list[str] | None | Unset = UNSET
    data_subject_categories: list[str] | None | Unset = UNSET
    likely_consequences: None | str | Unset = UNSET
    measures: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.affected_filter import AffectedFilter  # noqa: PLC0415

        became_aware_at = self.became_aware_at.isoformat()

        nature = self.nature

        affected: dict[str, Any] | None | Unset
        if isinstance(self.affected, Unset):
            affected = UNSET
        elif isinstance(self.affected, AffectedFilter):
            affected = self.affected.to_dict()
        else:
            affected = self.affected

        approximate_records: int | None | Unset
        if isinstance(self.approximate_records, Unset):
            approximate_records = UNSET
        else:
            approximate_records = self.approximate_records

        approximate_subjects: int | None | Unset
        if isinstance(self.approximate_subjects, Unset):
            approximate_subjects = UNSET
        else:
            approximate_subjects = self.approximate_subjects

        data_categories: list[str] | None | Unset
        if isinstance(self.data_categories, Unset):
            data_categories = UNSET
        elif isinstance(self.data_categories, list):
            data_categories = self.data_categories

        else:
            data_categories = self.data_categories

        data_subject_categories: list[str] | None | Unset
        if isinstance(self.data_subject_categories, Unset):
            data_subject_categories = UNSET
        elif isinstance(self.data_subject_categories, list):
            data_subject_categories = self.data_subject_categories

        else:
            data_subject_categories = self.data_subject_categories

        likely_consequences: None | str | Unset
        if isinstance(self.likely_consequences, Unset):
            likely_consequences = UNSET
        else:
            likely_consequences = self.likely_consequences

        measures: None | str | Unset
        if isinstance(self.measures, Unset):
            measures = UNSET
        else:
            measures = self.measures

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "became_aware_at": became_aware_at,
                "nature": nature,
            }
        )
        if affected is not UNSET:
            field_dict["affected"] = affected
        if approximate_records is not UNSET:
            field_dict["approximate_records"] = approximate_records
        if approximate_subjects is not UNSET:
            field_dict["approximate_subjects"] = approximate_subjects
        if data_categories is not UNSET:
            field_dict["data_categories"] = data_categories
        if data_subject_categories is not UNSET:
            field_dict["data_subject_categories"] = data_subject_categories
        if likely_consequences is not UNSET:
            field_dict["likely_consequences"] = likely_consequences
        if measures is not UNSET:
            field_dict["measures"] = measures

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.affected_filter import AffectedFilter  # noqa: PLC0415

        d = dict(src_dict)
        became_aware_at = datetime.datetime.fromisoformat(d.pop("became_aware_at"))

        nature = d.pop("nature")

        def _parse_affected(data: object) -> AffectedFilter | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                affected_type_0 = AffectedFilter.from_dict(data)

                return affected_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AffectedFilter | None | Unset, data)

        affected = _parse_affected(d.pop("affected", UNSET))

        def _parse_approximate_records(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        approximate_records = _parse_approximate_records(d.pop("approximate_records", UNSET))

        def _parse_approximate_subjects(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        approximate_subjects = _parse_approximate_subjects(d.pop("approximate_subjects", UNSET))

        def _parse_data_categories(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                data_categories_type_0 = cast(list[str], data)

                return data_categories_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        data_categories = _parse_data_categories(d.pop("data_categories", UNSET))

        def _parse_data_subject_categories(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                data_subject_categories_type_0 = cast(list[str], data)

                return data_subject_categories_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        data_subject_categories = _parse_data_subject_categories(d.pop("data_subject_categories", UNSET))

        def _parse_likely_consequences(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        likely_consequences = _parse_likely_consequences(d.pop("likely_consequences", UNSET))

        def _parse_measures(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        measures = _parse_measures(d.pop("measures", UNSET))

        breach_create = cls(
            became_aware_at=became_aware_at,
            nature=nature,
            affected=affected,
            approximate_records=approximate_records,
            approximate_subjects=approximate_subjects,
            data_categories=data_categories,
            data_subject_categories=data_subject_categories,
            likely_consequences=likely_consequences,
            measures=measures,
        )

        return breach_create
