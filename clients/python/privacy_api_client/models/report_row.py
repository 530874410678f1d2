from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ReportRow")


@_attrs_define
class ReportRow:
    """
    Attributes:
        day (datetime.date):
        denials (int):
        grants (int):
        purpose (str):
        withdrawals (int):
    """

    day: datetime.date
    denials: int
    grants: int
    purpose: str
    withdrawals: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        day = self.day.isoformat()

        denials = self.denials

        grants = self.grants

        purpose = self.purpose

        withdrawals = self.withdrawals

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "day": day,
                "denials": denials,
                "grants": grants,
                "purpose": purpose,
                "withdrawals": withdrawals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        day = datetime.date.fromisoformat(d.pop("day"))

        denials = d.pop("denials")

        grants = d.pop("grants")

        purpose = d.pop("purpose")

        withdrawals = d.pop("withdrawals")

        report_row = cls(
            day=day,
            denials=denials,
            grants=grants,
            purpose=purpose,
            withdrawals=withdrawals,
        )

        report_row.additional_properties = d
        return report_row

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
