from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.system_create_events_item import SystemCreateEventsItem
from ..models.system_create_property import SystemCreateProperty
from ..types import UNSET, Unset

T = TypeVar("T", bound="SystemCreate")


@_attrs_define
class SystemCreate:
    """
    Attributes:
        name (str):
        property_ (SystemCreateProperty):
        webhook_url (str):
        events (list[SystemCreateEventsItem] | Unset): What the system is sent orders or notices for; default: every
            event. Erasure, rectification and restriction orders cannot be declined (Art. 17(2), 19): only the objection and
            consent notices are optional
    """

    name: str
    property_: SystemCreateProperty
    webhook_url: str
    events: list[SystemCreateEventsItem] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        property_ = self.property_.value

        webhook_url = self.webhook_url

        events: list[str] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = []
            for events_item_data in self.events:
                events_item = events_item_data.value
                events.append(events_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "property": property_,
                "webhook_url": webhook_url,
            }
        )
        if events is not UNSET:
            field_dict["events"] = events

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        property_ = SystemCreateProperty(d.pop("property"))

        webhook_url = d.pop("webhook_url")

        _events = d.pop("events", UNSET)
        events: list[SystemCreateEventsItem] | Unset = UNSET
        if _events is not UNSET:
            events = []
            for events_item_data in _events:
                events_item = SystemCreateEventsItem(events_item_data)

                events.append(events_item)

        system_create = cls(
            name=name,
            property_=property_,
            webhook_url=webhook_url,
            events=events,
        )

        return system_create
