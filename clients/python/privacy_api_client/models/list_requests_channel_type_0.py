from enum import StrEnum


class ListRequestsChannelType0(StrEnum):
    API = "api"
    APP = "app"
    EMAIL = "email"
    HELP_DESK = "help_desk"
    LIVE_CHAT = "live_chat"
    PRIVACY_CENTRE = "privacy_centre"

    def __str__(self) -> str:
        return str(self.value)
