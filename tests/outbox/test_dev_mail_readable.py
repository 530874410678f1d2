"""Development mail a person can read and click: .eml files in 8-bit UTF-8 text (a link
copied from one works), and `privacy-api mail last [--to ADDRESS] [--wait SECONDS]`."""

from __future__ import annotations

import email
import email.policy
import os
import time
from pathlib import Path

from sqlalchemy import select

from factories import TEST_MAIL_DIR, run_cli
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.time import clock
from privacy_api.outbox.mail import MailFileSender, build_email
from privacy_api.outbox.models import OutboxMessage

LINK = "http://127.0.0.1:8000/privacy/package?token=" + "Ab-_9" * 40 + "==.x=3"
BODY = f"Dzień dobry,\n\nwpisz ten kod:\n\n    482913\n\nPobierz dane:\n{LINK}\n"


def _queue(db: Database, recipient: str, subject: str, body: str, *, sent: bool = True) -> int:
    now = clock.now()
    with db.transaction() as session:
        row = OutboxMessage(
            channel="mail",
            recipient=recipient,
            subject=subject,
            body=body,
            headers={"List-Unsubscribe": f"<{LINK}>"},
            created_at=now,
            available_at=now,
            attempts=1 if sent else 0,
            sent_at=now if sent else None,
        )
        session.add(row)
        session.flush()
        return row.id


def _write(db: Database, settings: Settings, message_id: int) -> Path:
    with db.transaction(write=False) as session:
        message = session.scalars(select(OutboxMessage).where(OutboxMessage.id == message_id))
        MailFileSender(settings)(message.one())
    return settings.mail_dir / f"outbox-{message_id:08d}.eml"


def _dev(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(update={"smtp_host": None, "mail_dir": tmp_path / "mail"})


def test_a_mail_file_is_8bit_text_so_a_link_copied_from_it_works(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    """Before, quoted-printable turned `=` into `=3D` and cut the link with soft line
    breaks: a person copying it from the file got a broken link."""
    dev = _dev(settings, tmp_path)
    path = _write(db, dev, _queue(db, "ewa@example.com", "Potwierdź żądanie", BODY))
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert "Content-Transfer-Encoding: 8bit" in text
    assert f"\n{LINK}\n" in text, "the link stands whole on its own line"
    assert "=3D" not in text
    assert "=\n" not in text
    assert "Subject: Potwierdź żądanie" in text, "a Polish subject reads as Polish"
    assert "Dzień dobry" in text
    assert f"List-Unsubscribe: <{LINK}>" in text, "headers are never folded"
    # Still a mail: a mail client (or the parser) reads the same message.
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, email.message.EmailMessage)
    assert parsed["Subject"] == "Potwierdź żądanie"
    assert parsed.get_content() == BODY


def test_smtp_mail_keeps_its_transfer_encoding(db: Database) -> None:
    """Only the files change: over SMTP a long line still goes quoted-printable."""
    now = clock.now()
    message = OutboxMessage(
        id=1, channel="mail", recipient="ewa@example.com", subject="s", body=BODY,
        headers={}, created_at=now, available_at=now, attempts=0,
    )  # fmt: skip
    assert build_email(message, sender="privacy@onetagger.com")["Content-Transfer-Encoding"] in (
        "quoted-printable",
        "base64",
    )


def test_mail_last_prints_the_newest_message_or_the_newest_to_an_address(
    db: Database, database_url: str, settings: Settings, tmp_path: Path
) -> None:
    dev = _dev(settings, tmp_path)
    env = {"PRIVACY_API_MAIL_DIR": str(dev.mail_dir)}
    first = _write(db, dev, _queue(db, "anna@example.com", "Kod 1", "first\n    111111\n"))
    second = _write(db, dev, _queue(db, "jan@example.com", "Kod 2", BODY))
    # The newest message is the last queued, whatever the files' times say.
    os.utime(second, (time.time() - 3600, time.time() - 3600))

    newest = run_cli(database_url, "mail", "last", extra_env=env)
    assert newest.returncode == 0, newest.stderr
    assert "To: jan@example.com" in newest.stdout
    assert "Subject: Kod 2" in newest.stdout
    assert f"File: {second}" in newest.stdout
    assert f"\n{LINK}\n" in newest.stdout
    assert "482913" in newest.stdout

    to_anna = run_cli(database_url, "mail", "last", "--to", "Anna@Example.com", extra_env=env)
    assert to_anna.returncode == 0, to_anna.stderr
    assert "Subject: Kod 1" in to_anna.stdout
    assert "111111" in to_anna.stdout
    assert f"File: {first}" in to_anna.stdout

    nobody = run_cli(database_url, "mail", "last", "--to", "ola@example.com", extra_env=env)
    assert nobody.returncode == 1
    assert nobody.stdout == ""
    assert f"no mail to ola@example.com in {dev.mail_dir}" in nobody.stderr


def test_mail_last_reads_a_quoted_printable_file_written_before_the_change(
    database_url: str, tmp_path: Path
) -> None:
    directory = tmp_path / "mail"
    directory.mkdir()
    old = email.message.EmailMessage()
    old["To"], old["Subject"] = "ewa@example.com", "Stary kod"
    old.set_content(BODY)
    assert old["Content-Transfer-Encoding"] == "quoted-printable"
    (directory / "outbox-00000042.eml").write_bytes(old.as_bytes())
    shown = run_cli(
        database_url, "mail", "last", extra_env={"PRIVACY_API_MAIL_DIR": str(directory)}
    )
    assert shown.returncode == 0, shown.stderr
    assert f"\n{LINK}\n" in shown.stdout
    assert "=3D" not in shown.stdout


def test_mail_last_in_an_empty_or_missing_directory_says_so_and_exits_1(
    database_url: str, tmp_path: Path
) -> None:
    shown = run_cli(
        database_url, "mail", "last", extra_env={"PRIVACY_API_MAIL_DIR": str(tmp_path / "none")}
    )
    assert (shown.returncode, shown.stdout) == (1, "")
    assert f"no mail in {tmp_path / 'none'}" in shown.stderr


def test_mail_last_wait_gives_up_on_mail_nobody_delivers_and_names_the_scheduler(
    db: Database, database_url: str, tmp_path: Path
) -> None:
    _queue(db, "anna@example.com", "Kod", "    222222\n", sent=False)
    env = {"PRIVACY_API_MAIL_DIR": str(tmp_path / "mail")}
    started = time.monotonic()
    shown = run_cli(database_url, "mail", "last", "--wait", "1", extra_env=env)
    assert time.monotonic() - started < 20
    assert shown.returncode == 1
    assert "1 message(s) still waiting in the outbox" in shown.stderr
    assert "serve --with-scheduler" in shown.stderr
    # Another address's mail is not waited for.
    other = run_cli(
        database_url, "mail", "last", "--to", "jan@example.com", "--wait", "1", extra_env=env
    )
    assert "still waiting" not in other.stderr
    assert "no mail to jan@example.com" in other.stderr


def test_mail_last_refuses_a_wait_out_of_range(database_url: str) -> None:
    for value in ("-1", "3601", "soon"):
        shown = run_cli(
            database_url,
            "mail",
            "last",
            "--wait",
            value,
            extra_env={"PRIVACY_API_MAIL_DIR": TEST_MAIL_DIR},
        )
        assert shown.returncode == 2, value
        assert "--wait" in shown.stderr
