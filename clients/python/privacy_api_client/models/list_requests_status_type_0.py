from enum import StrEnum


class ListRequestsStatusType0(StrEnum):
    COMPLETED = "completed"
    IN_PROGRESS = "in_progress"
    OPEN = "open"
    PENDING_VERIFICATION = "pending_verification"
    REJECTED = "rejected"

    def __str__(self) -> str:
        return str(self.value)
