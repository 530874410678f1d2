from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="NoticeText")


@_attrs_define
class NoticeText:
    """What the person reads, in plain words (Art. 34(2)); the contact comes from the register.

    Attributes:
        what_happened (str):
        what_it_means (str):
        what_we_did (str):
    """

    what_happened: str
    what_it_means: str
    what_we_did: str

    def to_dict(self) -> dict[str, Any]:
        what_happened = self.what_happened

        what_it_means = self.what_it_means

        what_we_did = self.what_we_did

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "what_happened": what_happened,
                "what_it_means": what_it_means,
                "what_we_did": what_we_did,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        what_happened = d.pop("what_happened")

        what_it_means = d.pop("what_it_means")

        what_we_did = d.pop("what_we_did")

        notice_text = cls(
            what_happened=what_happened,
            what_it_means=what_it_means,
            what_we_did=what_we_did,
        )

        return notice_text
