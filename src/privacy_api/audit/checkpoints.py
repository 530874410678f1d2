"""Signed checkpoints of the audit chain's head: Ed25519, with a key the database never holds.

Whoever holds the database can rewrite an entry and re-hash every entry after it; the chain
alone then verifies. A checkpoint signs (seq, head hash, instant) with a key kept outside the
database, so a rewritten history no longer hashes to what was signed. `cryptography` is
imported where a key is used, never at start-up (cold start is a benchmark row).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from privacy_api.audit.models import GENESIS_HASH, AuditCheckpoint, AuditHead
from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.http.errors import ServiceUnavailable
from privacy_api.core.time import clock

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

MESSAGE_PREFIX = "privacy-api-audit-checkpoint:v1"
KEY_FILE_SUFFIX = ".audit-key"
_HEAD_ID = 1


class AuditKeyUnusable(ServiceUnavailable):
    slug, title = "audit-key-unusable", "The audit signing key cannot be read"


def message(*, seq: int, head_hash: str, at: datetime) -> bytes:
    """The exact bytes a checkpoint's signature covers (documented in docs/operations.md)."""
    instant = at.astimezone(UTC).isoformat(timespec="microseconds")
    return f"{MESSAGE_PREFIX}:{seq}:{head_hash}:{instant}".encode()


@dataclass(frozen=True)
class VerifyKey:
    """A public key that checkpoints are checked against, and its fingerprint."""

    key: Ed25519PublicKey

    @property
    def raw(self) -> bytes:
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        return self.key.public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def key_id(self) -> str:
        """SHA-256 of the raw 32-byte public key, hex: what each checkpoint names."""
        return hashlib.sha256(self.raw).hexdigest()

    @property
    def pem(self) -> str:
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        return self.key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()

    def signed(self, checkpoint: AuditCheckpoint) -> bool:
        """Whether the checkpoint's signature is this key's over its own fields."""
        from cryptography.exceptions import InvalidSignature

        try:
            signature = base64.b64decode(checkpoint.signature, validate=True)
            self.key.verify(
                signature,
                message(seq=checkpoint.seq, head_hash=checkpoint.head_hash, at=checkpoint.at),
            )
        except (InvalidSignature, binascii.Error, ValueError):
            return False
        return True


def public_key_from_bytes(data: bytes) -> VerifyKey:
    """A public key as an auditor holds it: PEM, 32 raw bytes, or their base64 (as listed)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    text = data.strip()
    if text.startswith(b"-----BEGIN"):
        key = load_pem_public_key(text)
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("the PEM file holds a public key, but not an Ed25519 one")
        return VerifyKey(key)
    raw = data if len(data) == 32 else base64.b64decode(text, validate=True)
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes (raw, base64 or PEM)")
    return VerifyKey(Ed25519PublicKey.from_public_bytes(raw))


def key_path(settings: Settings) -> Path | None:
    """Where the signing key lives: the setting, else beside an SQLite database file.

    PostgreSQL has no default: a key on the database host would sit with what it guards.
    """
    if settings.audit_signing_key_file is not None:
        return settings.audit_signing_key_file
    url = make_url(settings.database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(f"{url.database}{KEY_FILE_SUFFIX}")


def signing_key(settings: Settings, *, create: bool = False) -> Ed25519PrivateKey | None:
    """The private key, or None when none is configured (or, without `create`, made yet)."""
    path = key_path(settings)
    if path is None:
        return None
    if create and settings.audit_signing_key_file is None and not path.exists():
        _create_key_file(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AuditKeyUnusable(f"{path}: {exc.strerror}") from exc
    return _private_key_from_bytes(data, path)


def verify_key(settings: Settings) -> VerifyKey | None:
    """The public half of the configured signing key; None when there is none yet."""
    key = signing_key(settings)
    return VerifyKey(key.public_key()) if key is not None else None


def _private_key_from_bytes(data: bytes, path: Path) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    if len(data) == 32:
        return Ed25519PrivateKey.from_private_bytes(data)
    try:
        key = load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise AuditKeyUnusable(f"{path}: not an unencrypted PEM key nor 32 raw bytes") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise AuditKeyUnusable(f"{path}: the key is not an Ed25519 key")
    return key


def new_key_file(path: Path) -> VerifyKey:
    """A new signing key written to `path` (owner-only); its public half, for auditors.
    FileExistsError if `path` exists: a key in use is never replaced by accident."""
    if path.exists() or path.is_symlink():
        raise FileExistsError(path)
    _create_key_file(path)
    return VerifyKey(_private_key_from_bytes(path.read_bytes(), path).public_key())


def _create_key_file(path: Path) -> None:
    """A new key, readable by its owner only, that appears whole or not at all.

    Written to a private temporary name, then hard-linked into place: link never replaces,
    so when two processes race, the first key wins and the other reads it.
    """
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    pem = Ed25519PrivateKey.generate().private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
    )
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as sink:
            sink.write(pem)
            sink.flush()
            os.fsync(sink.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def make_checkpoint(session: Session, key: Ed25519PrivateKey) -> AuditCheckpoint:
    """Sign the chain's head as the session sees it (committed: entries and head move in one
    transaction, so every entry up to the head's seq is there)."""
    head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == _HEAD_ID))
    seq, head_hash = head.first() or (0, GENESIS_HASH)
    at = clock.now()
    signature = key.sign(message(seq=seq, head_hash=head_hash, at=at))
    checkpoint = AuditCheckpoint(
        seq=seq,
        head_hash=head_hash,
        at=at,
        key_id=VerifyKey(key.public_key()).key_id,
        signature=base64.b64encode(signature).decode(),
    )
    session.add(checkpoint)
    session.flush()
    return checkpoint


def checkpoint_now(db: Database, settings: Settings) -> AuditCheckpoint | None:
    """One checkpoint in its own transaction (CLI, worker); None when no key is configured."""
    key = signing_key(settings, create=True)
    if key is None:
        return None
    with db.transaction() as session:
        return make_checkpoint(session, key)


def list_checkpoints(
    session: Session, *, after_id: int | None = None, limit: int = 50
) -> list[AuditCheckpoint]:
    query = select(AuditCheckpoint).order_by(AuditCheckpoint.id)
    if after_id is not None:
        query = query.where(AuditCheckpoint.id > after_id)
    return list(session.scalars(query.limit(limit)))
