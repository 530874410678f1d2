from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.cookie_read_party import CookieReadParty

if TYPE_CHECKING:
    from ..models.text import Text


T = TypeVar("T", bound="CookieRead")


@_attrs_define
class CookieRead:
    """
    Attributes:
        deleted_on_withdrawal (bool):
        description (Text):
        domain (None | str):
        lifetime_days (int | None):
        name (str):
        party (CookieReadParty):
        properties (list[str]):
        provider (str):
        purpose (str):
    """

    deleted_on_withdrawal: bool
    description: Text
    domain: None | str
    lifetime_days: int | None
    name: str
    party: CookieReadParty
    properties: list[str]
    provider: str
    purpose: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        deleted_on_withdrawal = self.deleted_on_withdrawal

        description = self.description.to_dict()

        domain: None | str
        domain = self.domain

        lifetime_days: int | None
        lifetime_days = self.lifetime_days

        name = self.name

        party = self.party.value

        properties = self.properties

        provider = self.provider

        purpose = self.purpose

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deleted_on_withdrawal": deleted_on_withdrawal,
                "description": description,
                "domain": domain,
                "lifetime_days": lifetime_days,
                "name": name,
                "party": party,
                "properties": properties,
                "provider": provider,
                "purpose": purpose,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.text import Text  # noqa: PLC0415

        d = dict(src_dict)
        deleted_on_withdrawal = d.pop("deleted_on_withdrawal")

        description = Text.from_dict(d.pop("description"))

        def _parse_domain(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        domain = _parse_domain(d.pop("domain"))

        def _parse_lifetime_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        lifetime_days = _parse_lifetime_days(d.pop("lifetime_days"))

        name = d.pop("name")

        party = CookieReadParty(d.pop("party"))

        properties = cast(list[str], d.pop("properties"))

        provider = d.pop("provider")

        purpose = d.pop("purpose")

        cookie_read = cls(
            deleted_on_withdrawal=deleted_on_withdrawal,
            description=description,
            domain=domain,
            lifetime_days=lifetime_days,
            name=name,
            party=party,
            properties=properties,
            provider=provider,
            purpose=purpose,
        )

        cookie_read.additional_properties = d
        return cookie_read

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
