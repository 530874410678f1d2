from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.record_in_property import RecordInProperty

if TYPE_CHECKING:
    from ..models.record_in_data import RecordInData


T = TypeVar("T", bound="RecordIn")


@_attrs_define
class RecordIn:
    """A personal-data record as a property reports it.

    Attributes:
        activity (str): A processing activity key of the register
        category (str): One of the activity's data categories
        data (RecordInData): The record itself: a JSON object, size-limited
        occurred_at (datetime.datetime):
        property_ (RecordInProperty):
        subject_id (str):
    """

    activity: str
    category: str
    data: RecordInData
    occurred_at: datetime.datetime
    property_: RecordInProperty
    subject_id: str

    def to_dict(self) -> dict[str, Any]:
        activity = self.activity

        category = self.category

        data = self.data.to_dict()

        occurred_at = self.occurred_at.isoformat()

        property_ = self.property_.value

        subject_id = self.subject_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "activity": activity,
                "category": category,
                "data": data,
                "occurred_at": occurred_at,
                "property": property_,
                "subject_id": subject_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.record_in_data import RecordInData  # noqa: PLC0415

        d = dict(src_dict)
        activity = d.pop("activity")

        category = d.pop("category")

        data = RecordInData.from_dict(d.pop("data"))

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        property_ = RecordInProperty(d.pop("property"))

        subject_id = d.pop("subject_id")

        record_in = cls(
            activity=activity,
            category=category,
            data=data,
            occurred_at=occurred_at,
            property_=property_,
            subject_id=subject_id,
        )

        return record_in
