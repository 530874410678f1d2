from enum import StrEnum


class ListRequestsTypeType0(StrEnum):
    ACCESS = "access"
    ERASURE = "erasure"
    OBJECTION = "objection"
    PORTABILITY = "portability"
    RECTIFICATION = "rectification"
    RESTRICTION = "restriction"

    def __str__(self) -> str:
        return str(self.value)
