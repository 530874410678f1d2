from enum import StrEnum


class SystemCreateEventsItem(StrEnum):
    CONSENT = "consent"
    ERASURE = "erasure"
    OBJECTION = "objection"
    RECTIFICATION = "rectification"
    RESTRICTION = "restriction"

    def __str__(self) -> str:
        return str(self.value)
