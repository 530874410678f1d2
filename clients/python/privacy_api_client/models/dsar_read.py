from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.dsar_read_address_decision_type_0 import DsarReadAddressDecisionType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.dsar_read_details import DsarReadDetails
    from ..models.dsar_read_result_type_0 import DsarReadResultType0


T = TypeVar("T", bound="DsarRead")


@_attrs_define
class DsarRead:
    """
    Attributes:
        assignee (None | str):
        channel (str):
        closed_at (datetime.datetime | None):
        details (DsarReadDetails):
        due_at (datetime.datetime):
        email (str):
        extended_at (datetime.datetime | None):
        extension_reason (None | str):
        id (str):
        lang (str):
        property_ (None | str):
        received_at (datetime.datetime):
        rejection_reason (None | str):
        result (DsarReadResultType0 | None):
        status (str):
        subject_id (None | str):
        type_ (str):
        verified_at (datetime.datetime | None):
        verified_by (None | str):
        address_decided_at (datetime.datetime | None | Unset):
        address_decided_by (None | str | Unset):
        address_decision (DsarReadAddressDecisionType0 | None | Unset):
        address_differs (bool | Unset):  Default: False.
    """

    assignee: None | str
    channel: str
    closed_at: datetime.datetime | None
    details: DsarReadDetails
    due_at: datetime.datetime
    email: str
    extended_at: datetime.datetime | None
    extension_reason: None | str
    id: str
    lang: str
    property_: None | str
    received_at: datetime.datetime
    rejection_reason: None | str
    result: DsarReadResultType0 | None
    status: str
    subject_id: None | str
    type_: str
    verified_at: datetime.datetime | None
    verified_by: None | str
    address_decided_at: datetime.datetime | None | Unset = UNSET
    address_decided_by: None | str | Unset = UNSET
    address_decision: DsarReadAddressDecisionType0 | None | Unset = UNSET
    address_differs: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.dsar_read_result_type_0 import DsarReadResultType0  # noqa: PLC0415

        assignee: None | str
        assignee = self.assignee

        channel = self.channel

        closed_at: None | str
        if isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        details = self.details.to_dict()

        due_at = self.due_at.isoformat()

        email = self.email

        extended_at: None | str
        if isinstance(self.extended_at, datetime.datetime):
            extended_at = self.extended_at.isoformat()
        else:
            extended_at = self.extended_at

        extension_reason: None | str
        extension_reason = self.extension_reason

        id = self.id

        lang = self.lang

        property_: None | str
        property_ = self.property_

        received_at = self.received_at.isoformat()

        rejection_reason: None | str
        rejection_reason = self.rejection_reason

        result: dict[str, Any] | None
        if isinstance(self.result, DsarReadResultType0):
            result = self.result.to_dict()
        else:
            result = self.result

        status = self.status

        subject_id: None | str
        subject_id = self.subject_id

        type_ = self.type_

        verified_at: None | str
        if isinstance(self.verified_at, datetime.datetime):
            verified_at = self.verified_at.isoformat()
        else:
            verified_at = self.verified_at

        verified_by: None | str
        verified_by = self.verified_by

        address_decided_at: None | str | Unset
        if isinstance(self.address_decided_at, Unset):
            address_decided_at = UNSET
        elif isinstance(self.address_decided_at, datetime.datetime):
            address_decided_at = self.address_decided_at.isoformat()
        else:
            address_decided_at = self.address_decided_at

        address_decided_by: None | str | Unset
        if isinstance(self.address_decided_by, Unset):
            address_decided_by = UNSET
        else:
            address_decided_by = self.address_decided_by

        address_decision: None | str | Unset
        if isinstance(self.address_decision, Unset):
            address_decision = UNSET
        elif isinstance(self.address_decision, DsarReadAddressDecisionType0):
            address_decision = self.address_decision.value
        else:
            address_decision = self.address_decision

        address_differs = self.address_differs

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "assignee": assignee,
                "channel": channel,
                "closed_at": closed_at,
                "details": details,
                "due_at": due_at,
                "email": email,
                "extended_at": extended_at,
                "extension_reason": extension_reason,
                "id": id,
                "lang": lang,
                "property": property_,
                "received_at": received_at,
                "rejection_reason": rejection_reason,
                "result": result,
                "status": status,
                "subject_id": subject_id,
                "type": type_,
                "verified_at": verified_at,
                "verified_by": verified_by,
            }
        )
        if address_decided_at is not UNSET:
            field_dict["address_decided_at"] = address_decided_at
        if address_decided_by is not UNSET:
            field_dict["address_decided_by"] = address_decided_by
        if address_decision is not UNSET:
            field_dict["address_decision"] = address_decision
        if address_differs is not UNSET:
            field_dict["address_differs"] = address_differs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dsar_read_details import DsarReadDetails  # noqa: PLC0415
        from ..models.dsar_read_result_type_0 import DsarReadResultType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_assignee(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        assignee = _parse_assignee(d.pop("assignee"))

        channel = d.pop("channel")

        def _parse_closed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)

                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        closed_at = _parse_closed_at(d.pop("closed_at"))

        details = DsarReadDetails.from_dict(d.pop("details"))

        due_at = datetime.datetime.fromisoformat(d.pop("due_at"))

        email = d.pop("email")

        def _parse_extended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                extended_at_type_0 = datetime.datetime.fromisoformat(data)

                return extended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        extended_at = _parse_extended_at(d.pop("extended_at"))

        def _parse_extension_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        extension_reason = _parse_extension_reason(d.pop("extension_reason"))

        id = d.pop("id")

        lang = d.pop("lang")

        def _parse_property_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        property_ = _parse_property_(d.pop("property"))

        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))

        def _parse_rejection_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rejection_reason = _parse_rejection_reason(d.pop("rejection_reason"))

        def _parse_result(data: object) -> DsarReadResultType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                result_type_0 = DsarReadResultType0.from_dict(data)

                return result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DsarReadResultType0 | None, data)

        result = _parse_result(d.pop("result"))

        status = d.pop("status")

        def _parse_subject_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subject_id = _parse_subject_id(d.pop("subject_id"))

        type_ = d.pop("type")

        def _parse_verified_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                verified_at_type_0 = datetime.datetime.fromisoformat(data)

                return verified_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        verified_at = _parse_verified_at(d.pop("verified_at"))

        def _parse_verified_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        verified_by = _parse_verified_by(d.pop("verified_by"))

        def _parse_address_decided_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                address_decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return address_decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        address_decided_at = _parse_address_decided_at(d.pop("address_decided_at", UNSET))

        def _parse_address_decided_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        address_decided_by = _parse_address_decided_by(d.pop("address_decided_by", UNSET))

        def _parse_address_decision(data: object) -> DsarReadAddressDecisionType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                address_decision_type_0 = DsarReadAddressDecisionType0(data)

                return address_decision_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DsarReadAddressDecisionType0 | None | Unset, data)

        address_decision = _parse_address_decision(d.pop("address_decision", UNSET))

        address_differs = d.pop("address_differs", UNSET)

        dsar_read = cls(
            assignee=assignee,
            channel=channel,
            closed_at=closed_at,
            details=details,
            due_at=due_at,
            email=email,
            extended_at=extended_at,
            extension_reason=extension_reason,
            id=id,
            lang=lang,
            property_=property_,
            received_at=received_at,
            rejection_reason=rejection_reason,
            result=result,
            status=status,
            subject_id=subject_id,
            type_=type_,
            verified_at=verified_at,
            verified_by=verified_by,
            address_decided_at=address_decided_at,
            address_decided_by=address_decided_by,
            address_decision=address_decision,
            address_differs=address_differs,
        )

        dsar_read.additional_properties = d
        return dsar_read

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
