"""Putting messages in the outbox, inside the caller's transaction."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Insert
from sqlalchemy.orm import Session

from privacy_api.core.data.hot import HotConnection, insert_of
from privacy_api.core.time import clock
from privacy_api.outbox.models import OutboxMessage

if TYPE_CHECKING:
    from jinja2 import Environment

MAIL, WEBHOOK = "mail", "webhook"


@functools.cache
def _templates() -> Environment:
    # jinja2 is imported on the first e-mail, not at start-up (PERFORMANCE.md: cold start).
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("privacy_api.outbox", "templates"),
        undefined=StrictUndefined,
        autoescape=False,  # plain-text mail
        keep_trailing_newline=True,
        auto_reload=False,  # templates ship with the package: no stat() per e-mail
    )


def render_mail(template: str, lang: str, **context: Any) -> tuple[str, str]:
    """(subject, body) from `templates/<template>.<lang>.txt.j2`; line one is the subject."""
    text = _templates().get_template(f"{template}.{lang}.txt.j2").render(**context)
    first, _, body = text.partition("\n")
    return first.removeprefix("Subject:").strip(), body.lstrip("\n")


def mail(
    *,
    to: str,
    template: str,
    lang: str,
    reference: str | None,
    expires_at: datetime | None = None,
    **context: Any,
) -> dict[str, Any]:
    """A rendered e-mail as an outbox row's values, due now. `expires_at`: when a code or
    link in it stops working (its text is purged after that, once delivered)."""
    subject, body = render_mail(template, lang, **context)
    message = _message(MAIL, to, subject=subject, body=body, headers={}, reference=reference)
    return {**message, "expires_at": expires_at}


def _message(
    channel: str,
    recipient: str,
    *,
    subject: str | None,
    body: str,
    headers: dict[str, str],
    reference: str | None,
) -> dict[str, Any]:
    """An outbox row's values, due now and not yet tried."""
    now = clock.now()
    return {
        "channel": channel,
        "recipient": recipient,
        "subject": subject,
        "body": body,
        "headers": headers,
        "reference": reference,
        "created_at": now,
        "available_at": now,
        "attempts": 0,
        "expires_at": None,
    }


_NEW_MESSAGE_COLUMNS = (
    "channel",
    "recipient",
    "subject",
    "body",
    "headers",
    "reference",
    "created_at",
    "available_at",
    "attempts",
    "expires_at",
)


def insert_message(prefix: str = "") -> Insert:
    """The INSERT of a message from `mail()`, its values given as `prefix` + column."""
    return insert_of(OutboxMessage, _NEW_MESSAGE_COLUMNS, prefix)


INSERT_MESSAGE = insert_message()


def enqueue(session: Session, message: dict[str, Any]) -> OutboxMessage:
    """A message from `mail()`, written in the session's transaction."""
    row = OutboxMessage(**message)
    session.add(row)
    return row


async def enqueue_now(conn: HotConnection, message: dict[str, Any]) -> None:
    """A message from `mail()`, written in the hot path's transaction."""
    await conn.execute(INSERT_MESSAGE, message)


def enqueue_mail(
    session: Session,
    *,
    to: str,
    template: str,
    lang: str,
    reference: str | None,
    **context: Any,
) -> OutboxMessage:
    return enqueue(
        session, mail(to=to, template=template, lang=lang, reference=reference, **context)
    )


def webhook(*, url: str, body: str, headers: dict[str, str], reference: str) -> dict[str, Any]:
    """A webhook as an outbox row's values, due now; signed when it is sent."""
    return _message(WEBHOOK, url, subject=None, body=body, headers=headers, reference=reference)


def enqueue_webhook(
    session: Session, *, url: str, body: str, headers: dict[str, str], reference: str
) -> OutboxMessage:
    return enqueue(session, webhook(url=url, body=body, headers=headers, reference=reference))
