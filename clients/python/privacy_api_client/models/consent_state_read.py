from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.consent_mode import ConsentMode
    from ..models.consent_state_read_purposes import ConsentStateReadPurposes


T = TypeVar("T", bound="ConsentStateRead")


@_attrs_define
class ConsentStateRead:
    """
    Attributes:
        consent_mode (ConsentMode):
        current_policy_version (str): The latest published policy version
        gpc (bool):
        holder (str):
        policy_version (str): The policy version the choices were made under
        purposes (ConsentStateReadPurposes):
        reconsent_required (bool): The choices predate a material change of the policy: ask again (policy §5)
        updated_at (datetime.datetime | None):
    """

    consent_mode: ConsentMode
    current_policy_version: str
    gpc: bool
    holder: str
    policy_version: str
    purposes: ConsentStateReadPurposes
    reconsent_required: bool
    updated_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        consent_mode = self.consent_mode.to_dict()

        current_policy_version = self.current_policy_version

        gpc = self.gpc

        holder = self.holder

        policy_version = self.policy_version

        purposes = self.purposes.to_dict()

        reconsent_required = self.reconsent_required

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "consent_mode": consent_mode,
                "current_policy_version": current_policy_version,
                "gpc": gpc,
                "holder": holder,
                "policy_version": policy_version,
                "purposes": purposes,
                "reconsent_required": reconsent_required,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_mode import ConsentMode  # noqa: PLC0415
        from ..models.consent_state_read_purposes import ConsentStateReadPurposes  # noqa: PLC0415

        d = dict(src_dict)
        consent_mode = ConsentMode.from_dict(d.pop("consent_mode"))

        current_policy_version = d.pop("current_policy_version")

        gpc = d.pop("gpc")

        holder = d.pop("holder")

        policy_version = d.pop("policy_version")

        purposes = ConsentStateReadPurposes.from_dict(d.pop("purposes"))

        reconsent_required = d.pop("reconsent_required")

        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))

        consent_state_read = cls(
            consent_mode=consent_mode,
            current_policy_version=current_policy_version,
            gpc=gpc,
            holder=holder,
            policy_version=policy_version,
            purposes=purposes,
            reconsent_required=reconsent_required,
            updated_at=updated_at,
        )

        consent_state_read.additional_properties = d
        return consent_state_read

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
