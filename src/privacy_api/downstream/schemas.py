"""Shapes of the downstream endpoints: registering a system, rotating its secret, an
order's acknowledgement."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, AnyHttpUrl, BaseModel, ConfigDict, Field, UrlConstraints

from privacy_api.downstream.events import EVENTS, ORDERS, Event
from privacy_api.subjects.schemas import PropertyKey

# Each order to a system is an outbox message addressed to its URL, in a 320-wide column
# (an e-mail address's): a longer URL made every erasure fail on PostgreSQL. The URL as
# stored is normalised (a "/" added, a host in punycode), so that length is checked too.
MAX_URL = 320


def _with_orders(events: list[Event]) -> list[Event]:
    missing = [e for e in ORDERS if e not in events]
    if missing:
        raise ValueError(
            f"must include {', '.join(ORDERS)}: every recipient is told of an erasure, a "
            f"rectification and a restriction (GDPR Art. 17(2), 19); missing {missing}"
        )
    return events


def _fits(url: AnyHttpUrl) -> AnyHttpUrl:
    if len(str(url)) > MAX_URL:
        raise ValueError(f"the URL is longer than {MAX_URL} characters once normalised")
    return url


WebhookUrl = Annotated[AnyHttpUrl, UrlConstraints(max_length=MAX_URL), AfterValidator(_fits)]


class SystemCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._ -]+$")
    property: PropertyKey
    webhook_url: WebhookUrl
    events: Annotated[list[Event], AfterValidator(_with_orders)] = Field(
        default_factory=lambda: list(EVENTS),
        min_length=1,
        max_length=len(EVENTS),
        description="What the system is sent orders or notices for; default: every event. "
        "Erasure, rectification and restriction orders cannot be declined (Art. 17(2), 19): "
        "only the objection and consent notices are optional",
    )


class SystemRead(BaseModel):
    id: str
    name: str
    property: str
    webhook_url: str
    events: list[str]
    created_at: datetime


class SystemCreated(SystemRead):
    signing_secret: str = Field(description="Shown once: verify webhook signatures with it")


class SecretRotated(BaseModel):
    id: str
    signing_secret: str = Field(description="Shown once: the new secret, signing from now on")
    previous_secret_valid_until: datetime = Field(
        description="Until then deliveries carry both signatures and either secret acknowledges"
    )


class OrderAck(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal["done", "failed"]
    detail: str | None = Field(default=None, max_length=2000)


class OrderRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    system_id: str
    ticket_id: str | None
    kind: str
    status: str
    acknowledged_at: datetime | None
