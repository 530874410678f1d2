from enum import StrEnum


class ListRequestsPropertyType0(StrEnum):
    APP = "app"
    HELP = "help"
    SITE = "site"

    def __str__(self) -> str:
        return str(self.value)
