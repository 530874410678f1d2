from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.checkpoint_read import CheckpointRead
    from ..models.public_key_read import PublicKeyRead


T = TypeVar("T", bound="CheckpointPage")


@_attrs_define
class CheckpointPage:
    """
    Attributes:
        items (list[CheckpointRead]):
        public_key (None | PublicKeyRead): The key checkpoints are signed with now; null when none is configured
        next_cursor (None | str | Unset):
    """

    items: list[CheckpointRead]
    public_key: None | PublicKeyRead
    next_cursor: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.public_key_read import PublicKeyRead  # noqa: PLC0415

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        public_key: dict[str, Any] | None
        if isinstance(self.public_key, PublicKeyRead):
            public_key = self.public_key.to_dict()
        else:
            public_key = self.public_key

        next_cursor: None | str | Unset
        if isinstance(self.next_cursor, Unset):
            next_cursor = UNSET
        else:
            next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "items": items,
                "public_key": public_key,
            }
        )
        if next_cursor is not UNSET:
            field_dict["next_cursor"] = next_cursor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.checkpoint_read import CheckpointRead  # noqa: PLC0415
        from ..models.public_key_read import PublicKeyRead  # noqa: PLC0415

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = CheckpointRead.from_dict(items_item_data)

            items.append(items_item)

        def _parse_public_key(data: object) -> None | PublicKeyRead:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                public_key_type_0 = PublicKeyRead.from_dict(data)

                return public_key_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PublicKeyRead, data)

        public_key = _parse_public_key(d.pop("public_key"))

        def _parse_next_cursor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor", UNSET))

        checkpoint_page = cls(
            items=items,
            public_key=public_key,
            next_cursor=next_cursor,
        )

        checkpoint_page.additional_properties = d
        return checkpoint_page

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
