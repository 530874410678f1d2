from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RegisterVersionRead")


@_attrs_define
class RegisterVersionRead:
    """
    Attributes:
        content_hash (str):
        loaded_at (datetime.datetime):
        source (str):
        version (int):
    """

    content_hash: str
    loaded_at: datetime.datetime
    source: str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        content_hash = self.content_hash

        loaded_at = self.loaded_at.isoformat()

        source = self.source

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "content_hash": content_hash,
                "loaded_at": loaded_at,
                "source": source,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        content_hash = d.pop("content_hash")

        loaded_at = datetime.datetime.fromisoformat(d.pop("loaded_at"))

        source = d.pop("source")

        version = d.pop("version")

        register_version_read = cls(
            content_hash=content_hash,
            loaded_at=loaded_at,
            source=source,
            version=version,
        )

        register_version_read.additional_properties = d
        return register_version_read

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
