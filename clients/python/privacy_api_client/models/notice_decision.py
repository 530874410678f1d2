from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="NoticeDecision")


@_attrs_define
class NoticeDecision:
    """The notice decided on, by the id its text was shown under: a newer draft of the
    same breach is not approved by a decision about the one read.

        Attributes:
            notice_id (str):
    """

    notice_id: str

    def to_dict(self) -> dict[str, Any]:
        notice_id = self.notice_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "notice_id": notice_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        notice_id = d.pop("notice_id")

        notice_decision = cls(
            notice_id=notice_id,
        )

        return notice_decision
