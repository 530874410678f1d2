from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.subject_permission import SubjectPermission


T = TypeVar("T", bound="PermissionsRead")


@_attrs_define
class PermissionsRead:
    """
    Attributes:
        activity (str):
        legal_basis (list[str]):
        results (list[SubjectPermission]): One per distinct id, in order asked
    """

    activity: str
    legal_basis: list[str]
    results: list[SubjectPermission]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        activity = self.activity

        legal_basis = self.legal_basis

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "activity": activity,
                "legal_basis": legal_basis,
                "results": results,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subject_permission import SubjectPermission  # noqa: PLC0415

        d = dict(src_dict)
        activity = d.pop("activity")

        legal_basis = cast(list[str], d.pop("legal_basis"))

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = SubjectPermission.from_dict(results_item_data)

            results.append(results_item)

        permissions_read = cls(
            activity=activity,
            legal_basis=legal_basis,
            results=results,
        )

        permissions_read.additional_properties = d
        return permissions_read

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
