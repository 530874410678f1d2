from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.consent_choices_property import ConsentChoicesProperty
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.consent_choices_purposes import ConsentChoicesPurposes


T = TypeVar("T", bound="ConsentChoices")


@_attrs_define
class ConsentChoices:
    """
    Attributes:
        property_ (ConsentChoicesProperty): Where the choice was made
        purposes (ConsentChoicesPurposes): Choices per purpose; purposes left out keep their current value
        banner_version (None | str | Unset): The banner text shown (1-64 of A-Z a-z 0-9 . _ : + -)
        policy_version (None | str | Unset): The policy version shown; default the latest published
    """

    property_: ConsentChoicesProperty
    purposes: ConsentChoicesPurposes
    banner_version: None | str | Unset = UNSET
    policy_version: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        property_ = self.property_.value

        purposes = self.purposes.to_dict()

        banner_version: None | str | Unset
        if isinstance(self.banner_version, Unset):
            banner_version = UNSET
        else:
            banner_version = self.banner_version

        policy_version: None | str | Unset
        if isinstance(self.policy_version, Unset):
            policy_version = UNSET
        else:
            policy_version = self.policy_version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "property": property_,
                "purposes": purposes,
            }
        )
        if banner_version is not UNSET:
            field_dict["banner_version"] = banner_version
        if policy_version is not UNSET:
            field_dict["policy_version"] = policy_version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_choices_purposes import ConsentChoicesPurposes  # noqa: PLC0415

        d = dict(src_dict)
        property_ = ConsentChoicesProperty(d.pop("property"))

        purposes = ConsentChoicesPurposes.from_dict(d.pop("purposes"))

        def _parse_banner_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        banner_version = _parse_banner_version(d.pop("banner_version", UNSET))

        def _parse_policy_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        policy_version = _parse_policy_version(d.pop("policy_version", UNSET))

        consent_choices = cls(
            property_=property_,
            purposes=purposes,
            banner_version=banner_version,
            policy_version=policy_version,
        )

        return consent_choices
