from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PublicKeyRead")


@_attrs_define
class PublicKeyRead:
    """
    Attributes:
        key_id (str): SHA-256 of the raw public key, hex
        pem (str): the public key as PEM (SubjectPublicKeyInfo)
        raw (str): the 32-byte public key, base64
        algorithm (Literal['Ed25519'] | Unset):  Default: 'Ed25519'.
    """

    key_id: str
    pem: str
    raw: str
    algorithm: Literal["Ed25519"] | Unset = "Ed25519"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key_id = self.key_id

        pem = self.pem

        raw = self.raw

        algorithm = self.algorithm

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "key_id": key_id,
                "pem": pem,
                "raw": raw,
            }
        )
        if algorithm is not UNSET:
            field_dict["algorithm"] = algorithm

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key_id = d.pop("key_id")

        pem = d.pop("pem")

        raw = d.pop("raw")

        algorithm = cast(Literal["Ed25519"] | Unset, d.pop("algorithm", UNSET))
        if algorithm != "Ed25519" and not isinstance(algorithm, Unset):
            raise ValueError(f"algorithm must match const 'Ed25519', got '{algorithm}'")

        public_key_read = cls(
            key_id=key_id,
            pem=pem,
            raw=raw,
            algorithm=algorithm,
        )

        public_key_read.additional_properties = d
        return public_key_read

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
