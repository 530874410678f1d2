from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.bad_entry import BadEntry


T = TypeVar("T", bound="ChainVerdict")


@_attrs_define
class ChainVerdict:
    """
    Attributes:
        entries (int):
        ok (bool):
        checkpoints_checked (int | Unset): Signed checkpoints whose signature and hash both held Default: 0.
        first_bad (BadEntry | None | Unset):
        key_id (None | str | Unset): Fingerprint of the public key checked against; null: none
        last_checkpoint_at (datetime.datetime | None | Unset): When the newest checked checkpoint was signed
        last_checkpoint_seq (int | None | Unset): The newest entry a checked checkpoint vouches for
        warnings (list[str] | Unset): What weakens the proof without showing tampering (no key, no or stale checkpoints)
    """

    entries: int
    ok: bool
    checkpoints_checked: int | Unset = 0
    first_bad: BadEntry | None | Unset = UNSET
    key_id: None | str | Unset = UNSET
    last_checkpoint_at: datetime.datetime | None | Unset = UNSET
    last_checkpoint_seq: int | None | Unset = UNSET
    warnings: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.bad_entry import BadEntry  # noqa: PLC0415

        entries = self.entries

        ok = self.ok

        checkpoints_checked = self.checkpoints_checked

        first_bad: dict[str, Any] | None | Unset
        if isinstance(self.first_bad, Unset):
            first_bad = UNSET
        elif isinstance(self.first_bad, BadEntry):
            first_bad = self.first_bad.to_dict()
        else:
            first_bad = self.first_bad

        key_id: None | str | Unset
        if isinstance(self.key_id, Unset):
            key_id = UNSET
        else:
            key_id = self.key_id

        last_checkpoint_at: None | str | Unset
        if isinstance(self.last_checkpoint_at, Unset):
            last_checkpoint_at = UNSET
        elif isinstance(self.last_checkpoint_at, datetime.datetime):
            last_checkpoint_at = self.last_checkpoint_at.isoformat()
        else:
            last_checkpoint_at = self.last_checkpoint_at

        last_checkpoint_seq: int | None | Unset
        if isinstance(self.last_checkpoint_seq, Unset):
            last_checkpoint_seq = UNSET
        else:
            last_checkpoint_seq = self.last_checkpoint_seq

        warnings: list[str] | Unset = UNSET
        if not isinstance(self.warnings, Unset):
            warnings = self.warnings

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "entries": entries,
                "ok": ok,
            }
        )
        if checkpoints_checked is not UNSET:
            field_dict["checkpoints_checked"] = checkpoints_checked
        if first_bad is not UNSET:
            field_dict["first_bad"] = first_bad
        if key_id is not UNSET:
            field_dict["key_id"] = key_id
        if last_checkpoint_at is not UNSET:
            field_dict["last_checkpoint_at"] = last_checkpoint_at
        if last_checkpoint_seq is not UNSET:
            field_dict["last_checkpoint_seq"] = last_checkpoint_seq
        if warnings is not UNSET:
            field_dict["warnings"] = warnings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bad_entry import BadEntry  # noqa: PLC0415

        d = dict(src_dict)
        entries = d.pop("entries")

        ok = d.pop("ok")

        checkpoints_checked = d.pop("checkpoints_checked", UNSET)

        def _parse_first_bad(data: object) -> BadEntry | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                first_bad_type_0 = BadEntry.from_dict(data)

                return first_bad_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BadEntry | None | Unset, data)

        first_bad = _parse_first_bad(d.pop("first_bad", UNSET))

        def _parse_key_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        key_id = _parse_key_id(d.pop("key_id", UNSET))

        def _parse_last_checkpoint_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_checkpoint_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_checkpoint_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_checkpoint_at = _parse_last_checkpoint_at(d.pop("last_checkpoint_at", UNSET))

        def _parse_last_checkpoint_seq(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        last_checkpoint_seq = _parse_last_checkpoint_seq(d.pop("last_checkpoint_seq", UNSET))

        warnings = cast(list[str], d.pop("warnings", UNSET))

        chain_verdict = cls(
            entries=entries,
            ok=ok,
            checkpoints_checked=checkpoints_checked,
            first_bad=first_bad,
            key_id=key_id,
            last_checkpoint_at=last_checkpoint_at,
            last_checkpoint_seq=last_checkpoint_seq,
            warnings=warnings,
        )

        chain_verdict.additional_properties = d
        return chain_verdict

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
