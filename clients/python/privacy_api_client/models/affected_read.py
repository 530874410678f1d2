from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.affected_read_filter import AffectedReadFilter


T = TypeVar("T", bound="AffectedRead")


@_attrs_define
class AffectedRead:
    """
    Attributes:
        computed_at (datetime.datetime):
        filter_ (AffectedReadFilter):
        records (int):
        subjects (int):
    """

    computed_at: datetime.datetime
    filter_: AffectedReadFilter
    records: int
    subjects: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        computed_at = self.computed_at.isoformat()

        filter_ = self.filter_.to_dict()

        records = self.records

        subjects = self.subjects

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "computed_at": computed_at,
                "filter": filter_,
                "records": records,
                "subjects": subjects,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.affected_read_filter import AffectedReadFilter  # noqa: PLC0415

        d = dict(src_dict)
        computed_at = datetime.datetime.fromisoformat(d.pop("computed_at"))

        filter_ = AffectedReadFilter.from_dict(d.pop("filter"))

        records = d.pop("records")

        subjects = d.pop("subjects")

        affected_read = cls(
            computed_at=computed_at,
            filter_=filter_,
            records=records,
            subjects=subjects,
        )

        affected_read.additional_properties = d
        return affected_read

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
