from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.retention_read import RetentionRead
    from ..models.text import Text


T = TypeVar("T", bound="ActivityRead")


@_attrs_define
class ActivityRead:
    """
    Attributes:
        consent_purpose (None | str):
        data_categories (list[str]):
        key (str):
        legal_basis (list[str]):
        objection_applies (bool):
        portability_applies (bool):
        properties (list[str]):
        purposes (list[str]):
        register_version (int):
        retention (RetentionRead):
        section (str):
        storage_only (bool):
        title (Text):
    """

    consent_purpose: None | str
    data_categories: list[str]
    key: str
    legal_basis: list[str]
    objection_applies: bool
    portability_applies: bool
    properties: list[str]
    purposes: list[str]
    register_version: int
    retention: RetentionRead
    section: str
    storage_only: bool
    title: Text
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        consent_purpose: None | str
        consent_purpose = self.consent_purpose

        data_categories = self.data_categories

        key = self.key

        legal_basis = self.legal_basis

        objection_applies = self.objection_applies

        portability_applies = self.portability_applies

        properties = self.properties

        purposes = self.purposes

        register_version = self.register_version

        retention = self.retention.to_dict()

        section = self.section

        storage_only = self.storage_only

        title = self.title.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "consent_purpose": consent_purpose,
                "data_categories": data_categories,
                "key": key,
                "legal_basis": legal_basis,
                "objection_applies": objection_applies,
                "portability_applies": portability_applies,
                "properties": properties,
                "purposes": purposes,
                "register_version": register_version,
                "retention": retention,
                "section": section,
                "storage_only": storage_only,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.retention_read import RetentionRead  # noqa: PLC0415
        from ..models.text import Text  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_consent_purpose(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        consent_purpose = _parse_consent_purpose(d.pop("consent_purpose"))

        data_categories = cast(list[str], d.pop("data_categories"))

        key = d.pop("key")

        legal_basis = cast(list[str], d.pop("legal_basis"))

        objection_applies = d.pop("objection_applies")

        portability_applies = d.pop("portability_applies")

        properties = cast(list[str], d.pop("properties"))

        purposes = cast(list[str], d.pop("purposes"))

        register_version = d.pop("register_version")

        retention = RetentionRead.from_dict(d.pop("retention"))

        section = d.pop("section")

        storage_only = d.pop("storage_only")

        title = Text.from_dict(d.pop("title"))

        activity_read = cls(
            consent_purpose=consent_purpose,
            data_categories=data_categories,
            key=key,
            legal_basis=legal_basis,
            objection_applies=objection_applies,
            portability_applies=portability_applies,
            properties=properties,
            purposes=purposes,
            register_version=register_version,
            retention=retention,
            section=section,
            storage_only=storage_only,
            title=title,
        )

        activity_read.additional_properties = d
        return activity_read

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
