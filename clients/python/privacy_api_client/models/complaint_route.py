from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.authority_read import AuthorityRead
    from ..models.supervisory_authority_read import SupervisoryAuthorityRead


T = TypeVar("T", bound="ComplaintRoute")


@_attrs_define
class ComplaintRoute:
    """Art. 77 (and 12(4)): where the person may complain, in the ticket's language: the
    competent authority of their choice; the lead one; their own where the language tells.

        Attributes:
            authorities (list[AuthorityRead]): Every EU/EEA data protection authority, the lead one first
            right (str):
            supervisory_authority (SupervisoryAuthorityRead):
            your_authority (AuthorityRead | None | Unset): The authority of the reader's country (a Polish reader's)
    """

    authorities: list[AuthorityRead]
    right: str
    supervisory_authority: SupervisoryAuthorityRead
    your_authority: AuthorityRead | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.authority_read import AuthorityRead  # noqa: PLC0415

        authorities = []
        for authorities_item_data in self.authorities:
            authorities_item = authorities_item_data.to_dict()
            authorities.append(authorities_item)

        right = self.right

        supervisory_authority = self.supervisory_authority.to_dict()

        your_authority: dict[str, Any] | None | Unset
        if isinstance(self.your_authority, Unset):
            your_authority = UNSET
        elif isinstance(self.your_authority, AuthorityRead):
            your_authority = self.your_authority.to_dict()
        else:
            your_authority = self.your_authority

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "authorities": authorities,
                "right": right,
                "supervisory_authority": supervisory_authority,
            }
        )
        if your_authority is not UNSET:
            field_dict["your_authority"] = your_authority

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.authority_read import AuthorityRead  # noqa: PLC0415
        from ..models.supervisory_authority_read import SupervisoryAuthorityRead  # noqa: PLC0415

        d = dict(src_dict)
        authorities = []
        _authorities = d.pop("authorities")
        for authorities_item_data in _authorities:
            authorities_item = AuthorityRead.from_dict(authorities_item_data)

            authorities.append(authorities_item)

        right = d.pop("right")

        supervisory_authority = SupervisoryAuthorityRead.from_dict(d.pop("supervisory_authority"))

        def _parse_your_authority(data: object) -> AuthorityRead | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                your_authority_type_0 = AuthorityRead.from_dict(data)

                return your_authority_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuthorityRead | None | Unset, data)

        your_authority = _parse_your_authority(d.pop("your_authority", UNSET))

        complaint_route = cls(
            authorities=authorities,
            right=right,
            supervisory_authority=supervisory_authority,
            your_authority=your_authority,
        )

        complaint_route.additional_properties = d
        return complaint_route

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
