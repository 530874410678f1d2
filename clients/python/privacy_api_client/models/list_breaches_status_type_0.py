from enum import StrEnum


class ListBreachesStatusType0(StrEnum):
    ASSESSED = "assessed"
    AUTHORITY_NOTIFIED = "authority_notified"
    CLOSED = "closed"
    OPEN = "open"
    SUBJECTS_NOTIFIED = "subjects_notified"

    def __str__(self) -> str:
        return str(self.value)
