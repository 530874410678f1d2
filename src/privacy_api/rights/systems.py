"""Downstream systems and Standard Webhooks signing of the orders sent to them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.core import clock
from privacy_api.core.errors import Conflict, Unauthorized
from privacy_api.core.secrets import DerivedKeys
from privacy_api.outbox.models import OutboxMessage
from privacy_api.rights.models import DownstreamSystem

SECRET_PREFIX = "whsec_"


class SystemNameTaken(Conflict):
    slug, title = "system-name-taken", "A system with this name is registered"


def signing_key(keys: DerivedKeys, system_id: str) -> bytes:
    """Derived, never stored: the secret is shown once and can always be recomputed."""
    return hmac.new(keys.webhooks, system_id.encode(), hashlib.sha256).digest()


def signing_secret(keys: DerivedKeys, system_id: str) -> str:
    return SECRET_PREFIX + base64.b64encode(signing_key(keys, system_id)).decode()


def sign(key: bytes, msg_id: str, timestamp: int, body: str) -> str:
    """`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` (Standard Webhooks)."""
    digest = hmac.new(key, f"{msg_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def register_system(
    session: Session, *, name: str, property_: str, webhook_url: str, actor: str
) -> DownstreamSystem:
    if session.scalar(select(DownstreamSystem.id).where(DownstreamSystem.name == name)):
        raise SystemNameTaken(f"A system named {name!r} is already registered.")
    system = DownstreamSystem(
        id=f"sys_{uuid.uuid4().hex[:20]}",
        name=name,
        property=property_,
        webhook_url=webhook_url,
        created_at=clock.now(),
        created_by=actor,
    )
    session.add(system)
    audit.append_entry(
        session,
        actor=actor,
        action="system.registered",
        target=f"system/{system.id}",
        details={"property": property_},
    )
    return system


def authenticate_system(keys: DerivedKeys, system_id: str, presented: str) -> None:
    expected = signing_secret(keys, system_id)
    if not hmac.compare_digest(expected.encode(), presented.encode()):
        raise Unauthorized(
            "Acknowledge with the signing secret of the system the order was "
            "sent to, as 'Authorization: Bearer whsec_...'.",
            headers={"WWW-Authenticate": "Bearer"},
        )


class WebhookSender:
    """Delivers outbox webhooks: signed at send time, the id stable across retries."""

    def __init__(self, keys: DerivedKeys, *, timeout: float = 10.0) -> None:
        self.keys = keys
        self.timeout = timeout

    def __call__(self, message: OutboxMessage) -> None:
        msg_id = str(message.headers["webhook-id"])
        timestamp = int(time.time())
        key = signing_key(self.keys, str(message.headers["system-id"]))
        headers = {
            "content-type": "application/json",
            "webhook-id": msg_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(key, msg_id, timestamp, message.body),
        }
        import httpx  # on the first webhook, not at start-up (PERFORMANCE.md: cold start)

        response = httpx.post(
            message.recipient, content=message.body.encode(), headers=headers, timeout=self.timeout
        )
        response.raise_for_status()
