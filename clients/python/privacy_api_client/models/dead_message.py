from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DeadMessage")


@_attrs_define
class DeadMessage:
    """What the API, the CLI and the console show of a given-up message.

    Attributes:
        attempts (int):
        created_at (datetime.datetime):
        dead_at (datetime.datetime):
        id (int):
        kind (str):
        last_error (None | str):
        recipient (str):
        reference (None | str):
        retryable (bool):
    """

    attempts: int
    created_at: datetime.datetime
    dead_at: datetime.datetime
    id: int
    kind: str
    last_error: None | str
    recipient: str
    reference: None | str
    retryable: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attempts = self.attempts

        created_at = self.created_at.isoformat()

        dead_at = self.dead_at.isoformat()

        id = self.id

        kind = self.kind

        last_error: None | str
        last_error = self.last_error

        recipient = self.recipient

        reference: None | str
        reference = self.reference

        retryable = self.retryable

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attempts": attempts,
                "created_at": created_at,
                "dead_at": dead_at,
                "id": id,
                "kind": kind,
                "last_error": last_error,
                "recipient": recipient,
                "reference": reference,
                "retryable": retryable,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempts = d.pop("attempts")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        dead_at = datetime.datetime.fromisoformat(d.pop("dead_at"))

        id = d.pop("id")

        kind = d.pop("kind")

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        recipient = d.pop("recipient")

        def _parse_reference(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reference = _parse_reference(d.pop("reference"))

        retryable = d.pop("retryable")

        dead_message = cls(
            attempts=attempts,
            created_at=created_at,
            dead_at=dead_at,
            id=id,
            kind=kind,
            last_error=last_error,
            recipient=recipient,
            reference=reference,
            retryable=retryable,
        )

        dead_message.additional_properties = d
        return dead_message

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
