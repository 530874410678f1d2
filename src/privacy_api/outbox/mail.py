"""SMTP delivery of outbox mail."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate

from privacy_api.config import Settings
from privacy_api.outbox.models import OutboxMessage


def message_id(message: OutboxMessage) -> str:
    # Stable per outbox row: a repeat after a crash carries the same id and can be dropped.
    return f"<outbox-{message.id}@privacy.onetagger.com>"


def build_email(message: OutboxMessage, *, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject or ""
    email["Message-ID"] = message_id(message)
    email["Date"] = formatdate(usegmt=True)
    for name, value in message.headers.items():
        email[name] = str(value)
    email.set_content(message.body)
    return email


class SmtpSender:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, message: OutboxMessage) -> None:
        s = self.settings
        email = build_email(message, sender=s.mail_from)
        if s.smtp_security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                s.smtp_host,
                s.smtp_port,
                timeout=s.smtp_timeout_seconds,
                context=ssl.create_default_context(),
            )
        else:
            client = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_seconds)
        with client:
            if s.smtp_security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if s.smtp_username and s.smtp_password:
                client.login(s.smtp_username, s.smtp_password.get_secret_value())
            client.send_message(email)
