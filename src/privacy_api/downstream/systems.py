"""Downstream systems and Standard Webhooks signing of the orders sent to them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import uuid
from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_api.audit import service as audit
from privacy_api.core.data.db import Database
from privacy_api.core.http.errors import Conflict, NotFound, Unauthorized
from privacy_api.core.security import egress
from privacy_api.core.security.secrets import DerivedKeys
from privacy_api.core.time import clock
from privacy_api.downstream import notices
from privacy_api.downstream.models import DownstreamOrder, DownstreamSystem
from privacy_api.outbox.failures import SafeReason
from privacy_api.outbox.models import OutboxMessage

SECRET_PREFIX = "whsec_"


ROTATION_OVERLAP = timedelta(hours=24)
_NOBODY = b"\0" * 32


class SystemNameTaken(Conflict):
    slug, title = "system-name-taken", "A system with this name is registered"


class SystemNotFound(NotFound):
    slug, title = "system-not-found", "No such system"


class DeliveryFailed(SafeReason):
    """The receiver did not answer 2xx (its status is the message)."""


def signing_key(keys: DerivedKeys, system_id: str, generation: int = 0) -> bytes:
    """Derived, never stored: the secret is shown once and can always be recomputed.
    Generation 0 keeps the derivation that systems registered before rotation existed hold."""
    message = system_id if generation == 0 else f"{system_id}:{generation}"
    return hmac.new(keys.webhooks, message.encode(), hashlib.sha256).digest()


def signing_secret(keys: DerivedKeys, system_id: str, generation: int = 0) -> str:
    return SECRET_PREFIX + base64.b64encode(signing_key(keys, system_id, generation)).decode()


def live_keys(keys: DerivedKeys, system: DownstreamSystem, now: datetime) -> list[bytes]:
    """The current key, and the one before it while its overlap lasts."""
    generations = [system.secret_generation]
    until = system.previous_generation_until
    if until is not None and clock.as_utc(until) > now and system.secret_generation > 0:
        generations.append(system.secret_generation - 1)
    return [signing_key(keys, system.id, g) for g in generations]


def sign(key: bytes, msg_id: str, timestamp: int, body: str) -> str:
    """`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` (Standard Webhooks)."""
    digest = hmac.new(key, f"{msg_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def register_system(
    session: Session,
    *,
    name: str,
    property_: str,
    webhook_url: str,
    private_hosts: Collection[str],
    actor: str,
    events: Collection[str] = notices.EVENTS,
    resolver: egress.Resolver = egress.system_resolver,
) -> DownstreamSystem:
    egress.check_destination(webhook_url, private_hosts=private_hosts, resolver=resolver)
    if session.scalar(select(DownstreamSystem.id).where(DownstreamSystem.name == name)):
        raise SystemNameTaken(f"A system named {name!r} is already registered.")
    system = DownstreamSystem(
        id=f"sys_{uuid.uuid4().hex[:20]}",
        name=name,
        property=property_,
        webhook_url=webhook_url,
        created_at=clock.now(),
        created_by=actor,
        secret_generation=0,
        # In the register's order, each once: what it hears reads the same however named.
        # Orders are never declined (Art. 17(2), 19), whoever calls this.
        events=[e for e in notices.EVENTS if e in events or e in notices.ORDERS],
    )
    session.add(system)
    audit.append_entry(
        session,
        actor=actor,
        action="system.registered",
        target=f"system/{system.id}",
        details={"property": property_, "events": system.events},
    )
    return system


def rotate_secret(session: Session, *, system_id: str, actor: str) -> DownstreamSystem:
    """A new generation; the one before keeps signing and verifying for ROTATION_OVERLAP, so
    the system can deploy the new secret without losing an order. A second rotation within
    the overlap retires the oldest at once: only one previous secret is ever live."""
    system = session.get(DownstreamSystem, system_id, with_for_update=True)
    if system is None:
        raise SystemNotFound(f"There is no system {system_id!r}.")
    system.secret_generation += 1
    system.previous_generation_until = clock.now() + ROTATION_OVERLAP
    audit.append_entry(
        session,
        actor=actor,
        action="system.secret_rotated",
        target=f"system/{system.id}",
        details={
            "generation": system.secret_generation,
            "previous_valid_until": system.previous_generation_until.isoformat(),
        },
    )
    return system


def authenticated_order(
    session: Session, keys: DerivedKeys, *, order_id: str, presented: str
) -> DownstreamOrder:
    """The order, when `presented` is a live secret of the system it was sent to. An unknown
    order, another system's order and a wrong secret are the same 401: only a system that
    proves who it is learns anything about its own orders."""
    order = session.get(DownstreamOrder, order_id)
    system = session.get(DownstreamSystem, order.system_id) if order is not None else None
    # Without a system the comparison still runs, against a key nobody holds, so an unknown
    # order takes as long to refuse as a wrong secret.
    candidates = live_keys(keys, system, clock.now()) if system else [_NOBODY]
    given = presented.encode()
    matched = False
    for key in candidates:
        expected = (SECRET_PREFIX + base64.b64encode(key).decode()).encode()
        matched |= hmac.compare_digest(expected, given)
    if order is None or system is None or not matched:
        raise Unauthorized(
            "Acknowledge with the signing secret of the system the order was "
            "sent to, as 'Authorization: Bearer whsec_...'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return order


class WebhookSender:
    """Delivers outbox webhooks: signed at send time with every live key of the system, the
    id stable across retries, only to a destination checked at this very delivery."""

    def __init__(
        self,
        keys: DerivedKeys,
        db: Database,
        *,
        private_hosts: Collection[str] = (),
        resolver: egress.Resolver = egress.system_resolver,
        timeout: float = 10.0,
    ) -> None:
        self.keys, self.db = keys, db
        self.private_hosts = private_hosts
        self.resolver = resolver
        self.timeout = timeout

    def __call__(self, message: OutboxMessage) -> None:
        destination = egress.check_destination(
            message.recipient, private_hosts=self.private_hosts, resolver=self.resolver
        )
        with self.db.transaction(write=False) as session:
            system = session.get(DownstreamSystem, str(message.headers["system-id"]))
            if system is None:
                raise SystemNotFound("The system of this message is no longer registered.")
            keys = live_keys(self.keys, system, clock.now())
        msg_id = str(message.headers["webhook-id"])
        timestamp = int(time.time())  # the receiver's clock judges it: wall time, not ours
        headers = {
            "host": destination.host_header,
            "content-type": "application/json",
            "webhook-id": msg_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": " ".join(sign(k, msg_id, timestamp, message.body) for k in keys),
        }
        import httpx  # on the first webhook, not at start-up (PERFORMANCE.md: cold start)

        # To the checked address, never the name again (a second lookup could answer
        # differently); the name still goes in Host and in TLS, which verifies it.
        extensions = {"sni_hostname": destination.host} if destination.scheme == "https" else {}
        # trust_env off: a proxy from the environment would connect on our behalf to
        # wherever it resolves the name, past the check.
        with httpx.Client(timeout=self.timeout, follow_redirects=False, trust_env=False) as client:
            request = client.build_request(
                "POST",
                destination.connect_url,
                content=message.body.encode(),
                headers=headers,
                extensions=extensions,
            )
            response = client.send(request)
        if not response.is_success:
            # A redirect too: following it would leave the checked destination.
            raise DeliveryFailed(f"the receiver answered HTTP {response.status_code}")
