from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.subject_notification_message import SubjectNotificationMessage


T = TypeVar("T", bound="SubjectNotification")


@_attrs_define
class SubjectNotification:
    """
    Attributes:
        message (SubjectNotificationMessage): The notice in Polish and in English: each person reads it in theirs
    """

    message: SubjectNotificationMessage

    def to_dict(self) -> dict[str, Any]:
        message = self.message.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "message": message,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subject_notification_message import SubjectNotificationMessage  # noqa: PLC0415

        d = dict(src_dict)
        message = SubjectNotificationMessage.from_dict(d.pop("message"))

        subject_notification = cls(
            message=message,
        )

        return subject_notification
