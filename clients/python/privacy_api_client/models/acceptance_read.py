from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AcceptanceRead")


@_attrs_define
class AcceptanceRead:
    """
    Attributes:
        at (datetime.datetime):
        id (int):
        kind (str):
        property_ (str):
        subject_id (str):
        version (str):
    """

    at: datetime.datetime
    id: int
    kind: str
    property_: str
    subject_id: str
    version: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        id = self.id

        kind = self.kind

        property_ = self.property_

        subject_id = self.subject_id

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "at": at,
                "id": id,
                "kind": kind,
                "property": property_,
                "subject_id": subject_id,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))

        id = d.pop("id")

        kind = d.pop("kind")

        property_ = d.pop("property")

        subject_id = d.pop("subject_id")

        version = d.pop("version")

        acceptance_read = cls(
            at=at,
            id=id,
            kind=kind,
            property_=property_,
            subject_id=subject_id,
            version=version,
        )

        acceptance_read.additional_properties = d
        return acceptance_read

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
