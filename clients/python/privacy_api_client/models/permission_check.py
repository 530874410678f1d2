from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="PermissionCheck")


@_attrs_define
class PermissionCheck:
    """
    Attributes:
        activity (str):
        subject_ids (list[str]):
    """

    activity: str
    subject_ids: list[str]

    def to_dict(self) -> dict[str, Any]:
        activity = self.activity

        subject_ids = self.subject_ids

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "activity": activity,
                "subject_ids": subject_ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        activity = d.pop("activity")

        subject_ids = cast(list[str], d.pop("subject_ids"))

        permission_check = cls(
            activity=activity,
            subject_ids=subject_ids,
        )

        return permission_check
