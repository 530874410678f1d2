from enum import StrEnum


class ActivityPingKind(StrEnum):
    ACCOUNT_CLOSED = "account_closed"
    MARKETING_CONTACT = "marketing_contact"
    SESSION = "session"
    VISIT = "visit"

    def __str__(self) -> str:
        return str(self.value)
