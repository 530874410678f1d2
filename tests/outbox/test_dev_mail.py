"""Mail you can see in development, and links that name the address actually served."""

from __future__ import annotations

import email
import email.policy
import json
import re
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sqlalchemy import delete, select, update

from conftest import serving
from factories import bearer, run_cli
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.register.service import Register

EMAIL = "ewa.nowak@example.com"


def _json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_without_smtp_host_the_code_lands_in_an_eml_file_and_the_log_names_it(
    database_url: str,
    db: Database,
    loaded: Register,
    make_key: Callable[..., str],
    tmp_path: Path,
) -> None:
    mail_dir = tmp_path / "mail"
    submit = bearer(make_key("dsar:submit"))
    with serving(database_url, tmp_path / "server.log", PRIVACY_API_MAIL_DIR=str(mail_dir)) as srv:
        body = {"type": "access", "email": EMAIL, "channel": "email"}
        ticket = httpx.post(f"{srv.url}/v1/dsar", json=body, headers=submit).json()
        delivered = run_cli(
            database_url, "outbox", "deliver", extra_env={"PRIVACY_API_MAIL_DIR": str(mail_dir)}
        )
        assert delivered.returncode == 0, delivered.stderr
        assert "mail: 1 sent" in delivered.stdout

        files = sorted(mail_dir.glob("*.eml"))
        assert len(files) == 1
        assert files[0].stat().st_mode & 0o777 == 0o600
        message = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
        assert isinstance(message, email.message.EmailMessage)
        assert message["To"] == EMAIL
        assert ticket["id"] in message["Subject"]
        found = re.search(r"^\s+(\d{6})\s*$", message.get_content(), re.M)
        assert found, message.get_content()

        written = [e for e in _json_lines(delivered.stderr) if e["msg"] == "mail written"]
        assert len(written) == 1
        assert written[0]["to"] == "e***@example.com"
        assert EMAIL not in delivered.stderr
        assert written[0]["subject"] == message["Subject"]
        assert written[0]["file"] == str(files[0])
        # The code is read from the file, never from the log.
        assert found.group(1) not in delivered.stderr

        verified = httpx.post(
            f"{srv.url}/v1/dsar/{ticket['id']}/verify",
            json={"code": found.group(1)},
            headers=submit,
        )
        assert verified.status_code == 200, verified.text
        assert verified.json()["status"] != "pending_verification"


def _unsubscribe_link(url: str, key: dict[str, str], **headers: str) -> str:
    link = httpx.get(f"{url}/v1/subjects/s1/unsubscribe-link", headers={**key, **headers})
    assert link.status_code == 200, link.text
    return str(link.json()["url"])


def test_links_name_the_port_served_unless_a_public_base_url_is_set(
    database_url: str,
    db: Database,
    loaded: Register,
    make_key: Callable[..., str],
    tmp_path: Path,
) -> None:
    staff = bearer(make_key("admin"))
    with serving(database_url, tmp_path / "one.log") as server:
        put = httpx.put(f"{server.url}/v1/subjects/s1", json={"email": EMAIL}, headers=staff)
        assert put.status_code == 201, put.text
        assert _unsubscribe_link(server.url, staff).startswith(
            f"{server.url}/v1/unsubscribe?token="
        )
        # The Host header is the caller's to choose: a link in someone's mail never is.
        forged = _unsubscribe_link(server.url, staff, host="attacker.example")
        assert forged.startswith(f"{server.url}/v1/unsubscribe?token=")
    public = "https://privacy.onetagger.test"
    with serving(
        database_url, tmp_path / "two.log", PRIVACY_API_PUBLIC_BASE_URL=f"{public}/"
    ) as server:
        assert _unsubscribe_link(server.url, staff).startswith(f"{public}/v1/unsubscribe?token=")


def _consent_writes(url: str, forwarded_for: list[str]) -> list[int]:
    body = {"purposes": {"analytics": True}, "property": "site"}
    return [
        httpx.put(
            f"{url}/v1/consent/visitors/{uuid.uuid4()}",
            json=body,
            headers={"X-Forwarded-For": address},
        ).status_code
        for address in forwarded_for
    ]


def test_x_forwarded_for_counts_only_from_the_proxies_forwarded_allow_ips_names(
    database_url: str, db: Database, loaded: Register, tmp_path: Path
) -> None:
    visitors = ["203.0.113.1", "203.0.113.2", "203.0.113.3"]
    limit = {"PRIVACY_API_CONSENT_RATE_LIMIT_PER_MINUTE": "2"}
    # Unset: no proxy is trusted, a forged header changes nothing (one client, limited).
    with serving(database_url, tmp_path / "one.log", **limit) as server:
        assert _consent_writes(server.url, visitors) == [200, 200, 429]
    # The proxy named: each visitor behind it is a client of its own.
    with serving(
        database_url, tmp_path / "two.log", FORWARDED_ALLOW_IPS="127.0.0.1", **limit
    ) as server:
        assert _consent_writes(server.url, visitors) == [200, 200, 200]


def test_a_mail_file_goes_once_its_message_is_purged_by_erasure_or_retention(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    """An .eml file holds the address and the text (a code, a download link): it must not
    outlive the outbox row it copies, which erasure and the retention sweep purge."""
    from privacy_api.core.time import clock
    from privacy_api.outbox.mail import MailFileSender, prune_mail_files
    from privacy_api.outbox.models import OutboxMessage
    from privacy_api.retention.stores import MESSAGE_PURGED
    from privacy_api.worker import all_jobs

    dev = settings.model_copy(update={"smtp_host": None, "mail_dir": tmp_path / "mail"})
    now = clock.now()
    with db.transaction() as session:
        rows = [
            OutboxMessage(
                channel="mail",
                recipient=f"person{n}@example.com",
                subject="Your code",
                body=f"code {n}",
                headers={},
                created_at=now,
                available_at=now,
                attempts=1,
                sent_at=now,
            )
            for n in range(3)
        ]
        session.add_all(rows)
        session.flush()
        kept, purged, gone = (row.id for row in rows)
    with db.transaction() as session:
        for message in session.scalars(select(OutboxMessage)):
            MailFileSender(dev)(message)
    stray = dev.mail_dir / "notes.txt"  # not ours: never touched
    stray.write_text("mine")
    with db.transaction() as session:
        session.execute(
            update(OutboxMessage).where(OutboxMessage.id == purged).values(**MESSAGE_PURGED)
        )
        session.execute(delete(OutboxMessage).where(OutboxMessage.id == gone))

    assert prune_mail_files(db, dev) == 2
    assert {p.name for p in dev.mail_dir.iterdir()} == {f"outbox-{kept:08d}.eml", "notes.txt"}
    assert prune_mail_files(db, dev) == 0
    # Every scheduler runs it, in the process whose directory it is.
    assert "mail-files" in [job.name for job in all_jobs(db, dev)]


@pytest.mark.parametrize(
    "value",
    [
        "https://privacy.example/\nx",  # a line break: List-Unsubscribe headers carry links
        "https://privacy.example/x\r\ny",
        "https://privacy.ex\tample",
        "https://privacy.example/ path",
        'https://privacy.example/"><script>',
        "https://privacy.example:99999",
        "https://privacy.example:abc",
    ],
)
def test_a_public_base_url_that_would_break_a_link_or_a_header_is_refused(value: str) -> None:
    """urlsplit drops tabs and line breaks before judging, so the check must look at the
    value itself: whatever is accepted is pasted into mail bodies and headers."""
    with pytest.raises(ValueError, match="public_base_url"):
        Settings(public_base_url=value, _env_file=None)


def test_a_public_base_url_is_used_without_the_spaces_around_it() -> None:
    settings = Settings(public_base_url=" https://privacy.example/\n", _env_file=None)
    assert settings.public_base_url == "https://privacy.example"


def test_a_mail_file_is_never_written_through_a_link_planted_in_the_mail_dir(
    settings: Settings, tmp_path: Path
) -> None:
    """Whoever can write in the mail directory must not get a code mail written over
    (or a copy of it into) a file of theirs choosing through a symbolic link."""
    from privacy_api.core.time import clock
    from privacy_api.outbox.mail import MailFileSender
    from privacy_api.outbox.models import OutboxMessage

    dev = settings.model_copy(update={"smtp_host": None, "mail_dir": tmp_path / "mail"})
    dev.mail_dir.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (dev.mail_dir / "outbox-00000007.eml").symlink_to(victim)
    now = clock.now()
    message = OutboxMessage(
        id=7,
        channel="mail",
        recipient=EMAIL,
        subject="Your code",
        body="123456",
        headers={},
        created_at=now,
        available_at=now,
        attempts=0,
    )
    with pytest.raises(OSError, match="symbolic link"):
        MailFileSender(dev)(message)
    assert victim.read_text() == "precious"
