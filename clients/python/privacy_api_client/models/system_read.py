from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SystemRead")


@_attrs_define
class SystemRead:
    """
    Attributes:
        created_at (datetime.datetime):
        events (list[str]):
        id (str):
        name (str):
        property_ (str):
        webhook_url (str):
    """

    created_at: datetime.datetime
    events: list[str]
    id: str
    name: str
    property_: str
    webhook_url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        events = self.events

        id = self.id

        name = self.name

        property_ = self.property_

        webhook_url = self.webhook_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "events": events,
                "id": id,
                "name": name,
                "property": property_,
                "webhook_url": webhook_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        events = cast(list[str], d.pop("events"))

        id = d.pop("id")

        name = d.pop("name")

        property_ = d.pop("property")

        webhook_url = d.pop("webhook_url")

        system_read = cls(
            created_at=created_at,
            events=events,
            id=id,
            name=name,
            property_=property_,
            webhook_url=webhook_url,
        )

        system_read.additional_properties = d
        return system_read

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
