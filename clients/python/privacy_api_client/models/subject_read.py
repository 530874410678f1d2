from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.subject_read_attributes import SubjectReadAttributes


T = TypeVar("T", bound="SubjectRead")


@_attrs_define
class SubjectRead:
    """
    Attributes:
        attributes (SubjectReadAttributes):
        closed_at (datetime.datetime | None):
        created_at (datetime.datetime):
        demo (bool):
        email (None | str):
        erased_at (datetime.datetime | None):
        last_marketing_contact_at (datetime.datetime | None):
        last_session_at (datetime.datetime | None):
        last_visit_at (datetime.datetime | None):
        name (None | str):
        restricted_at (datetime.datetime | None):
        status (str): active, closed, or erased (a tombstone: nothing personal)
        subject_id (str):
        updated_at (datetime.datetime):
    """

    attributes: SubjectReadAttributes
    closed_at: datetime.datetime | None
    created_at: datetime.datetime
    demo: bool
    email: None | str
    erased_at: datetime.datetime | None
    last_marketing_contact_at: datetime.datetime | None
    last_session_at: datetime.datetime | None
    last_visit_at: datetime.datetime | None
    name: None | str
    restricted_at: datetime.datetime | None
    status: str
    subject_id: str
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attributes = self.attributes.to_dict()

        closed_at: None | str
        if isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        created_at = self.created_at.isoformat()

        demo = self.demo

        email: None | str
        email = self.email

        erased_at: None | str
        if isinstance(self.erased_at, datetime.datetime):
            erased_at = self.erased_at.isoformat()
        else:
            erased_at = self.erased_at

        last_marketing_contact_at: None | str
        if isinstance(self.last_marketing_contact_at, datetime.datetime):
            last_marketing_contact_at = self.last_marketing_contact_at.isoformat()
        else:
            last_marketing_contact_at = self.last_marketing_contact_at

        last_session_at: None | str
        if isinstance(self.last_session_at, datetime.datetime):
            last_session_at = self.last_session_at.isoformat()
        else:
            last_session_at = self.last_session_at

        last_visit_at: None | str
        if isinstance(self.last_visit_at, datetime.datetime):
            last_visit_at = self.last_visit_at.isoformat()
        else:
            last_visit_at = self.last_visit_at

        name: None | str
        name = self.name

        restricted_at: None | str
        if isinstance(self.restricted_at, datetime.datetime):
            restricted_at = self.restricted_at.isoformat()
        else:
            restricted_at = self.restricted_at

        status = self.status

        subject_id = self.subject_id

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attributes": attributes,
                "closed_at": closed_at,
                "created_at": created_at,
                "demo": demo,
                "email": email,
                "erased_at": erased_at,
                "last_marketing_contact_at": last_marketing_contact_at,
                "last_session_at": last_session_at,
                "last_visit_at": last_visit_at,
                "name": name,
                "restricted_at": restricted_at,
                "status": status,
                "subject_id": subject_id,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subject_read_attributes import SubjectReadAttributes  # noqa: PLC0415

        d = dict(src_dict)
        attributes = SubjectReadAttributes.from_dict(d.pop("attributes"))

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

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        demo = d.pop("demo")

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        def _parse_erased_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                erased_at_type_0 = datetime.datetime.fromisoformat(data)

                return erased_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        erased_at = _parse_erased_at(d.pop("erased_at"))

        def _parse_last_marketing_contact_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_marketing_contact_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_marketing_contact_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_marketing_contact_at = _parse_last_marketing_contact_at(d.pop("last_marketing_contact_at"))

        def _parse_last_session_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_session_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_session_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_session_at = _parse_last_session_at(d.pop("last_session_at"))

        def _parse_last_visit_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_visit_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_visit_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_visit_at = _parse_last_visit_at(d.pop("last_visit_at"))

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        def _parse_restricted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                restricted_at_type_0 = datetime.datetime.fromisoformat(data)

                return restricted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        restricted_at = _parse_restricted_at(d.pop("restricted_at"))

        status = d.pop("status")

        subject_id = d.pop("subject_id")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        subject_read = cls(
            attributes=attributes,
            closed_at=closed_at,
            created_at=created_at,
            demo=demo,
            email=email,
            erased_at=erased_at,
            last_marketing_contact_at=last_marketing_contact_at,
            last_session_at=last_session_at,
            last_visit_at=last_visit_at,
            name=name,
            restricted_at=restricted_at,
            status=status,
            subject_id=subject_id,
            updated_at=updated_at,
        )

        subject_read.additional_properties = d
        return subject_read

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
