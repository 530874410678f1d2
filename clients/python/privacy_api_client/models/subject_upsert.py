from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.subject_upsert_status import SubjectUpsertStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.subject_upsert_attributes import SubjectUpsertAttributes


T = TypeVar("T", bound="SubjectUpsert")


@_attrs_define
class SubjectUpsert:
    """
    Attributes:
        attributes (SubjectUpsertAttributes | Unset): Voluntary data (billing address, company name, ...): at most 50
            keys
        demo (bool | Unset):  Default: False.
        email (None | str | Unset):
        name (None | str | Unset):
        status (SubjectUpsertStatus | Unset):  Default: SubjectUpsertStatus.ACTIVE.
    """

    attributes: SubjectUpsertAttributes | Unset = UNSET
    demo: bool | Unset = False
    email: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    status: SubjectUpsertStatus | Unset = SubjectUpsertStatus.ACTIVE

    def to_dict(self) -> dict[str, Any]:
        attributes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = self.attributes.to_dict()

        demo = self.demo

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if demo is not UNSET:
            field_dict["demo"] = demo
        if email is not UNSET:
            field_dict["email"] = email
        if name is not UNSET:
            field_dict["name"] = name
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subject_upsert_attributes import SubjectUpsertAttributes  # noqa: PLC0415

        d = dict(src_dict)
        _attributes = d.pop("attributes", UNSET)
        attributes: SubjectUpsertAttributes | Unset
        if isinstance(_attributes, Unset):
            attributes = UNSET
        else:
            attributes = SubjectUpsertAttributes.from_dict(_attributes)

        demo = d.pop("demo", UNSET)

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        _status = d.pop("status", UNSET)
        status: SubjectUpsertStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = SubjectUpsertStatus(_status)

        subject_upsert = cls(
            attributes=attributes,
            demo=demo,
            email=email,
            name=name,
            status=status,
        )

        return subject_upsert
