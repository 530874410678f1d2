from enum import StrEnum


class SubjectNoticeReadStatus(StrEnum):
    APPROVED = "approved"
    PENDING = "pending"
    REFUSED = "refused"
    REPLACED = "replaced"

    def __str__(self) -> str:
        return str(self.value)
