"""Files that hold personal data are the owner's alone, and logs carry no full address."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from factories import run_cli
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.outbox.mail import MailFileSender
from privacy_api.outbox.models import OutboxMessage


@pytest.fixture
def shell_umask() -> Iterator[None]:
    """The umask of a usual shell (group and others may read), as `make run` has it."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_sqlite_database_and_its_wal_and_shm_are_owner_only(
    tmp_path: Path, shell_umask: None
) -> None:
    path = tmp_path / "privacy.db"
    db = Database.connect(f"sqlite:///{path}")
    try:
        with db.engine.connect() as conn:
            conn.execute(text("CREATE TABLE t (x TEXT)"))
            conn.execute(text("INSERT INTO t VALUES ('anna@example.com')"))
            for name in ("privacy.db", "privacy.db-wal", "privacy.db-shm"):
                assert _mode(tmp_path / name) == 0o600, name
    finally:
        db.engine.dispose()


def test_world_readable_database_of_an_older_version_is_narrowed_to_owner_only(
    tmp_path: Path, shell_umask: None
) -> None:
    path = tmp_path / "privacy.db"
    db = Database.connect(f"sqlite:///{path}")
    with db.engine.connect() as conn:
        conn.execute(text("CREATE TABLE t (x TEXT)"))
    db.engine.dispose()
    path.chmod(0o644)
    Database.connect(f"sqlite:///{path}").engine.dispose()
    assert _mode(path) == 0o600


def test_migrate_as_make_run_does_leaves_the_database_owner_only(
    tmp_path: Path, shell_umask: None
) -> None:
    path = tmp_path / "privacy.db"
    migrated = run_cli(f"sqlite:///{path}", "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert _mode(path) == 0o600
    for extra in ("privacy.db-wal", "privacy.db-shm"):
        if (tmp_path / extra).exists():
            assert _mode(tmp_path / extra) == 0o600, extra


def test_file_mailer_log_line_masks_the_address_and_its_file_is_owner_only(
    tmp_path: Path, shell_umask: None, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'p.db'}", mail_dir=tmp_path / "m")
    message = OutboxMessage(
        id=7,
        channel="mail",
        recipient="anna.nowak@example.com",
        subject="Your request",
        body="Hello",
        headers={},
    )
    with caplog.at_level(logging.INFO, logger="privacy_api.outbox.mail"):
        MailFileSender(settings)(message)
    written = [r for r in caplog.records if r.getMessage() == "mail written"]
    assert [getattr(r, "to", None) for r in written] == ["a***@example.com"]
    assert "anna.nowak" not in caplog.text
    assert "anna.nowak" not in str([vars(r) for r in written])
    assert _mode(tmp_path / "m" / "outbox-00000007.eml") == 0o600
    assert _mode(tmp_path / "m") == 0o700
