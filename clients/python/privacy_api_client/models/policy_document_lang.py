from enum import StrEnum


class PolicyDocumentLang(StrEnum):
    EN = "en"
    PL = "pl"

    def __str__(self) -> str:
        return str(self.value)
