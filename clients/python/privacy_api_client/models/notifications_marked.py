from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="NotificationsMarked")


@_attrs_define
class NotificationsMarked:
    """
    Attributes:
        subject_ids (list[str]):
        version (str): A published version: its date, e.g. 2026-12-01, or 2026-12-01.2
    """

    subject_ids: list[str]
    version: str

    def to_dict(self) -> dict[str, Any]:
        subject_ids = self.subject_ids

        version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "subject_ids": subject_ids,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        subject_ids = cast(list[str], d.pop("subject_ids"))

        version = d.pop("version")

        notifications_marked = cls(
            subject_ids=subject_ids,
            version=version,
        )

        return notifications_marked
