from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.activity_ping_kind import ActivityPingKind
from ..models.activity_ping_property import ActivityPingProperty
from ..types import UNSET, Unset

T = TypeVar("T", bound="ActivityPing")


@_attrs_define
class ActivityPing:
    """
    Attributes:
        kind (ActivityPingKind): account_closed: the person closed their account (also the app's sign-out of a deleted
            account); starts the clock their account data runs out by
        property_ (ActivityPingProperty):
        at (datetime.datetime | None | Unset): Default: now. Back-fill allowed
    """

    kind: ActivityPingKind
    property_: ActivityPingProperty
    at: datetime.datetime | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        property_ = self.property_.value

        at: None | str | Unset
        if isinstance(self.at, Unset):
            at = UNSET
        elif isinstance(self.at, datetime.datetime):
            at = self.at.isoformat()
        else:
            at = self.at

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "property": property_,
            }
        )
        if at is not UNSET:
            field_dict["at"] = at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = ActivityPingKind(d.pop("kind"))

        property_ = ActivityPingProperty(d.pop("property"))

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

        activity_ping = cls(
            kind=kind,
            property_=property_,
            at=at,
        )

        return activity_ping
