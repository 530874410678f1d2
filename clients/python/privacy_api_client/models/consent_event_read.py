from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.consent_event_read_changes import ConsentEventReadChanges
    from ..models.consent_event_read_details_type_0 import ConsentEventReadDetailsType0
    from ..models.consent_event_read_purposes import ConsentEventReadPurposes


T = TypeVar("T", bound="ConsentEventRead")


@_attrs_define
class ConsentEventRead:
    """
    Attributes:
        actor (str):
        at (datetime.datetime):
        banner_version (None | str):
        changes (ConsentEventReadChanges):
        details (ConsentEventReadDetailsType0 | None):
        gpc (bool):
        holder (str):
        id (int):
        ip_hash (None | str):
        kind (str):
        policy_version (str):
        purposes (ConsentEventReadPurposes):
        source (str):
        user_agent (None | str):
    """

    actor: str
    at: datetime.datetime
    banner_version: None | str
    changes: ConsentEventReadChanges
    details: ConsentEventReadDetailsType0 | None
    gpc: bool
    holder: str
    id: int
    ip_hash: None | str
    kind: str
    policy_version: str
    purposes: ConsentEventReadPurposes
    source: str
    user_agent: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.consent_event_read_details_type_0 import ConsentEventReadDetailsType0  # noqa: PLC0415

        actor = self.actor

        at = self.at.isoformat()

        banner_version: None | str
        banner_version = self.banner_version

        changes = self.changes.to_dict()

        details: dict[str, Any] | None
        if isinstance(self.details, ConsentEventReadDetailsType0):
            details = self.details.to_dict()
        else:
            details = self.details

        gpc = self.gpc

        holder = self.holder

        id = self.id

        ip_hash: None | str
        ip_hash = self.ip_hash

        kind = self.kind

        policy_version = self.policy_version

        purposes = self.purposes.to_dict()

        source = self.source

        user_agent: None | str
        user_agent = self.user_agent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actor": actor,
                "at": at,
                "banner_version": banner_version,
                "changes": changes,
                "details": details,
                "gpc": gpc,
                "holder": holder,
                "id": id,
                "ip_hash": ip_hash,
                "kind": kind,
                "policy_version": policy_version,
                "purposes": purposes,
                "source": source,
                "user_agent": user_agent,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_event_read_changes import ConsentEventReadChanges  # noqa: PLC0415
        from ..models.consent_event_read_details_type_0 import ConsentEventReadDetailsType0  # noqa: PLC0415
        from ..models.consent_event_read_purposes import ConsentEventReadPurposes  # noqa: PLC0415

        d = dict(src_dict)
        actor = d.pop("actor")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_banner_version(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        banner_version = _parse_banner_version(d.pop("banner_version"))

        changes = ConsentEventReadChanges.from_dict(d.pop("changes"))

        def _parse_details(data: object) -> ConsentEventReadDetailsType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                details_type_0 = ConsentEventReadDetailsType0.from_dict(data)

                return details_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ConsentEventReadDetailsType0 | None, data)

        details = _parse_details(d.pop("details"))

        gpc = d.pop("gpc")

        holder = d.pop("holder")

        id = d.pop("id")

        def _parse_ip_hash(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ip_hash = _parse_ip_hash(d.pop("ip_hash"))

        kind = d.pop("kind")

        policy_version = d.pop("policy_version")

        purposes = ConsentEventReadPurposes.from_dict(d.pop("purposes"))

        source = d.pop("source")

        def _parse_user_agent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        user_agent = _parse_user_agent(d.pop("user_agent"))

        consent_event_read = cls(
            actor=actor,
            at=at,
            banner_version=banner_version,
            changes=changes,
            details=details,
            gpc=gpc,
            holder=holder,
            id=id,
            ip_hash=ip_hash,
            kind=kind,
            policy_version=policy_version,
            purposes=purposes,
            source=source,
            user_agent=user_agent,
        )

        consent_event_read.additional_properties = d
        return consent_event_read

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
