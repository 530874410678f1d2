from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.erasure_result_anonymised import ErasureResultAnonymised
    from ..models.erasure_result_erased import ErasureResultErased
    from ..models.erasure_result_retained_item import ErasureResultRetainedItem
    from ..models.erasure_result_stores_item import ErasureResultStoresItem


T = TypeVar("T", bound="ErasureResult")


@_attrs_define
class ErasureResult:
    """
    Attributes:
        anonymised (ErasureResultAnonymised):
        erased (ErasureResultErased):
        nothing_left_to_erase (bool):
        orders (int):
        retained (list[ErasureResultRetainedItem]):
        subject_id (str):
        closed_requests (list[str] | Unset):
        repeated (bool | Unset):  Default: False.
        stores (list[ErasureResultStoresItem] | Unset):
    """

    anonymised: ErasureResultAnonymised
    erased: ErasureResultErased
    nothing_left_to_erase: bool
    orders: int
    retained: list[ErasureResultRetainedItem]
    subject_id: str
    closed_requests: list[str] | Unset = UNSET
    repeated: bool | Unset = False
    stores: list[ErasureResultStoresItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        anonymised = self.anonymised.to_dict()

        erased = self.erased.to_dict()

        nothing_left_to_erase = self.nothing_left_to_erase

        orders = self.orders

        retained = []
        for retained_item_data in self.retained:
            retained_item = retained_item_data.to_dict()
            retained.append(retained_item)

        subject_id = self.subject_id

        closed_requests: list[str] | Unset = UNSET
        if not isinstance(self.closed_requests, Unset):
            closed_requests = self.closed_requests

        repeated = self.repeated

        stores: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.stores, Unset):
            stores = []
            for stores_item_data in self.stores:
                stores_item = stores_item_data.to_dict()
                stores.append(stores_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "anonymised": anonymised,
                "erased": erased,
                "nothing_left_to_erase": nothing_left_to_erase,
                "orders": orders,
                "retained": retained,
                "subject_id": subject_id,
            }
        )
        if closed_requests is not UNSET:
            field_dict["closed_requests"] = closed_requests
        if repeated is not UNSET:
            field_dict["repeated"] = repeated
        if stores is not UNSET:
            field_dict["stores"] = stores

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.erasure_result_anonymised import ErasureResultAnonymised  # noqa: PLC0415
        from ..models.erasure_result_erased import ErasureResultErased  # noqa: PLC0415
        from ..models.erasure_result_retained_item import ErasureResultRetainedItem  # noqa: PLC0415
        from ..models.erasure_result_stores_item import ErasureResultStoresItem  # noqa: PLC0415

        d = dict(src_dict)
        anonymised = ErasureResultAnonymised.from_dict(d.pop("anonymised"))

        erased = ErasureResultErased.from_dict(d.pop("erased"))

        nothing_left_to_erase = d.pop("nothing_left_to_erase")

        orders = d.pop("orders")

        retained = []
        _retained = d.pop("retained")
        for retained_item_data in _retained:
            retained_item = ErasureResultRetainedItem.from_dict(retained_item_data)

            retained.append(retained_item)

        subject_id = d.pop("subject_id")

        closed_requests = cast(list[str], d.pop("closed_requests", UNSET))

        repeated = d.pop("repeated", UNSET)

        _stores = d.pop("stores", UNSET)
        stores: list[ErasureResultStoresItem] | Unset = UNSET
        if _stores is not UNSET:
            stores = []
            for stores_item_data in _stores:
                stores_item = ErasureResultStoresItem.from_dict(stores_item_data)

                stores.append(stores_item)

        erasure_result = cls(
            anonymised=anonymised,
            erased=erased,
            nothing_left_to_erase=nothing_left_to_erase,
            orders=orders,
            retained=retained,
            subject_id=subject_id,
            closed_requests=closed_requests,
            repeated=repeated,
            stores=stores,
        )

        erasure_result.additional_properties = d
        return erasure_result

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
