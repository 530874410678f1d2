from enum import StrEnum


class ConsentModeFunctionalityStorage(StrEnum):
    DENIED = "denied"
    GRANTED = "granted"

    def __str__(self) -> str:
        return str(self.value)
