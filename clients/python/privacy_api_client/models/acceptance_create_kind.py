from enum import StrEnum


class AcceptanceCreateKind(StrEnum):
    ACCEPTED = "accepted"
    SEEN = "seen"

    def __str__(self) -> str:
        return str(self.value)
