"""The per-install secret key of an SQLite deployment, kept beside its database file."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from sqlalchemy.engine import make_url

MIN_SECRET_BYTES = 32
SUFFIX = ".secret"


class KeyFileError(ValueError):
    """The key file exists but cannot be trusted (other readers, too short)."""


def key_file_for(database_url: str) -> Path | None:
    """`privacy.db.secret` beside `privacy.db`; None for an in-memory database."""
    database = make_url(database_url).database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return Path(database).with_name(Path(database).name + SUFFIX)


def sqlite_secret(database_url: str) -> str:
    """The install's key: read, or generated once. An in-memory database lives as long as
    its process, and so does its key."""
    path = key_file_for(database_url)
    if path is None:
        return secrets.token_urlsafe(48)
    if not path.exists():
        _create(path, secrets.token_urlsafe(48))
    return _read(path)


def _create(path: Path, key: str) -> None:
    # Written whole under a private name, then linked into place: link() never replaces an
    # existing file, so of two processes starting at once one wins and both read its key,
    # and no reader ever sees a half-written file.
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as out:
            out.write(key + "\n")
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(scratch, path)
    finally:
        scratch.unlink(missing_ok=True)


def _read(path: Path) -> str:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise KeyFileError(
            f"{path} is readable by others (mode {mode:o}): make it `chmod 600`, "
            "or set PRIVACY_API_SECRET_KEY"
        )
    key = path.read_text().strip()
    if len(key.encode()) < MIN_SECRET_BYTES:
        raise KeyFileError(f"{path} holds fewer than {MIN_SECRET_BYTES} bytes")
    return key
