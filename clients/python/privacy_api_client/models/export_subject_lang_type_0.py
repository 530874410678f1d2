from enum import StrEnum


class ExportSubjectLangType0(StrEnum):
    EN = "en"
    PL = "pl"

    def __str__(self) -> str:
        return str(self.value)
