from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.subject_permission_reasons_item import SubjectPermissionReasonsItem

T = TypeVar("T", bound="SubjectPermission")


@_attrs_define
class SubjectPermission:
    """
    Attributes:
        allowed (bool):
        reasons (list[SubjectPermissionReasonsItem]):
        subject_id (str):
    """

    allowed: bool
    reasons: list[SubjectPermissionReasonsItem]
    subject_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allowed = self.allowed

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.value
            reasons.append(reasons_item)

        subject_id = self.subject_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allowed": allowed,
                "reasons": reasons,
                "subject_id": subject_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        allowed = d.pop("allowed")

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = SubjectPermissionReasonsItem(reasons_item_data)

            reasons.append(reasons_item)

        subject_id = d.pop("subject_id")

        subject_permission = cls(
            allowed=allowed,
            reasons=reasons,
            subject_id=subject_id,
        )

        subject_permission.additional_properties = d
        return subject_permission

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
