from enum import StrEnum


class ConsentChoicesProperty(StrEnum):
    APP = "app"
    HELP = "help"
    SITE = "site"

    def __str__(self) -> str:
        return str(self.value)
