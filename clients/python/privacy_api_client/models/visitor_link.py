from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="VisitorLink")


@_attrs_define
class VisitorLink:
    """
    Attributes:
        subject_id (str):
    """

    subject_id: str

    def to_dict(self) -> dict[str, Any]:
        subject_id = self.subject_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "subject_id": subject_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        subject_id = d.pop("subject_id")

        visitor_link = cls(
            subject_id=subject_id,
        )

        return visitor_link
