from enum import StrEnum


class DsarRejectionAddressDecisionType0(StrEnum):
    APPROVED = "approved"
    REFUSED = "refused"

    def __str__(self) -> str:
        return str(self.value)
