from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RetentionRead")


@_attrs_define
class RetentionRead:
    """
    Attributes:
        action (str):
        clock (str):
        period_months (int):
        statutory_hold_categories (list[str] | None):
        statutory_hold_years (int | None):
        or_at (None | str | Unset): A second clock: the data goes at this event if it comes before the period ends
            (whichever is sooner), e.g. account_closed
    """

    action: str
    clock: str
    period_months: int
    statutory_hold_categories: list[str] | None
    statutory_hold_years: int | None
    or_at: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        clock = self.clock

        period_months = self.period_months

        statutory_hold_categories: list[str] | None
        if isinstance(self.statutory_hold_categories, list):
            statutory_hold_categories = self.statutory_hold_categories

        else:
            statutory_hold_categories = self.statutory_hold_categories

        statutory_hold_years: int | None
        statutory_hold_years = self.statutory_hold_years

        or_at: None | str | Unset
        if isinstance(self.or_at, Unset):
            or_at = UNSET
        else:
            or_at = self.or_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "clock": clock,
                "period_months": period_months,
                "statutory_hold_categories": statutory_hold_categories,
                "statutory_hold_years": statutory_hold_years,
            }
        )
        if or_at is not UNSET:
            field_dict["or_at"] = or_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = d.pop("action")

        clock = d.pop("clock")

        period_months = d.pop("period_months")

        def _parse_statutory_hold_categories(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                statutory_hold_categories_type_0 = cast(list[str], data)

                return statutory_hold_categories_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        statutory_hold_categories = _parse_statutory_hold_categories(d.pop("statutory_hold_categories"))

        def _parse_statutory_hold_years(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        statutory_hold_years = _parse_statutory_hold_years(d.pop("statutory_hold_years"))

        def _parse_or_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        or_at = _parse_or_at(d.pop("or_at", UNSET))

        retention_read = cls(
            action=action,
            clock=clock,
            period_months=period_months,
            statutory_hold_categories=statutory_hold_categories,
            statutory_hold_years=statutory_hold_years,
            or_at=or_at,
        )

        retention_read.additional_properties = d
        return retention_read

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
