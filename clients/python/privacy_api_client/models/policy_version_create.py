from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.text import Text


T = TypeVar("T", bound="PolicyVersionCreate")


@_attrs_define
class PolicyVersionCreate:
    """
    Attributes:
        changelog (Text):
        material (bool): A material change: users who accepted an earlier version must be told
        version (datetime.date): The version's date, e.g. 2026-12-01
    """

    changelog: Text
    material: bool
    version: datetime.date

    def to_dict(self) -> dict[str, Any]:
        changelog = self.changelog.to_dict()

        material = self.material

        version = self.version.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "changelog": changelog,
                "material": material,
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

        version = datetime.date.fromisoformat(d.pop("version"))

        policy_version_create = cls(
            changelog=changelog,
            material=material,
            version=version,
        )

        return policy_version_create
