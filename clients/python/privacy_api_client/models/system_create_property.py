from enum import StrEnum


class SystemCreateProperty(StrEnum):
    APP = "app"
    HELP = "help"
    SITE = "site"

    def __str__(self) -> str:
        return str(self.value)
