from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AuthorityNotificationRead")


@_attrs_define
class AuthorityNotificationRead:
    """
    Attributes:
        delay_reasons (None | str):
        earlier_reason (None | str): Why notified_at is before recorded_at
        late (bool):
        notified_at (datetime.datetime): When the authority was notified: recorded_at, or an earlier time given with
            earlier_reason; `late` is judged from it
        recorded_at (datetime.datetime | None): The server's time of the call that recorded it (null: before it was
            kept)
        reference (str):
    """

    delay_reasons: None | str
    earlier_reason: None | str
    late: bool
    notified_at: datetime.datetime
    recorded_at: datetime.datetime | None
    reference: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        delay_reasons: None | str
        delay_reasons = self.delay_reasons

        earlier_reason: None | str
        earlier_reason = self.earlier_reason

        late = self.late

        notified_at = self.notified_at.isoformat()

        recorded_at: None | str
        if isinstance(self.recorded_at, datetime.datetime):
            recorded_at = self.recorded_at.isoformat()
        else:
            recorded_at = self.recorded_at

        reference = self.reference

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "delay_reasons": delay_reasons,
                "earlier_reason": earlier_reason,
                "late": late,
                "notified_at": notified_at,
                "recorded_at": recorded_at,
                "reference": reference,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_delay_reasons(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        delay_reasons = _parse_delay_reasons(d.pop("delay_reasons"))

        def _parse_earlier_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        earlier_reason = _parse_earlier_reason(d.pop("earlier_reason"))

        late = d.pop("late")

        notified_at = datetime.datetime.fromisoformat(d.pop("notified_at"))

        def _parse_recorded_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                recorded_at_type_0 = datetime.datetime.fromisoformat(data)

                return recorded_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        recorded_at = _parse_recorded_at(d.pop("recorded_at"))

        reference = d.pop("reference")

        authority_notification_read = cls(
            delay_reasons=delay_reasons,
            earlier_reason=earlier_reason,
            late=late,
            notified_at=notified_at,
            recorded_at=recorded_at,
            reference=reference,
        )

        authority_notification_read.additional_properties = d
        return authority_notification_read

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
