"""Delivery of outbox mail: over SMTP, or to .eml files while no mail server is set."""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

from sqlalchemy import select

from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.outbox import devmail
from privacy_api.outbox.dead import mask_address
from privacy_api.outbox.models import OutboxMessage

log = logging.getLogger("privacy_api.outbox.mail")


def message_id(message: OutboxMessage) -> str:
    # Stable per outbox row: a repeat after a crash carries the same id and can be dropped.
    return f"<outbox-{message.id}@privacy.onetagger.com>"


def build_email(message: OutboxMessage, *, sender: str, cte: str | None = None) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject or ""
    email["Message-ID"] = message_id(message)
    email["Date"] = formatdate(usegmt=True)
    for name, value in message.headers.items():
        email[name] = str(value)
    email.set_content(message.body, cte=cte)
    return email


class SmtpSender:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, message: OutboxMessage) -> None:
        s = self.settings
        if s.smtp_host is None:
            raise smtplib.SMTPServerDisconnected("no mail server: PRIVACY_API_SMTP_HOST is unset")
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


class MailFileSender:
    """Development mail: each message an .eml file in `mail_dir`, its subject and recipient
    logged, so a server without a mail server still shows its verification codes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, message: OutboxMessage) -> None:
        directory = self.settings.mail_dir
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        # One name per message: a repeat after a crash overwrites, as a receiving server
        # drops a repeated Message-ID.
        path = directory / f"outbox-{message.id:08d}.eml"
        # 8-bit text, not quoted-printable: a person copies the links out of these files.
        email = build_email(message, sender=self.settings.mail_from, cte="8bit")
        data = devmail.file_bytes(email)
        # Owner-only from the first byte: the file holds a code and an address. Never
        # through a link planted in the directory; a file already there (a repeat) is made
        # owner-only too, whatever mode it had.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as sink:
            sink.write(data)
        log.info(
            "mail written",
            extra={
                "outbox_id": message.id,
                # Masked: logs go to collectors and live longer than the file, which the
                # scheduler deletes with its message; the file names the full address.
                "to": mask_address(message.recipient),
                "subject": message.subject or "",
                "file": str(path),
            },
        )


_PRUNE_BATCH = 500


def prune_mail_files(db: Database, settings: Settings) -> int:
    """Delete the .eml files whose outbox message was purged (erasure, the retention sweep)
    or no longer exists: a file copies the address and the text, so it must not outlive the
    row. Only `outbox-<id>.eml` files are touched; returns how many were deleted."""
    directory = settings.mail_dir
    if not directory.is_dir():
        return 0
    files: dict[int, Path] = {}
    for path in directory.glob("outbox-*.eml"):
        digits = path.stem.removeprefix("outbox-")
        if digits.isdigit():
            files[int(digits)] = path
    ids = sorted(files)
    live: set[int] = set()
    with db.transaction(write=False) as session:
        for start in range(0, len(ids), _PRUNE_BATCH):
            batch = ids[start : start + _PRUNE_BATCH]
            live.update(
                session.scalars(
                    select(OutboxMessage.id).where(
                        OutboxMessage.id.in_(batch), OutboxMessage.body != ""
                    )
                )
            )
    deleted = 0
    for message_id in ids:
        if message_id not in live:
            try:
                files[message_id].unlink()
            except FileNotFoundError:
                continue
            deleted += 1
    if deleted:
        log.info("mail files deleted", extra={"deleted": deleted, "dir": str(directory)})
    return deleted


def mail_sender(settings: Settings) -> Callable[[OutboxMessage], None]:
    """SMTP when a mail server is set, else files in the mail directory."""
    return SmtpSender(settings) if settings.smtp_host else MailFileSender(settings)
