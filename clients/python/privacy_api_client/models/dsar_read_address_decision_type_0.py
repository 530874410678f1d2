from enum import StrEnum


class DsarReadAddressDecisionType0(StrEnum):
    APPROVED = "approved"
    REFUSED = "refused"

    def __str__(self) -> str:
        return str(self.value)
