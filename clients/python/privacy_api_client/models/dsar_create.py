from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.dsar_create_channel import DsarCreateChannel
from ..models.dsar_create_lang import DsarCreateLang
from ..models.dsar_create_property_type_0 import DsarCreatePropertyType0
from ..models.dsar_create_type import DsarCreateType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.dsar_create_details import DsarCreateDetails


T = TypeVar("T", bound="DsarCreate")


@_attrs_define
class DsarCreate:
    """
    Attributes:
        channel (DsarCreateChannel):
        email (str):
        type_ (DsarCreateType):
        details (DsarCreateDetails | Unset): rectification: {corrections: {field: value}}; objection: {activity};
            portability: optionally {recipient: {name, email}}, the organisation to send it to
        lang (DsarCreateLang | Unset): Language of our answers Default: DsarCreateLang.EN.
        property_ (DsarCreatePropertyType0 | None | Unset):
        subject_id (None | str | Unset):
        verified (bool | Unset): Identity already verified (dsar:manage) Default: False.
    """

    channel: DsarCreateChannel
    email: str
    type_: DsarCreateType
    details: DsarCreateDetails | Unset = UNSET
    lang: DsarCreateLang | Unset = DsarCreateLang.EN
    property_: DsarCreatePropertyType0 | None | Unset = UNSET
    subject_id: None | str | Unset = UNSET
    verified: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        channel = self.channel.value

        email = self.email

        type_ = self.type_.value

        details: dict[str, Any] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = self.details.to_dict()

        lang: str | Unset = UNSET
        if not isinstance(self.lang, Unset):
            lang = self.lang.value

        property_: None | str | Unset
        if isinstance(self.property_, Unset):
            property_ = UNSET
        elif isinstance(self.property_, DsarCreatePropertyType0):
            property_ = self.property_.value
        else:
            property_ = self.property_

        subject_id: None | str | Unset
        if isinstance(self.subject_id, Unset):
            subject_id = UNSET
        else:
            subject_id = self.subject_id

        verified = self.verified

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "channel": channel,
                "email": email,
                "type": type_,
            }
        )
        if details is not UNSET:
            field_dict["details"] = details
        if lang is not UNSET:
            field_dict["lang"] = lang
        if property_ is not UNSET:
            field_dict["property"] = property_
        if subject_id is not UNSET:
            field_dict["subject_id"] = subject_id
        if verified is not UNSET:
            field_dict["verified"] = verified

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dsar_create_details import DsarCreateDetails  # noqa: PLC0415

        d = dict(src_dict)
        channel = DsarCreateChannel(d.pop("channel"))

        email = d.pop("email")

        type_ = DsarCreateType(d.pop("type"))

        _details = d.pop("details", UNSET)
        details: DsarCreateDetails | Unset
        if isinstance(_details, Unset):
            details = UNSET
        else:
            details = DsarCreateDetails.from_dict(_details)

        _lang = d.pop("lang", UNSET)
        lang: DsarCreateLang | Unset
        if isinstance(_lang, Unset):
            lang = UNSET
        else:
            lang = DsarCreateLang(_lang)

        def _parse_property_(data: object) -> DsarCreatePropertyType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                property_type_0 = DsarCreatePropertyType0(data)

                return property_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DsarCreatePropertyType0 | None | Unset, data)

        property_ = _parse_property_(d.pop("property", UNSET))

        def _parse_subject_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        subject_id = _parse_subject_id(d.pop("subject_id", UNSET))

        verified = d.pop("verified", UNSET)

        dsar_create = cls(
            channel=channel,
            email=email,
            type_=type_,
            details=details,
            lang=lang,
            property_=property_,
            subject_id=subject_id,
            verified=verified,
        )

        return dsar_create
