"""API keys: created once and shown once, stored as SHA-256, looked up without a slow hash.

Keys are 256-bit random secrets, so a fast hash is safe; a password hash (bcrypt, argon2)
would cost more per request than the whole framework.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from privacy_api.core.data.db import Base, UTCDateTime
from privacy_api.core.http.errors import Conflict, NotFound, Unprocessable
from privacy_api.core.time import clock

SCOPES = frozenset(
    {
        "subjects:write",
        "records:read",
        "records:write",
        "consent:read",
        "consent:write",
        "dsar:submit",
        "dsar:manage",
        "export",
        "erase",
        "retention:run",
        "audit:read",
        "breaches",
        "admin",
    }
)
# Operations staff who manage requests also take them in.
IMPLIED: dict[str, frozenset[str]] = {"dsar:manage": frozenset({"dsar:submit"})}
KEY_PREFIX = "pak_"
_KEY_SHAPE = re.compile(r"pak_([a-z0-9]{10})_([A-Za-z0-9_-]{43})")
_NAME_SHAPE = re.compile(r"[A-Za-z0-9._:@-]{1,64}")


class ApiKey(Base):
    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    key_id: Mapped[str] = mapped_column(String(10), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[str] = mapped_column(String(400))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class ConsoleSignOut(Base):
    """A console session ended by its sign-out: its cookie, if kept or copied, is refused
    until it would have expired anyway, and the row is purged after that."""

    __tablename__ = "console_sign_out"

    # The cookie's MAC: unique per session (each sign-in has its own nonce), not secret.
    session_mac: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


@dataclass(frozen=True)
class Caller:
    name: str
    scopes: frozenset[str]

    def may(self, scope: str) -> bool:
        if "admin" in self.scopes or scope in self.scopes:
            return True
        return any(scope in IMPLIED.get(held, ()) for held in self.scopes)


@dataclass(frozen=True)
class KeyInfo:
    name: str
    scopes: tuple[str, ...]
    created_at: datetime
    revoked_at: datetime | None


class KeyNameTaken(Conflict):
    slug, title = "key-name-taken", "An API key with this name exists"


class UnknownKeyName(NotFound):
    slug, title = "unknown-key", "No API key has this name"


class InvalidScopes(Unprocessable):
    slug, title = "invalid-scopes", "Unknown scope"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def parse_scopes(raw: str) -> tuple[str, ...]:
    scopes = tuple(sorted({s.strip() for s in raw.split(",") if s.strip()}))
    unknown = [s for s in scopes if s not in SCOPES]
    if not scopes or unknown:
        raise InvalidScopes(
            f"unknown scope(s): {', '.join(unknown) or '(none given)'}; "
            f"known: {', '.join(sorted(SCOPES))}"
        )
    return scopes


def create_key(session: Session, *, name: str, scopes: tuple[str, ...]) -> str:
    """Store a new key and return it in clear: the only time it exists outside the caller."""
    if not _NAME_SHAPE.fullmatch(name):
        raise Unprocessable("a key name is 1-64 characters of [A-Za-z0-9._:@-]")
    if session.scalar(select(ApiKey.id).where(ApiKey.name == name)) is not None:
        raise KeyNameTaken(f"an API key named {name!r} exists; revoke it or pick another name")
    key_id = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(10))
    key = f"{KEY_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
    session.add(
        ApiKey(
            name=name,
            key_id=key_id,
            secret_hash=_digest(key),
            scopes=",".join(parse_scopes(",".join(scopes))),
            created_at=clock.now(),
        )
    )
    session.flush()
    return key


def list_keys(session: Session) -> list[KeyInfo]:
    rows = session.scalars(select(ApiKey).order_by(ApiKey.name))
    return [KeyInfo(r.name, tuple(r.scopes.split(",")), r.created_at, r.revoked_at) for r in rows]


def revoke_key(session: Session, *, name: str) -> None:
    row = session.scalar(select(ApiKey).where(ApiKey.name == name))
    if row is None:
        raise UnknownKeyName(f"no API key is named {name!r}")
    if row.revoked_at is None:
        row.revoked_at = clock.now()
    _cache.clear()


def lookup_caller(session: Session, key: str) -> Caller | None:
    match = _KEY_SHAPE.fullmatch(key)
    if match is None:
        return None
    row = session.scalar(
        select(ApiKey).where(ApiKey.key_id == match.group(1), ApiKey.revoked_at.is_(None))
    )
    if row is None or not hmac.compare_digest(row.secret_hash, _digest(key)):
        return None
    return Caller(row.name, frozenset(row.scopes.split(",")))


def key_id_of(key: str) -> str | None:
    """The public id part of a well-formed key (what a console session remembers)."""
    match = _KEY_SHAPE.fullmatch(key)
    return match.group(1) if match else None


def caller_by_key_id(session: Session, key_id: str) -> Caller | None:
    """The caller of a key that still exists and is not revoked, by its public id: a
    console session re-checks this on every request, so a revoked key signs it out."""
    row = session.scalar(select(ApiKey).where(ApiKey.key_id == key_id, ApiKey.revoked_at.is_(None)))
    return None if row is None else Caller(row.name, frozenset(row.scopes.split(",")))


class _KeyCache:
    """Per-process memory of recent look-ups, so a known key costs no query per request.

    A key revoked in this process is forgotten at once; one revoked in another process is
    honoured here for at most the configured number of seconds.
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[Caller, float]] = {}

    def get(self, key: str) -> Caller | None:
        entry = self._entries.get(_digest(key))
        if entry is None or entry[1] < time.monotonic():
            return None
        return entry[0]

    def put(self, key: str, caller: Caller, ttl: float) -> None:
        if ttl > 0:
            if len(self._entries) > 10_000:
                self._entries.clear()
            self._entries[_digest(key)] = (caller, time.monotonic() + ttl)

    def clear(self) -> None:
        self._entries.clear()


_cache = _KeyCache()


def cached_caller(key: str) -> Caller | None:
    return _cache.get(key)


def remember_caller(key: str, caller: Caller, ttl: float) -> None:
    _cache.put(key, caller, ttl)
