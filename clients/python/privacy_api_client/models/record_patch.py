from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.record_patch_data import RecordPatchData


T = TypeVar("T", bound="RecordPatch")


@_attrs_define
class RecordPatch:
    """Art. 16: a JSON Merge Patch (RFC 7396) of the record's data.

    Attributes:
        data (RecordPatchData): Fields to correct; null removes one, an object merges into an object
    """

    data: RecordPatchData

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.record_patch_data import RecordPatchData  # noqa: PLC0415

        d = dict(src_dict)
        data = RecordPatchData.from_dict(d.pop("data"))

        record_patch = cls(
            data=data,
        )

        return record_patch
