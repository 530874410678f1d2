from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.affected_filter_properties_item import AffectedFilterPropertiesItem
from ..types import UNSET, Unset

T = TypeVar("T", bound="AffectedFilter")


@_attrs_define
class AffectedFilter:
    """Which records the breach reached: of these activities (required), optionally only
    these categories and properties, that occurred in [occurred_from, occurred_until).

        Attributes:
            activities (list[str]):
            categories (list[str] | Unset):
            occurred_from (datetime.datetime | None | Unset):
            occurred_until (datetime.datetime | None | Unset):
            properties (list[AffectedFilterPropertiesItem] | Unset):
    """

    activities: list[str]
    categories: list[str] | Unset = UNSET
    occurred_from: datetime.datetime | None | Unset = UNSET
    occurred_until: datetime.datetime | None | Unset = UNSET
    properties: list[AffectedFilterPropertiesItem] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        activities = self.activities

        categories: list[str] | Unset = UNSET
        if not isinstance(self.categories, Unset):
            categories = self.categories

        occurred_from: None | str | Unset
        if isinstance(self.occurred_from, Unset):
            occurred_from = UNSET
        elif isinstance(self.occurred_from, datetime.datetime):
            occurred_from = self.occurred_from.isoformat()
        else:
            occurred_from = self.occurred_from

        occurred_until: None | str | Unset
        if isinstance(self.occurred_until, Unset):
            occurred_until = UNSET
        elif isinstance(self.occurred_until, datetime.datetime):
            occurred_until = self.occurred_until.isoformat()
        else:
            occurred_until = self.occurred_until

        properties: list[str] | Unset = UNSET
        if not isinstance(self.properties, Unset):
            properties = []
            for properties_item_data in self.properties:
                properties_item = properties_item_data.value
                properties.append(properties_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "activities": activities,
            }
        )
        if categories is not UNSET:
            field_dict["categories"] = categories
        if occurred_from is not UNSET:
            field_dict["occurred_from"] = occurred_from
        if occurred_until is not UNSET:
            field_dict["occurred_until"] = occurred_until
        if properties is not UNSET:
            field_dict["properties"] = properties

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        activities = cast(list[str], d.pop("activities"))

        categories = cast(list[str], d.pop("categories", UNSET))

        def _parse_occurred_from(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                occurred_from_type_0 = datetime.datetime.fromisoformat(data)

                return occurred_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        occurred_from = _parse_occurred_from(d.pop("occurred_from", UNSET))

        def _parse_occurred_until(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                occurred_until_type_0 = datetime.datetime.fromisoformat(data)

                return occurred_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        occurred_until = _parse_occurred_until(d.pop("occurred_until", UNSET))

        _properties = d.pop("properties", UNSET)
        properties: list[AffectedFilterPropertiesItem] | Unset = UNSET
        if _properties is not UNSET:
            properties = []
            for properties_item_data in _properties:
                properties_item = AffectedFilterPropertiesItem(properties_item_data)

                properties.append(properties_item)

        affected_filter = cls(
            activities=activities,
            categories=categories,
            occurred_from=occurred_from,
            occurred_until=occurred_until,
            properties=properties,
        )

        return affected_filter
