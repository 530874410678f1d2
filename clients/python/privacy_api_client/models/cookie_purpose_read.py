from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.activity_basis_read import ActivityBasisRead
    from ..models.cookie_read import CookieRead
    from ..models.text import Text


T = TypeVar("T", bound="CookiePurposeRead")


@_attrs_define
class CookiePurposeRead:
    """
    Attributes:
        activities (list[ActivityBasisRead]):
        cookies (list[CookieRead]):
        description (Text):
        key (str):
        optional (bool):
        title (Text):
    """

    activities: list[ActivityBasisRead]
    cookies: list[CookieRead]
    description: Text
    key: str
    optional: bool
    title: Text
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        activities = []
        for activities_item_data in self.activities:
            activities_item = activities_item_data.to_dict()
            activities.append(activities_item)

        cookies = []
        for cookies_item_data in self.cookies:
            cookies_item = cookies_item_data.to_dict()
            cookies.append(cookies_item)

        description = self.description.to_dict()

        key = self.key

        optional = self.optional

        title = self.title.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "activities": activities,
                "cookies": cookies,
                "description": description,
                "key": key,
                "optional": optional,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.activity_basis_read import ActivityBasisRead  # noqa: PLC0415
        from ..models.cookie_read import CookieRead  # noqa: PLC0415
        from ..models.text import Text  # noqa: PLC0415

        d = dict(src_dict)
        activities = []
        _activities = d.pop("activities")
        for activities_item_data in _activities:
            activities_item = ActivityBasisRead.from_dict(activities_item_data)

            activities.append(activities_item)

        cookies = []
        _cookies = d.pop("cookies")
        for cookies_item_data in _cookies:
            cookies_item = CookieRead.from_dict(cookies_item_data)

            cookies.append(cookies_item)

        description = Text.from_dict(d.pop("description"))

        key = d.pop("key")

        optional = d.pop("optional")

        title = Text.from_dict(d.pop("title"))

        cookie_purpose_read = cls(
            activities=activities,
            cookies=cookies,
            description=description,
            key=key,
            optional=optional,
            title=title,
        )

        cookie_purpose_read.additional_properties = d
        return cookie_purpose_read

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
