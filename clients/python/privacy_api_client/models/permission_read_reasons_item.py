from enum import StrEnum


class PermissionReadReasonsItem(StrEnum):
    CONSENT_MISSING = "consent_missing"
    ERASED = "erased"
    OBJECTION = "objection"
    RESTRICTION = "restriction"
    UNKNOWN_SUBJECT = "unknown_subject"

    def __str__(self) -> str:
        return str(self.value)
