from enum import StrEnum


class CookieReadParty(StrEnum):
    FIRST = "first"
    THIRD = "third"

    def __str__(self) -> str:
        return str(self.value)
