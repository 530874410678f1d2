from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="ObjectionCreate")


@_attrs_define
class ObjectionCreate:
    """
    Attributes:
        activity (str):
    """

    activity: str

    def to_dict(self) -> dict[str, Any]:
        activity = self.activity

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "activity": activity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        activity = d.pop("activity")

        objection_create = cls(
            activity=activity,
        )

        return objection_create
