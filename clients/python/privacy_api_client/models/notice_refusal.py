from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="NoticeRefusal")


@_attrs_define
class NoticeRefusal:
    """
    Attributes:
        notice_id (str):
        reason (str):
    """

    notice_id: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        notice_id = self.notice_id

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "notice_id": notice_id,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        notice_id = d.pop("notice_id")

        reason = d.pop("reason")

        notice_refusal = cls(
            notice_id=notice_id,
            reason=reason,
        )

        return notice_refusal
