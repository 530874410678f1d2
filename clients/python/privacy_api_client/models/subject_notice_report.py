from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.breach_read import BreachRead
    from ..models.subject_notice_read import SubjectNoticeRead


T = TypeVar("T", bound="SubjectNoticeReport")


@_attrs_define
class SubjectNoticeReport:
    """What one approved notice did; a later one reports only what it added.

    Attributes:
        already_told (int):
        breach (BreachRead):
        erased (int):
        mailed (int):
        notice (SubjectNoticeRead): A drafted Art. 34 notice and its decision; `preview` is the mail exactly as sent.
        systems_notified (int):
        without_address (int):
    """

    already_told: int
    breach: BreachRead
    erased: int
    mailed: int
    notice: SubjectNoticeRead
    systems_notified: int
    without_address: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        already_told = self.already_told

        breach = self.breach.to_dict()

        erased = self.erased

        mailed = self.mailed

        notice = self.notice.to_dict()

        systems_notified = self.systems_notified

        without_address = self.without_address

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "already_told": already_told,
                "breach": breach,
                "erased": erased,
                "mailed": mailed,
                "notice": notice,
                "systems_notified": systems_notified,
                "without_address": without_address,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.breach_read import BreachRead  # noqa: PLC0415
        from ..models.subject_notice_read import SubjectNoticeRead  # noqa: PLC0415

        d = dict(src_dict)
        already_told = d.pop("already_told")

        breach = BreachRead.from_dict(d.pop("breach"))

        erased = d.pop("erased")

        mailed = d.pop("mailed")

        notice = SubjectNoticeRead.from_dict(d.pop("notice"))

        systems_notified = d.pop("systems_notified")

        without_address = d.pop("without_address")

        subject_notice_report = cls(
            already_told=already_told,
            breach=breach,
            erased=erased,
            mailed=mailed,
            notice=notice,
            systems_notified=systems_notified,
            without_address=without_address,
        )

        subject_notice_report.additional_properties = d
        return subject_notice_report

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
