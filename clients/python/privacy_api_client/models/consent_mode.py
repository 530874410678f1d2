from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.consent_mode_ad_personalization import ConsentModeAdPersonalization
from ..models.consent_mode_ad_storage import ConsentModeAdStorage
from ..models.consent_mode_ad_user_data import ConsentModeAdUserData
from ..models.consent_mode_analytics_storage import ConsentModeAnalyticsStorage
from ..models.consent_mode_functionality_storage import ConsentModeFunctionalityStorage
from ..models.consent_mode_security_storage import ConsentModeSecurityStorage

T = TypeVar("T", bound="ConsentMode")


@_attrs_define
class ConsentMode:
    """
    Attributes:
        ad_personalization (ConsentModeAdPersonalization):
        ad_storage (ConsentModeAdStorage):
        ad_user_data (ConsentModeAdUserData):
        analytics_storage (ConsentModeAnalyticsStorage):
        functionality_storage (ConsentModeFunctionalityStorage):
        security_storage (ConsentModeSecurityStorage):
    """

    ad_personalization: ConsentModeAdPersonalization
    ad_storage: ConsentModeAdStorage
    ad_user_data: ConsentModeAdUserData
    analytics_storage: ConsentModeAnalyticsStorage
    functionality_storage: ConsentModeFunctionalityStorage
    security_storage: ConsentModeSecurityStorage
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ad_personalization = self.ad_personalization.value

        ad_storage = self.ad_storage.value

        ad_user_data = self.ad_user_data.value

        analytics_storage = self.analytics_storage.value

        functionality_storage = self.functionality_storage.value

        security_storage = self.security_storage.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ad_personalization": ad_personalization,
                "ad_storage": ad_storage,
                "ad_user_data": ad_user_data,
                "analytics_storage": analytics_storage,
                "functionality_storage": functionality_storage,
                "security_storage": security_storage,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ad_personalization = ConsentModeAdPersonalization(d.pop("ad_personalization"))

        ad_storage = ConsentModeAdStorage(d.pop("ad_storage"))

        ad_user_data = ConsentModeAdUserData(d.pop("ad_user_data"))

        analytics_storage = ConsentModeAnalyticsStorage(d.pop("analytics_storage"))

        functionality_storage = ConsentModeFunctionalityStorage(d.pop("functionality_storage"))

        security_storage = ConsentModeSecurityStorage(d.pop("security_storage"))

        consent_mode = cls(
            ad_personalization=ad_personalization,
            ad_storage=ad_storage,
            ad_user_data=ad_user_data,
            analytics_storage=analytics_storage,
            functionality_storage=functionality_storage,
            security_storage=security_storage,
        )

        consent_mode.additional_properties = d
        return consent_mode

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
