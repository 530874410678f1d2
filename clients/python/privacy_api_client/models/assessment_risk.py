from enum import StrEnum


class AssessmentRisk(StrEnum):
    HIGH_RISK = "high_risk"
    NO_RISK = "no_risk"
    RISK = "risk"

    def __str__(self) -> str:
        return str(self.value)
