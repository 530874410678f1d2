from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CheckpointRead")


@_attrs_define
class CheckpointRead:
    """
    Attributes:
        at (datetime.datetime):
        head_hash (str):
        id (int):
        key_id (str):
        seq (int):
        signature (str): base64 Ed25519 signature of `privacy-api-audit-checkpoint:v1:<seq>:<head_hash>:<at>` (UTF-8;
            `at` in UTC, ISO 8601 with microseconds and +00:00)
    """

    at: datetime.datetime
    head_hash: str
    id: int
    key_id: str
    seq: int
    signature: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        head_hash = self.head_hash

        id = self.id

        key_id = self.key_id

        seq = self.seq

        signature = self.signature

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "head_hash": head_hash,
                "id": id,
                "key_id": key_id,
                "seq": seq,
                "signature": signature,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))

        head_hash = d.pop("head_hash")

        id = d.pop("id")

        key_id = d.pop("key_id")

        seq = d.pop("seq")

        signature = d.pop("signature")

        checkpoint_read = cls(
            at=at,
            head_hash=head_hash,
            id=id,
            key_id=key_id,
            seq=seq,
            signature=signature,
        )

        checkpoint_read.additional_properties = d
        return checkpoint_read

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
