from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.acceptance_create_kind import AcceptanceCreateKind
from ..models.acceptance_create_property import AcceptanceCreateProperty
from ..types import UNSET, Unset

T = TypeVar("T", bound="AcceptanceCreate")


@_attrs_define
class AcceptanceCreate:
    """
    Attributes:
        property_ (AcceptanceCreateProperty):
        version (str): A published version: its date, e.g. 2026-12-01, or 2026-12-01.2
        at (datetime.datetime | None | Unset):
        kind (AcceptanceCreateKind | Unset):  Default: AcceptanceCreateKind.ACCEPTED.
    """

    property_: AcceptanceCreateProperty
    version: str
    at: datetime.datetime | None | Unset = UNSET
    kind: AcceptanceCreateKind | Unset = AcceptanceCreateKind.ACCEPTED

    def to_dict(self) -> dict[str, Any]:
        property_ = self.property_.value

        version = self.version

        at: None | str | Unset
        if isinstance(self.at, Unset):
            at = UNSET
        elif isinstance(self.at, datetime.datetime):
            at = self.at.isoformat()
        else:
            at = self.at

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "property": property_,
                "version": version,
            }
        )
        if at is not UNSET:
            field_dict["at"] = at
        if kind is not UNSET:
            field_dict["kind"] = kind

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        property_ = AcceptanceCreateProperty(d.pop("property"))

        version = d.pop("version")

        def _parse_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                at_type_0 = datetime.datetime.fromisoformat(data)

                return at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        at = _parse_at(d.pop("at", UNSET))

        _kind = d.pop("kind", UNSET)
        kind: AcceptanceCreateKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = AcceptanceCreateKind(_kind)

        acceptance_create = cls(
            property_=property_,
            version=version,
            at=at,
            kind=kind,
        )

        return acceptance_create
