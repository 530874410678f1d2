from enum import StrEnum


class ActivityPingProperty(StrEnum):
    APP = "app"
    HELP = "help"
    SITE = "site"

    def __str__(self) -> str:
        return str(self.value)
