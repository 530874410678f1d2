from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.permission_read_reasons_item import PermissionReadReasonsItem

T = TypeVar("T", bound="PermissionRead")


@_attrs_define
class PermissionRead:
    """
    Attributes:
        activity (str):
        allowed (bool):
        legal_basis (list[str]):
        reasons (list[PermissionReadReasonsItem]): Empty when allowed
        subject_id (str):
    """

    activity: str
    allowed: bool
    legal_basis: list[str]
    reasons: list[PermissionReadReasonsItem]
    subject_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        activity = self.activity

        allowed = self.allowed

        legal_basis = self.legal_basis

        reasons = []
        for reasons_item_data in self.reasons:
            reasons_item = reasons_item_data.value
            reasons.append(reasons_item)

        subject_id = self.subject_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "activity": activity,
                "allowed": allowed,
                "legal_basis": legal_basis,
                "reasons": reasons,
                "subject_id": subject_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        activity = d.pop("activity")

        allowed = d.pop("allowed")

        legal_basis = cast(list[str], d.pop("legal_basis"))

        reasons = []
        _reasons = d.pop("reasons")
        for reasons_item_data in _reasons:
            reasons_item = PermissionReadReasonsItem(reasons_item_data)

            reasons.append(reasons_item)

        subject_id = d.pop("subject_id")

        permission_read = cls(
            activity=activity,
            allowed=allowed,
            legal_basis=legal_basis,
            reasons=reasons,
            subject_id=subject_id,
        )

        permission_read.additional_properties = d
        return permission_read

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
