from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.assessment_risk import AssessmentRisk

T = TypeVar("T", bound="Assessment")


@_attrs_define
class Assessment:
    """
    Attributes:
        reasoning (str):
        risk (AssessmentRisk):
    """

    reasoning: str
    risk: AssessmentRisk

    def to_dict(self) -> dict[str, Any]:
        reasoning = self.reasoning

        risk = self.risk.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reasoning": reasoning,
                "risk": risk,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reasoning = d.pop("reasoning")

        risk = AssessmentRisk(d.pop("risk"))

        assessment = cls(
            reasoning=reasoning,
            risk=risk,
        )

        return assessment
