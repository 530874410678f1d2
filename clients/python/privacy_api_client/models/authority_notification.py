from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AuthorityNotification")


@_attrs_define
class AuthorityNotification:
    """Recorded at the time of the call; an earlier `notified_at` only with its `reason`.

    Attributes:
        reference (str):
        delay_reasons (None | str | Unset): Required when notified after authority_due_at (Art. 33(1))
        notified_at (datetime.datetime | None | Unset): Only if the authority was told earlier than this call (by phone,
            recorded later), with `reason`; otherwise the time of the call is the one kept
        reason (None | str | Unset): Why notified_at is earlier than this call (required then)
    """

    reference: str
    delay_reasons: None | str | Unset = UNSET
    notified_at: datetime.datetime | None | Unset = UNSET
    reason: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        reference = self.reference

        delay_reasons: None | str | Unset
        if isinstance(self.delay_reasons, Unset):
            delay_reasons = UNSET
        else:
            delay_reasons = self.delay_reasons

        notified_at: None | str | Unset
        if isinstance(self.notified_at, Unset):
            notified_at = UNSET
        elif isinstance(self.notified_at, datetime.datetime):
            notified_at = self.notified_at.isoformat()
        else:
            notified_at = self.notified_at

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reference": reference,
            }
        )
        if delay_reasons is not UNSET:
            field_dict["delay_reasons"] = delay_reasons
        if notified_at is not UNSET:
            field_dict["notified_at"] = notified_at
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reference = d.pop("reference")

        def _parse_delay_reasons(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        delay_reasons = _parse_delay_reasons(d.pop("delay_reasons", UNSET))

        def _parse_notified_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                notified_at_type_0 = datetime.datetime.fromisoformat(data)

                return notified_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        notified_at = _parse_notified_at(d.pop("notified_at", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        authority_notification = cls(
            reference=reference,
            delay_reasons=delay_reasons,
            notified_at=notified_at,
            reason=reason,
        )

        return authority_notification
