from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.text import Text


T = TypeVar("T", bound="ActivityBasisRead")


@_attrs_define
class ActivityBasisRead:
    """An activity that rests on the purpose, with the bases the register states for it.

    Attributes:
        key (str):
        legal_basis (list[str]):
        title (Text):
    """

    key: str
    legal_basis: list[str]
    title: Text
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        legal_basis = self.legal_basis

        title = self.title.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "key": key,
                "legal_basis": legal_basis,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.text import Text  # noqa: PLC0415

        d = dict(src_dict)
        key = d.pop("key")

        legal_basis = cast(list[str], d.pop("legal_basis"))

        title = Text.from_dict(d.pop("title"))

        activity_basis_read = cls(
            key=key,
            legal_basis=legal_basis,
            title=title,
        )

        activity_basis_read.additional_properties = d
        return activity_basis_read

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
