from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="Text")


@_attrs_define
class Text:
    """
    Attributes:
        en (str):
        pl (str):
    """

    en: str
    pl: str

    def to_dict(self) -> dict[str, Any]:
        en = self.en

        pl = self.pl

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "en": en,
                "pl": pl,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        en = d.pop("en")

        pl = d.pop("pl")

        text = cls(
            en=en,
            pl=pl,
        )

        return text
