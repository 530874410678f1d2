from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.subject_patch_status_type_0 import SubjectPatchStatusType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.subject_patch_attributes_type_0 import SubjectPatchAttributesType0


T = TypeVar("T", bound="SubjectPatch")


@_attrs_define
class SubjectPatch:
    """A JSON Merge Patch (RFC 7396) of a profile: what is absent stays, `null` removes
    (`email`, `name`, an attribute), `attributes` merges key by key.

        Attributes:
            attributes (None | SubjectPatchAttributesType0 | Unset): Merged into the stored attributes: a key set to null is
                removed; `attributes: null` removes them all
            demo (bool | None | Unset):
            email (None | str | Unset):
            name (None | str | Unset):
            status (None | SubjectPatchStatusType0 | Unset):
    """

    attributes: None | SubjectPatchAttributesType0 | Unset = UNSET
    demo: bool | None | Unset = UNSET
    email: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    status: None | SubjectPatchStatusType0 | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.subject_patch_attributes_type_0 import SubjectPatchAttributesType0  # noqa: PLC0415

        attributes: dict[str, Any] | None | Unset
        if isinstance(self.attributes, Unset):
            attributes = UNSET
        elif isinstance(self.attributes, SubjectPatchAttributesType0):
            attributes = self.attributes.to_dict()
        else:
            attributes = self.attributes

        demo: bool | None | Unset
        if isinstance(self.demo, Unset):
            demo = UNSET
        else:
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

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, SubjectPatchStatusType0):
            status = self.status.value
        else:
            status = self.status

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
        from ..models.subject_patch_attributes_type_0 import SubjectPatchAttributesType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_attributes(data: object) -> None | SubjectPatchAttributesType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                attributes_type_0 = SubjectPatchAttributesType0.from_dict(data)

                return attributes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubjectPatchAttributesType0 | Unset, data)

        attributes = _parse_attributes(d.pop("attributes", UNSET))

        def _parse_demo(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        demo = _parse_demo(d.pop("demo", UNSET))

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

        def _parse_status(data: object) -> None | SubjectPatchStatusType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = SubjectPatchStatusType0(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SubjectPatchStatusType0 | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        subject_patch = cls(
            attributes=attributes,
            demo=demo,
            email=email,
            name=name,
            status=status,
        )

        return subject_patch
