from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.dsar_stats_open_by_type import DsarStatsOpenByType


T = TypeVar("T", bound="DsarStats")


@_attrs_define
class DsarStats:
    """
    Attributes:
        median_days_to_completion (float | None):
        open_by_type (DsarStatsOpenByType):
        overdue (int):
    """

    median_days_to_completion: float | None
    open_by_type: DsarStatsOpenByType
    overdue: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        median_days_to_completion: float | None
        median_days_to_completion = self.median_days_to_completion

        open_by_type = self.open_by_type.to_dict()

        overdue = self.overdue

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "median_days_to_completion": median_days_to_completion,
                "open_by_type": open_by_type,
                "overdue": overdue,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dsar_stats_open_by_type import DsarStatsOpenByType  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_median_days_to_completion(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        median_days_to_completion = _parse_median_days_to_completion(d.pop("median_days_to_completion"))

        open_by_type = DsarStatsOpenByType.from_dict(d.pop("open_by_type"))

        overdue = d.pop("overdue")

        dsar_stats = cls(
            median_days_to_completion=median_days_to_completion,
            open_by_type=open_by_type,
            overdue=overdue,
        )

        dsar_stats.additional_properties = d
        return dsar_stats

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
