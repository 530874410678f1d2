"""Settings from the environment: PRIVACY_API_* plus DATABASE_URL."""

from __future__ import annotations

import difflib
import os
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from privacy_api.core.security.keyfile import MIN_SECRET_BYTES, sqlite_secret

ENV_PREFIX = "PRIVACY_API_"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
DEFAULT_ORIGINS = (
    "https://onetagger.com",
    "https://app.onetagger.com",
    "https://help.onetagger.com",
)


class UnknownSettingError(ValueError):
    """An environment variable with our prefix that no setting reads: almost always a typo."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid", frozen=True)

    database_url: str = Field(
        default="sqlite:///./privacy.db",
        validation_alias=AliasChoices("DATABASE_URL", f"{ENV_PREFIX}DATABASE_URL"),
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db",
    )
    max_body_bytes: int = Field(default=1024 * 1024, gt=0, description="Request body limit")
    max_header_bytes: int = Field(
        default=16 * 1024, gt=0, description="Limit on all request headers together (431)"
    )
    max_batch_body_bytes: int = Field(
        default=32 * 1024 * 1024, gt=0, description="Body limit of the records batch endpoint"
    )
    key_cache_seconds: float = Field(
        default=5.0,
        ge=0,
        description="How long a process trusts a looked-up API key before asking the database",
    )
    secret_key: SecretStr = Field(
        # Empty means unset: resolved after validation (required on PostgreSQL, generated
        # per install on SQLite). No value is built in: a published key is no key.
        default=SecretStr(""),
        description="Keys the e-mail look-up hash, IP hashes, signed tokens and webhook "
        "secrets; required on PostgreSQL (changing it invalidates look-ups, links and "
        "system secrets)",
    )
    max_record_data_bytes: int = Field(default=16 * 1024, gt=0, le=1024 * 1024)
    activity_future_skew_seconds: int = Field(default=300, ge=0)
    header_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        le=600,
        description="A request's headers must be complete this long after it began (408)",
    )
    consent_rate_limit_per_minute: int = Field(
        default=120, ge=0, description="Public consent writes per client address (0: no limit)"
    )
    public_base_url: str = Field(
        default=DEFAULT_BASE_URL,
        description="How people reach this service (links in mail); `serve` without it uses "
        "the address it serves",
    )
    unsubscribe_link_days: int = Field(default=60, gt=0)
    smtp_host: str | None = Field(
        default=None, description="Mail server; unset, mail is written to mail_dir instead"
    )
    mail_dir: Path = Field(
        default=Path("mail"),
        description="Where mail goes as .eml files while no SMTP host is set (development)",
    )
    smtp_port: int = Field(default=25, gt=0, lt=65536)
    smtp_security: Literal["none", "starttls", "ssl"] = "none"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_timeout_seconds: float = Field(default=10, gt=0)
    mail_from: str = Field(default="privacy@onetagger.com")
    retention_batch_size: int = Field(default=100_000, gt=0, description="Key range per batch")
    retention_interval_hours: float = Field(default=24, gt=0, description="Sweep schedule")
    retention_max_share: float = Field(
        default=0.25,
        gt=0,
        le=1,
        description="A sweep due to take more than this share of all subjects or of all "
        "records stops until confirmed with its count (1: never)",
    )
    worker_interval_seconds: float = Field(default=5, gt=0, description="Outbox polling")
    outbox_max_attempts: int = Field(default=10, gt=0)
    dsar_code_hours: int = Field(default=24, gt=0, description="Verification codes expire")
    dsar_code_attempts: int = Field(default=5, gt=0, description="Wrong guesses per code")
    dsar_code_failures: int = Field(
        default=10,
        gt=0,
        description="Wrong codes per request over all its codes; then only staff can go on",
    )
    dsar_code_tries_per_address: int = Field(
        default=20,
        ge=0,
        description="Codes tried per mailbox and day over all its requests (0: no limit)",
    )
    dsar_resends: int = Field(default=3, ge=0, description="New codes a person may ask for")
    dsar_resend_interval_seconds: int = Field(
        default=60, ge=0, description="Minimum time between two codes of one request"
    )
    dsar_intake_window_seconds: int = Field(
        default=3600, gt=0, description="The window the intake limits count in"
    )
    dsar_intake_per_email: int = Field(
        default=5, ge=0, description="Requests per e-mail address and window (0: no limit)"
    )
    dsar_intake_per_client: int = Field(
        default=1000, ge=0, description="Requests per API key and window (0: no limit)"
    )
    centre_mail_per_client: int = Field(
        default=20,
        ge=0,
        description="Requests of the public privacy centre that send mail to a person (a new "
        "request, a new code) per client address and intake window (0: no limit)",
    )
    idempotency_key_hours: int = Field(
        default=24,
        gt=0,
        description="An Idempotency-Key replays for this long; the retention sweep then "
        "deletes the response it kept",
    )
    export_max_concurrent: int = Field(
        default=4,
        gt=0,
        description="Packages (ZIP) streamed at once per process, each holding a thread and a "
        "database connection; beyond: 503 with Retry-After",
    )
    export_max_seconds: float = Field(
        default=600,
        gt=0,
        le=86400,
        description="A package download is cut off after this long in all, however its "
        "reader reads",
    )
    db_pool_size: int = Field(default=10, gt=0)
    db_hot_pool_size: int = Field(
        default=20,
        gt=0,
        description=(
            "PostgreSQL connections for the hot paths (consent, activity, DSAR intake, "
            "records), per process"
        ),
    )
    db_connect_timeout_seconds: int = Field(default=3, gt=0)
    log_level: str = Field(default="INFO")
    access_log: bool = Field(
        default=False,
        description="One JSON log line per request (off by default: the ingress logs requests)",
    )
    cors_origins: tuple[str, ...] = Field(default=DEFAULT_ORIGINS)
    audit_signing_key_file: Path | None = Field(
        default=None,
        description="Ed25519 private key (PEM or 32 raw bytes) that signs audit checkpoints; "
        "kept outside the database. Unset: a file beside an SQLite database, none on PostgreSQL",
    )
    audit_checkpoint_interval_hours: float = Field(
        default=1, gt=0, description="How often the worker signs the audit chain's head"
    )
    ops_email: str | None = Field(
        default=None,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="Where the daily operations digest goes (overdue and due requests, "
        "dead messages); unset: no digest",
    )
    ops_digest_interval_hours: float = Field(
        default=24, gt=0, description="How often the operations digest is sent"
    )
    webhook_private_hosts: tuple[str, ...] = Field(
        default=(),
        description="Host names webhooks may reach over plain http and on loopback or "
        "private addresses (development and tests); every other webhook_url must be https "
        "to public addresses",
    )

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR")
        return level

    @field_validator("smtp_host")
    @classmethod
    def _blank_host_is_unset(cls, value: str | None) -> str | None:
        # An empty variable, as compose files write it, means no mail server.
        return value.strip() or None if value is not None else None

    @field_validator("public_base_url")
    @classmethod
    def _absolute_http_url(cls, value: str) -> str:
        if not value.strip():
            return DEFAULT_BASE_URL  # empty is unset, as compose files write it
        # urlsplit drops tabs and line breaks before it judges, so look at the value itself:
        # it is pasted into mail bodies and headers (List-Unsubscribe) as it is.
        if any(c.isspace() or not c.isprintable() or c in '"<>\\`{}|^' for c in value.strip()):
            raise ValueError("must carry no spaces, control characters, quotes or brackets")
        value = value.strip()
        parts = urlsplit(value)
        try:
            parts.port  # noqa: B018 - raises for a port out of range or not a number
        except ValueError:
            raise ValueError("must carry a valid port, if any") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an absolute http(s) URL, e.g. https://privacy.example.com")
        if parts.query or parts.fragment or parts.username or parts.password:
            raise ValueError("must carry no query, fragment, user name or password")
        return value.rstrip("/")

    @field_validator("audit_signing_key_file")
    @classmethod
    def _key_file_exists(cls, value: Path | None) -> Path | None:
        # A mistyped path must not quietly become a new key: checkpoints signed by it would
        # not verify under the key the auditors hold.
        if value is not None and not value.is_file():
            raise ValueError(f"{value} is not a file")
        return value

    @field_validator("secret_key")
    @classmethod
    def _strong_secret(cls, value: SecretStr) -> SecretStr:
        # Empty is unset (an empty variable, as shells and compose files write it).
        if value.get_secret_value() and len(value.get_secret_value().encode()) < MIN_SECRET_BYTES:
            raise ValueError(
                f"PRIVACY_API_SECRET_KEY must be at least {MIN_SECRET_BYTES} bytes; generate "
                "one with `python -c 'import secrets; print(secrets.token_urlsafe(48))'`"
            )
        return value

    @model_validator(mode="after")
    def _resolve_secret(self) -> Settings:
        if self.secret_key.get_secret_value():
            return self
        if not self.database_url.startswith("sqlite:"):
            raise ValueError(
                "PRIVACY_API_SECRET_KEY is required when DATABASE_URL is PostgreSQL: set it "
                f"to at least {MIN_SECRET_BYTES} random bytes, e.g. "
                "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`, and keep it"
            )
        # The model is frozen to callers; this is its own construction, not a change.
        object.__setattr__(self, "secret_key", SecretStr(sqlite_secret(self.database_url)))
        return self

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        if not value.startswith(("sqlite:", "postgresql")):
            raise ValueError("only sqlite:/// and postgresql+psycopg:// URLs are supported")
        if value.startswith("postgresql:") or value.startswith("postgresql+psycopg2"):
            raise ValueError("use the psycopg 3 driver: postgresql+psycopg://...")
        return value


def reject_unknown_settings(environ: dict[str, str] | None = None) -> None:
    env = os.environ if environ is None else environ
    known = {f"{ENV_PREFIX}{name}".upper() for name in Settings.model_fields}
    unknown = sorted(k for k in env if k.upper().startswith(ENV_PREFIX) and k.upper() not in known)
    if unknown:
        raise UnknownSettingError("; ".join(_unknown(name, known) for name in unknown))


def _unknown(name: str, known: set[str]) -> str:
    close = difflib.get_close_matches(name.upper(), known, n=1)
    hint = f" (did you mean {close[0]}?)" if close else " (see the README's Configuration)"
    return f"{name}: unknown setting{hint}"


@lru_cache(maxsize=1)
def load_settings() -> Settings:
    reject_unknown_settings()
    return Settings()
