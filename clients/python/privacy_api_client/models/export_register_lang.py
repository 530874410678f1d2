from enum import StrEnum


class ExportRegisterLang(StrEnum):
    EN = "en"
    PL = "pl"

    def __str__(self) -> str:
        return str(self.value)
