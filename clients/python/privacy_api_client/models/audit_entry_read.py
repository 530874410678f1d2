from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.audit_entry_read_details import AuditEntryReadDetails


T = TypeVar("T", bound="AuditEntryRead")


@_attrs_define
class AuditEntryRead:
    """
    Attributes:
        action (str):
        actor (str):
        at (datetime.datetime):
        details (AuditEntryReadDetails):
        hash_ (str):
        request_id (None | str):
        seq (int):
        subject_id (None | str):
        target (str):
    """

    action: str
    actor: str
    at: datetime.datetime
    details: AuditEntryReadDetails
    hash_: str
    request_id: None | str
    seq: int
    subject_id: None | str
    target: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        actor = self.actor

        at = self.at.isoformat()

        details = self.details.to_dict()

        hash_ = self.hash_

        request_id: None | str
        request_id = self.request_id

        seq = self.seq

        subject_id: None | str
        subject_id = self.subject_id

        target = self.target

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "actor": actor,
                "at": at,
                "details": details,
                "hash": hash_,
                "request_id": request_id,
                "seq": seq,
                "subject_id": subject_id,
                "target": target,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_entry_read_details import AuditEntryReadDetails  # noqa: PLC0415

        d = dict(src_dict)
        action = d.pop("action")

        actor = d.pop("actor")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        details = AuditEntryReadDetails.from_dict(d.pop("details"))

        hash_ = d.pop("hash")

        def _parse_request_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_id = _parse_request_id(d.pop("request_id"))

        seq = d.pop("seq")

        def _parse_subject_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subject_id = _parse_subject_id(d.pop("subject_id"))

        target = d.pop("target")

        audit_entry_read = cls(
            action=action,
            actor=actor,
            at=at,
            details=details,
            hash_=hash_,
            request_id=request_id,
            seq=seq,
            subject_id=subject_id,
            target=target,
        )

        audit_entry_read.additional_properties = d
        return audit_entry_read

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
