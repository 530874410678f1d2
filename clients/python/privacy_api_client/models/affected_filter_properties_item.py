from enum import StrEnum


class AffectedFilterPropertiesItem(StrEnum):
    APP = "app"
    HELP = "help"
    SITE = "site"

    def __str__(self) -> str:
        return str(self.value)
