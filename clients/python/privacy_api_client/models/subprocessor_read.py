from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SubprocessorRead")


@_attrs_define
class SubprocessorRead:
    """
    Attributes:
        category (str):
        dpa_signed_on (datetime.date | None):
        name (None | str):
        region (None | str):
        safeguard (str):
    """

    category: str
    dpa_signed_on: datetime.date | None
    name: None | str
    region: None | str
    safeguard: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        dpa_signed_on: None | str
        if isinstance(self.dpa_signed_on, datetime.date):
            dpa_signed_on = self.dpa_signed_on.isoformat()
        else:
            dpa_signed_on = self.dpa_signed_on

        name: None | str
        name = self.name

        region: None | str
        region = self.region

        safeguard = self.safeguard

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "dpa_signed_on": dpa_signed_on,
                "name": name,
                "region": region,
                "safeguard": safeguard,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        category = d.pop("category")

        def _parse_dpa_signed_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                dpa_signed_on_type_0 = datetime.date.fromisoformat(data)

                return dpa_signed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        dpa_signed_on = _parse_dpa_signed_on(d.pop("dpa_signed_on"))

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        def _parse_region(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        region = _parse_region(d.pop("region"))

        safeguard = d.pop("safeguard")

        subprocessor_read = cls(
            category=category,
            dpa_signed_on=dpa_signed_on,
            name=name,
            region=region,
            safeguard=safeguard,
        )

        subprocessor_read.additional_properties = d
        return subprocessor_read

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
