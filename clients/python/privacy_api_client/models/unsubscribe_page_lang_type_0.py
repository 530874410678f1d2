from enum import StrEnum


class UnsubscribePageLangType0(StrEnum):
    EN = "en"
    PL = "pl"

    def __str__(self) -> str:
        return str(self.value)
