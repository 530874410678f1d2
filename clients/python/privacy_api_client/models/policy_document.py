from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.policy_document_lang import PolicyDocumentLang

T = TypeVar("T", bound="PolicyDocument")


@_attrs_define
class PolicyDocument:
    """
    Attributes:
        lang (PolicyDocumentLang):
        material (bool):
        published_at (datetime.datetime):
        register_version (int):
        text (str):
        version (str):
    """

    lang: PolicyDocumentLang
    material: bool
    published_at: datetime.datetime
    register_version: int
    text: str
    version: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        lang = self.lang.value

        material = self.material

        published_at = self.published_at.isoformat()

        register_version = self.register_version

        text = self.text

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "lang": lang,
                "material": material,
                "published_at": published_at,
                "register_version": register_version,
                "text": text,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        lang = PolicyDocumentLang(d.pop("lang"))

        material = d.pop("material")

        published_at = datetime.datetime.fromisoformat(d.pop("published_at"))

        register_version = d.pop("register_version")

        text = d.pop("text")

        version = d.pop("version")

        policy_document = cls(
            lang=lang,
            material=material,
            published_at=published_at,
            register_version=register_version,
            text=text,
            version=version,
        )

        policy_document.additional_properties = d
        return policy_document

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
