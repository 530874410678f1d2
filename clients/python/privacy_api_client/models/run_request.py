from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RunRequest")


@_attrs_define
class RunRequest:
    """
    Attributes:
        at (datetime.datetime | None | Unset):
        confirm_count (int | None | Unset): Confirms a sweep far beyond the usual: the count its 409 announced
        dry_run (bool | Unset):  Default: False.
    """

    at: datetime.datetime | None | Unset = UNSET
    confirm_count: int | None | Unset = UNSET
    dry_run: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        at: None | str | Unset
        if isinstance(self.at, Unset):
            at = UNSET
        elif isinstance(self.at, datetime.datetime):
            at = self.at.isoformat()
        else:
            at = self.at

        confirm_count: int | None | Unset
        if isinstance(self.confirm_count, Unset):
            confirm_count = UNSET
        else:
            confirm_count = self.confirm_count

        dry_run = self.dry_run

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if at is not UNSET:
            field_dict["at"] = at
        if confirm_count is not UNSET:
            field_dict["confirm_count"] = confirm_count
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

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

        def _parse_confirm_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        confirm_count = _parse_confirm_count(d.pop("confirm_count", UNSET))

        dry_run = d.pop("dry_run", UNSET)

        run_request = cls(
            at=at,
            confirm_count=confirm_count,
            dry_run=dry_run,
        )

        return run_request
