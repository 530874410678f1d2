from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.text import Text


T = TypeVar("T", bound="PolicyVersionRead")


@_attrs_define
class PolicyVersionRead:
    """
    Attributes:
        changelog (Text):
        material (bool): A material change: people are asked again and told
        published_at (datetime.datetime):
        register_version (int): The register version it was rendered from
        version (str):
    """

    changelog: Text
    material: bool
    published_at: datetime.datetime
    register_version: int
    version: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        changelog = self.changelog.to_dict()

        material = self.material

        published_at = self.published_at.isoformat()

        register_version = self.register_version

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "changelog": changelog,
                "material": material,
                "published_at": published_at,
                "register_version": register_version,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.text import Text  # noqa: PLC0415

        d = dict(src_dict)
        changelog = Text.from_dict(d.pop("changelog"))

        material = d.pop("material")

        published_at = datetime.datetime.fromisoformat(d.pop("published_at"))

        register_version = d.pop("register_version")

        version = d.pop("version")

        policy_version_read = cls(
            changelog=changelog,
            material=material,
            published_at=published_at,
            register_version=register_version,
            version=version,
        )

        policy_version_read.additional_properties = d
        return policy_version_read

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
