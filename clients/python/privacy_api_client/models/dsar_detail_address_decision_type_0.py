from enum import StrEnum


class DsarDetailAddressDecisionType0(StrEnum):
    APPROVED = "approved"
    REFUSED = "refused"

    def __str__(self) -> str:
        return str(self.value)
