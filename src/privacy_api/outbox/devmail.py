"""Development mail a person can read: the .eml files of the mail directory written as 8-bit
UTF-8 text (a link copied from one works, a Polish subject reads as Polish), and
`privacy-api mail last [--to ADDRESS] [--wait SECONDS]`, which prints the newest one."""

from __future__ import annotations

import argparse
import email
import email.policy
import sys
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.utils import getaddresses
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from privacy_api.config import Settings

# Written for a person and a text editor, not for a mail server: UTF-8 headers and body
# without transfer encoding, headers never folded (a folded List-Unsubscribe breaks its link).
FILE_POLICY = email.policy.default.clone(utf8=True, max_line_length=None)

_POLL_SECONDS = 0.2


def file_bytes(message: EmailMessage) -> bytes:
    """The message as the mail directory keeps it. Its body must have been set 8-bit:
    quoted-printable breaks a copied link at `=3D` and at every soft line break."""
    return message.as_bytes(policy=FILE_POLICY)


@dataclass(frozen=True)
class MailFile:
    outbox_id: int
    path: Path


def mail_files(directory: Path) -> list[MailFile]:
    """The outbox's files in the directory, oldest message first (the id is the order in
    which messages were queued; a repeat after a crash rewrites its own file)."""
    if not directory.is_dir():
        return []
    found = []
    for path in directory.glob("outbox-*.eml"):
        digits = path.stem.removeprefix("outbox-")
        if digits.isdigit():
            found.append(MailFile(int(digits), path))
    return sorted(found, key=lambda f: f.outbox_id)


def _recipients(path: Path) -> set[str]:
    with path.open("rb") as source:
        headers = BytesHeaderParser(policy=email.policy.default).parse(source)
    return {address.lower() for _, address in getaddresses(headers.get_all("To", []))}


def newest(directory: Path, to: str | None = None) -> MailFile | None:
    """The newest message in the directory, or the newest to this address (any case)."""
    for found in reversed(mail_files(directory)):
        if to is None or to.lower() in _recipients(found.path):
            return found
    return None


def render(found: MailFile) -> str:
    """The message as a person reads it: who, what, when, the file, then the text. Files
    written before the 8-bit change (quoted-printable) read the same."""
    parsed = email.message_from_bytes(found.path.read_bytes(), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    lines = [
        f"{name}: {parsed[name]}" for name in ("From", "To", "Subject", "Date") if parsed[name]
    ]
    lines.append(f"File: {found.path}")
    part = parsed.get_body(preferencelist=("plain",))
    text = part.get_content() if part is not None else ""
    return "\n".join(lines) + "\n\n" + str(text).rstrip("\n")


def waiting(settings: Settings, to: str | None) -> int:
    """Mail the outbox holds still undelivered (not given up), to this address if given."""
    from privacy_api.core.data.db import Database
    from privacy_api.outbox.models import OutboxMessage

    query = select(func.count()).where(
        OutboxMessage.channel == "mail",
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.dead_at.is_(None),
    )
    if to is not None:
        query = query.where(func.lower(OutboxMessage.recipient) == to.lower())
    db = Database.connect(settings.database_url, pool_size=1)
    try:
        with db.transaction(write=False) as session:
            return int(session.scalar(query) or 0)
    finally:
        db.dispose()


def cmd_mail_last(args: argparse.Namespace, settings: Settings) -> int:
    out, err = sys.stdout, sys.stderr
    if settings.smtp_host:
        err.write(
            f"mail goes over SMTP to {settings.smtp_host}: {settings.mail_dir} holds only "
            "what was written while no PRIVACY_API_SMTP_HOST was set\n"
        )
    elif args.wait:
        # The scheduler (a worker, `serve --with-scheduler`) writes the file a few seconds
        # after the message is queued: the newest file may not be the newest message yet.
        deadline = time.monotonic() + args.wait
        while (left := waiting(settings, args.to)) and time.monotonic() < deadline:
            time.sleep(_POLL_SECONDS)
        if left:
            err.write(
                f"{left} message(s) still waiting in the outbox after {args.wait:g} s: is a "
                "worker or `privacy-api serve --with-scheduler` running? (`make run` runs one)\n"
            )
            return 1
    found = newest(settings.mail_dir, args.to)
    if found is None:
        whom = f" to {args.to}" if args.to else ""
        err.write(f"no mail{whom} in {settings.mail_dir}\n")
        return 1
    out.write(render(found) + "\n")
    return 0


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 3600:
        raise argparse.ArgumentTypeError("must be between 0 and 3600 seconds")
    return value


def add_commands(sub: Any) -> None:
    """`privacy-api mail ...`, on the CLI's sub-command parsers."""
    mail = sub.add_parser("mail", help="development mail (the mail directory)").add_subparsers(
        dest="mail_command", required=True
    )
    last = mail.add_parser(
        "last", help="print the newest mail of the mail directory; exit 1 when there is none"
    )
    last.add_argument("--to", metavar="ADDRESS", help="the newest mail to this address")
    last.add_argument(
        "--wait",
        type=_seconds,
        default=0,
        metavar="SECONDS",
        help="first wait, at most this long, until the outbox holds no undelivered mail "
        "(to ADDRESS)",
    )
    last.set_defaults(run=cmd_mail_last)
