"""Settings from the environment: PRIVACY_API_* plus DATABASE_URL."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "PRIVACY_API_"
DEV_SECRET = "dev-only-secret-change-me-in-production"
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
        default=SecretStr(DEV_SECRET),
        min_length=16,
        description="Keys the e-mail look-up hash, IP hashes and signed tokens; set it in "
        "production (changing it invalidates look-ups and outstanding tokens)",
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
        default="http://127.0.0.1:8000", description="How people reach this service (links)"
    )
    unsubscribe_link_days: int = Field(default=60, gt=0)
    smtp_host: str = Field(default="127.0.0.1")
    smtp_port: int = Field(default=25, gt=0, lt=65536)
    smtp_security: Literal["none", "starttls", "ssl"] = "none"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_timeout_seconds: float = Field(default=10, gt=0)
    mail_from: str = Field(default="privacy@onetagger.com")
    retention_batch_size: int = Field(default=100_000, gt=0, description="Key range per batch")
    retention_interval_hours: float = Field(default=24, gt=0, description="Sweep schedule")
    worker_interval_seconds: float = Field(default=5, gt=0, description="Outbox polling")
    outbox_max_attempts: int = Field(default=10, gt=0)
    dsar_code_hours: int = Field(default=24, gt=0, description="Verification codes expire")
    dsar_code_attempts: int = Field(default=5, gt=0)
    idempotency_key_hours: int = Field(
        default=24,
        gt=0,
        description="An Idempotency-Key replays for this long; the retention sweep then "
        "deletes the response it kept",
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

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR")
        return level

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
        raise UnknownSettingError(
            f"unknown setting(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )


@lru_cache(maxsize=1)
def load_settings() -> Settings:
    reject_unknown_settings()
    return Settings()
