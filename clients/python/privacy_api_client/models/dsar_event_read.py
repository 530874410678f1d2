from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.dsar_event_read_details import DsarEventReadDetails


T = TypeVar("T", bound="DsarEventRead")


@_attrs_define
class DsarEventRead:
    """
    Attributes:
        action (str):
        actor (str):
        at (datetime.datetime):
        details (DsarEventReadDetails):
        from_status (None | str):
        to_status (str):
    """

    action: str
    actor: str
    at: datetime.datetime
    details: DsarEventReadDetails
    from_status: None | str
    to_status: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        actor = self.actor

        at = self.at.isoformat()

        details = self.details.to_dict()

        from_status: None | str
        from_status = self.from_status

        to_status = self.to_status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "actor": actor,
                "at": at,
                "details": details,
                "from_status": from_status,
                "to_status": to_status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dsar_event_read_details import DsarEventReadDetails  # noqa: PLC0415

        d = dict(src_dict)
        action = d.pop("action")

        actor = d.pop("actor")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        details = DsarEventReadDetails.from_dict(d.pop("details"))

        def _parse_from_status(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        from_status = _parse_from_status(d.pop("from_status"))

        to_status = d.pop("to_status")

        dsar_event_read = cls(
            action=action,
            actor=actor,
            at=at,
            details=details,
            from_status=from_status,
            to_status=to_status,
        )

        dsar_event_read.additional_properties = d
        return dsar_event_read

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
