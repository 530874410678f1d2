"""The person's language among those the service writes in (pl, en), from Accept-Language."""

from __future__ import annotations

from typing import Literal

Lang = Literal["pl", "en"]
LANGS: tuple[Lang, ...] = ("pl", "en")


def accepted_language(header: str | None) -> Lang | None:
    """The most preferred of pl and en in an Accept-Language header (RFC 9110 §12.5.4).

    Only the first 32 entries are read: a header is the client's to make long."""
    best: Lang | None = None
    best_q = 0.0
    for entry in (header or "").split(",")[:32]:
        tag, _, params = entry.partition(";")
        primary = tag.strip().lower().partition("-")[0]
        if primary not in LANGS:
            continue
        quality = 1.0
        name, _, value = params.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value)
            except ValueError:
                quality = 0.0
        if quality > best_q:
            best, best_q = primary, quality
    return best
