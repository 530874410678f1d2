from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.record_read_data_type_0 import RecordReadDataType0


T = TypeVar("T", bound="RecordRead")


@_attrs_define
class RecordRead:
    """
    Attributes:
        activity (str):
        anonymised_at (datetime.datetime | None):
        category (str):
        data (None | RecordReadDataType0):
        id (int):
        occurred_at (datetime.datetime):
        property_ (str):
        recorded_at (datetime.datetime):
        register_version (int):
        subject_id (None | str):
    """

    activity: str
    anonymised_at: datetime.datetime | None
    category: str
    data: None | RecordReadDataType0
    id: int
    occurred_at: datetime.datetime
    property_: str
    recorded_at: datetime.datetime
    register_version: int
    subject_id: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.record_read_data_type_0 import RecordReadDataType0  # noqa: PLC0415

        activity = self.activity

        anonymised_at: None | str
        if isinstance(self.anonymised_at, datetime.datetime):
            anonymised_at = self.anonymised_at.isoformat()
        else:
            anonymised_at = self.anonymised_at

        category = self.category

        data: dict[str, Any] | None
        if isinstance(self.data, RecordReadDataType0):
            data = self.data.to_dict()
        else:
            data = self.data

        id = self.id

        occurred_at = self.occurred_at.isoformat()

        property_ = self.property_

        recorded_at = self.recorded_at.isoformat()

        register_version = self.register_version

        subject_id: None | str
        subject_id = self.subject_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "activity": activity,
                "anonymised_at": anonymised_at,
                "category": category,
                "data": data,
                "id": id,
                "occurred_at": occurred_at,
                "property": property_,
                "recorded_at": recorded_at,
                "register_version": register_version,
                "subject_id": subject_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.record_read_data_type_0 import RecordReadDataType0  # noqa: PLC0415

        d = dict(src_dict)
        activity = d.pop("activity")

        def _parse_anonymised_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                anonymised_at_type_0 = datetime.datetime.fromisoformat(data)

                return anonymised_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        anonymised_at = _parse_anonymised_at(d.pop("anonymised_at"))

        category = d.pop("category")

        def _parse_data(data: object) -> None | RecordReadDataType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                data_type_0 = RecordReadDataType0.from_dict(data)

                return data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RecordReadDataType0, data)

        data = _parse_data(d.pop("data"))

        id = d.pop("id")

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        property_ = d.pop("property")

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        register_version = d.pop("register_version")

        def _parse_subject_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subject_id = _parse_subject_id(d.pop("subject_id"))

        record_read = cls(
            activity=activity,
            anonymised_at=anonymised_at,
            category=category,
            data=data,
            id=id,
            occurred_at=occurred_at,
            property_=property_,
            recorded_at=recorded_at,
            register_version=register_version,
            subject_id=subject_id,
        )

        record_read.additional_properties = d
        return record_read

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
