from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.subject_notice_read_status import SubjectNoticeReadStatus

if TYPE_CHECKING:
    from ..models.subject_notice_read_message import SubjectNoticeReadMessage
    from ..models.subject_notice_read_preview import SubjectNoticeReadPreview


T = TypeVar("T", bound="SubjectNoticeRead")


@_attrs_define
class SubjectNoticeRead:
    """A drafted Art. 34 notice and its decision; `preview` is the mail exactly as sent.

    Attributes:
        breach_id (str):
        decided_at (datetime.datetime | None):
        decided_by (None | str):
        id (str):
        mailed (int | None):
        message (SubjectNoticeReadMessage):
        preview (SubjectNoticeReadPreview): Per language, the mail's subject and body as every reader gets it
        refusal_reason (None | str):
        requested_at (datetime.datetime):
        requested_by (str):
        status (SubjectNoticeReadStatus):
        untold (int | None): While pending: the people it would be mailed to if approved now
    """

    breach_id: str
    decided_at: datetime.datetime | None
    decided_by: None | str
    id: str
    mailed: int | None
    message: SubjectNoticeReadMessage
    preview: SubjectNoticeReadPreview
    refusal_reason: None | str
    requested_at: datetime.datetime
    requested_by: str
    status: SubjectNoticeReadStatus
    untold: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        breach_id = self.breach_id

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        decided_by: None | str
        decided_by = self.decided_by

        id = self.id

        mailed: int | None
        mailed = self.mailed

        message = self.message.to_dict()

        preview = self.preview.to_dict()

        refusal_reason: None | str
        refusal_reason = self.refusal_reason

        requested_at = self.requested_at.isoformat()

        requested_by = self.requested_by

        status = self.status.value

        untold: int | None
        untold = self.untold

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "breach_id": breach_id,
                "decided_at": decided_at,
                "decided_by": decided_by,
                "id": id,
                "mailed": mailed,
                "message": message,
                "preview": preview,
                "refusal_reason": refusal_reason,
                "requested_at": requested_at,
                "requested_by": requested_by,
                "status": status,
                "untold": untold,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subject_notice_read_message import SubjectNoticeReadMessage  # noqa: PLC0415
        from ..models.subject_notice_read_preview import SubjectNoticeReadPreview  # noqa: PLC0415

        d = dict(src_dict)
        breach_id = d.pop("breach_id")

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        def _parse_decided_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decided_by = _parse_decided_by(d.pop("decided_by"))

        id = d.pop("id")

        def _parse_mailed(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        mailed = _parse_mailed(d.pop("mailed"))

        message = SubjectNoticeReadMessage.from_dict(d.pop("message"))

        preview = SubjectNoticeReadPreview.from_dict(d.pop("preview"))

        def _parse_refusal_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        refusal_reason = _parse_refusal_reason(d.pop("refusal_reason"))

        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))

        requested_by = d.pop("requested_by")

        status = SubjectNoticeReadStatus(d.pop("status"))

        def _parse_untold(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        untold = _parse_untold(d.pop("untold"))

        subject_notice_read = cls(
            breach_id=breach_id,
            decided_at=decided_at,
            decided_by=decided_by,
            id=id,
            mailed=mailed,
            message=message,
            preview=preview,
            refusal_reason=refusal_reason,
            requested_at=requested_at,
            requested_by=requested_by,
            status=status,
            untold=untold,
        )

        subject_notice_read.additional_properties = d
        return subject_notice_read

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
