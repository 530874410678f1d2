from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.cookie_policy_read_properties import CookiePolicyReadProperties
    from ..models.cookie_purpose_read import CookiePurposeRead


T = TypeVar("T", bound="CookiePolicyRead")


@_attrs_define
class CookiePolicyRead:
    """
    Attributes:
        consent_lifetime_days (int):
        page_url (str):
        properties (CookiePolicyReadProperties):
        purposes (list[CookiePurposeRead]):
        register_version (int):
    """

    consent_lifetime_days: int
    page_url: str
    properties: CookiePolicyReadProperties
    purposes: list[CookiePurposeRead]
    register_version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        consent_lifetime_days = self.consent_lifetime_days

        page_url = self.page_url

        properties = self.properties.to_dict()

        purposes = []
        for purposes_item_data in self.purposes:
            purposes_item = purposes_item_data.to_dict()
            purposes.append(purposes_item)

        register_version = self.register_version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "consent_lifetime_days": consent_lifetime_days,
                "page_url": page_url,
                "properties": properties,
                "purposes": purposes,
                "register_version": register_version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cookie_policy_read_properties import CookiePolicyReadProperties  # noqa: PLC0415
        from ..models.cookie_purpose_read import CookiePurposeRead  # noqa: PLC0415

        d = dict(src_dict)
        consent_lifetime_days = d.pop("consent_lifetime_days")

        page_url = d.pop("page_url")

        properties = CookiePolicyReadProperties.from_dict(d.pop("properties"))

        purposes = []
        _purposes = d.pop("purposes")
        for purposes_item_data in _purposes:
            purposes_item = CookiePurposeRead.from_dict(purposes_item_data)

            purposes.append(purposes_item)

        register_version = d.pop("register_version")

        cookie_policy_read = cls(
            consent_lifetime_days=consent_lifetime_days,
            page_url=page_url,
            properties=properties,
            purposes=purposes,
            register_version=register_version,
        )

        cookie_policy_read.additional_properties = d
        return cookie_policy_read

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
