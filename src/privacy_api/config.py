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

    # The order here is the order of docs/configuration.md (`make docs`), and every
    # description is its text: a reader's words, Markdown allowed.
    database_url: str = Field(
        default="sqlite:///./privacy.db",
        validation_alias=AliasChoices("DATABASE_URL", f"{ENV_PREFIX}DATABASE_URL"),
        description="`sqlite:///path` or `postgresql+psycopg://user:pass@host/db` (psycopg 3)",
    )
    secret_key: SecretStr = Field(
        # Empty means unset: resolved after validation (required on PostgreSQL, generated
        # per install on SQLite). No value is built in: a published key is no key.
        default=SecretStr(""),
        description="At least 32 bytes (`python -c 'import secrets; "
        "print(secrets.token_urlsafe(48))'`); keys the e-mail look-up hash, IP hashes, "
        "verification codes, signed links and webhook secrets. Keep it (and back up the "
        "SQLite key file with the database): changing it invalidates look-ups, links and "
        "system secrets. There is no built-in value",
        json_schema_extra={
            "default_text": "required on PostgreSQL; on SQLite generated at first start into "
            "`<database file>.secret` (mode 0600) and reused"
        },
    )
    public_base_url: str = Field(
        default=DEFAULT_BASE_URL,
        description="How people reach this service (unsubscribe, download and policy links "
        "in mail); an absolute `http(s)` URL. Never taken from a request's `Host` header",
        json_schema_extra={
            "default_text": f"`serve`: the address it serves; other commands: `{DEFAULT_BASE_URL}`"
        },
    )
    cors_origins: tuple[str, ...] = Field(
        default=DEFAULT_ORIGINS,
        description="Browser origins allowed by CORS: the pages that call the API from "
        'another origin, e.g. `["http://127.0.0.1:5173"]` for a page in development',
    )
    webhook_private_hosts: tuple[str, ...] = Field(
        default=(),
        description="Host names webhooks may reach over plain `http` and on loopback or "
        'private addresses, e.g. `["127.0.0.1", "localhost"]` for development; every other '
        "`webhook_url` must be `https` and resolve only to public addresses",
    )
    max_body_bytes: int = Field(
        default=1024 * 1024,
        gt=0,
        description="Request body limit (413 beyond it, refused before it is read whole)",
    )
    max_batch_body_bytes: int = Field(
        default=32 * 1024 * 1024, gt=0, description="Body limit of `POST /v1/records/batch`"
    )
    max_header_bytes: int = Field(
        default=16 * 1024, gt=0, description="All request headers together (431 beyond it)"
    )
    header_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        le=600,
        description="A request's headers must be complete this long after its connection or "
        "first byte; otherwise 408 and the connection is closed (slowloris)",
    )
    max_record_data_bytes: int = Field(
        default=16 * 1024,
        gt=0,
        le=1024 * 1024,
        description="Size of one record's `data` as compact JSON in UTF-8 bytes (as a batch "
        "stores it)",
    )
    activity_future_skew_seconds: int = Field(
        default=300,
        ge=0,
        description="How far in the future an activity's `at` may be (clock skew)",
    )
    key_cache_seconds: float = Field(
        default=5.0,
        ge=0,
        description="How long a process trusts a looked-up API key; a key revoked by another "
        "process stops working within this time",
    )
    consent_rate_limit_per_minute: int = Field(
        default=120,
        ge=0,
        description="Public consent writes per client address (`0`: no limit); on PostgreSQL "
        "counted in the database for the whole deployment, on SQLite per process",
    )
    unsubscribe_link_days: int = Field(
        default=60, gt=0, description="Lifetime of one-click unsubscribe links"
    )
    dsar_code_hours: int = Field(
        default=24, gt=0, description="Lifetime of a rights request's verification code"
    )
    dsar_code_attempts: int = Field(
        default=5, gt=0, description="Wrong guesses per verification code"
    )
    dsar_code_failures: int = Field(
        default=10,
        gt=0,
        description="Wrong codes per request over all its codes; then no code is accepted "
        "(409 `dsar-code-locked`) until staff send a new one",
    )
    dsar_code_tries_per_address: int = Field(
        default=20,
        ge=0,
        description="Codes tried per mailbox (lower case, without `+tag`) and day over all "
        "its requests, counted in the database; beyond: 429 `dsar-code-tries-limited` with "
        "`Retry-After`, the code not compared (`0`: no limit)",
    )
    dsar_resends: int = Field(
        default=3,
        ge=0,
        description="New codes a person may ask for per request (then 409 "
        "`dsar-resends-exhausted`)",
    )
    dsar_resend_interval_seconds: int = Field(
        default=60,
        ge=0,
        description="Time between two codes of one request (429 with `Retry-After`)",
    )
    dsar_intake_window_seconds: int = Field(
        default=3600, gt=0, description="The fixed window the intake limits count in"
    )
    dsar_intake_per_email: int = Field(
        default=5,
        ge=0,
        description="Requests per mailbox (lower case, without `+tag`) and intake window, "
        "counted in the database (across processes and restarts) by one statement before "
        "the request's transaction, so a refused or failed attempt counts too; beyond: 429 "
        "with `Retry-After`, nothing else stored (`0`: no limit)",
    )
    dsar_intake_per_client: int = Field(
        default=1000,
        ge=0,
        description="Requests per API key and intake window, counted as per mailbox "
        "(`0`: no limit)",
    )
    centre_mail_per_client: int = Field(
        default=20,
        ge=0,
        description="Requests of the public privacy centre that send mail to a person (a new "
        "request's code, a new code) per client address (IPv6: its /64) and intake window, "
        "counted atomically in the database for the whole deployment; beyond: 429 with "
        "`Retry-After` and a page saying so, nothing stored or sent (`0`: no limit). The "
        "API key's `PRIVACY_API_DSAR_INTAKE_PER_CLIENT` is sized for a whole front end, not "
        "for one browser",
    )
    idempotency_key_hours: int = Field(
        default=24,
        gt=0,
        description="How long an `Idempotency-Key` replays; the next retention sweep deletes "
        "the response kept for it",
    )
    smtp_host: str | None = Field(
        default=None,
        description="Mail server. Unset: mail is written to `PRIVACY_API_MAIL_DIR` instead "
        "(development)",
    )
    smtp_port: int = Field(default=25, gt=0, lt=65536, description="Mail server port")
    smtp_security: Literal["none", "starttls", "ssl"] = Field(
        default="none", description="How the connection to the mail server is secured"
    )
    smtp_username: str | None = Field(default=None, description="Mail server user name")
    smtp_password: SecretStr | None = Field(default=None, description="Mail server password")
    smtp_timeout_seconds: float = Field(
        default=10, gt=0, description="How long to wait for the mail server"
    )
    mail_from: str = Field(default="privacy@onetagger.com", description="Sender of every e-mail")
    mail_dir: Path = Field(
        default=Path("mail"),
        description="Where mail goes while no SMTP host is set (development): one `.eml` "
        "file per message, owner-only, in 8-bit UTF-8 text; `privacy-api mail last` prints "
        "the newest. A file goes when its message's text is purged",
    )
    outbox_max_attempts: int = Field(
        default=10,
        gt=0,
        description="Deliveries tried (with exponential backoff and jitter) before a message "
        "is given up (see Dead letters in docs/operations.md)",
    )
    worker_interval_seconds: float = Field(
        default=5,
        gt=0,
        description="How often the worker (or `serve --with-scheduler`) delivers the outbox",
    )
    retention_interval_hours: float = Field(
        default=24, gt=0, description="How often the worker sweeps"
    )
    retention_max_share: float = Field(
        default=0.25,
        gt=0,
        le=1,
        description="A sweep due to take more than this share of all live subjects or of all "
        "live records stops before changing anything until confirmed with its count "
        "(`1`: never)",
    )
    retention_batch_size: int = Field(
        default=100_000,
        gt=0,
        description="Primary-key range of one sweep batch (one transaction each)",
    )
    export_max_concurrent: int = Field(
        default=4,
        gt=0,
        description="Packages (ZIP: `/export`, a request's package, the package link) streamed "
        "at once per process; each holds a thread and a database connection while its reader "
        "reads. Beyond: 503 `exports-busy` with `Retry-After`, nothing handed out or audited",
    )
    export_max_seconds: float = Field(
        default=600,
        gt=0,
        le=86400,
        description="A package download is cut off after this long in all (the connection "
        "closes mid-body, so the download is visibly incomplete), however its reader reads; "
        "a reader that takes nothing for two minutes is cut off sooner",
    )
    db_pool_size: int = Field(
        default=10,
        gt=0,
        description="Connections per process (and as many overflow); also how many requests "
        "hold a session at once",
    )
    db_hot_pool_size: int = Field(
        default=20,
        gt=0,
        description="PostgreSQL connections per process for the hot paths (consent, activity "
        "pings, DSAR intake, records)",
    )
    db_connect_timeout_seconds: int = Field(
        default=3,
        gt=0,
        description="How long to wait for the database before answering 503",
    )
    log_level: str = Field(default="INFO", description="`DEBUG`, `INFO`, `WARNING` or `ERROR`")
    access_log: bool = Field(
        default=False,
        description="One JSON log line per request (route template, status, time; no ids or "
        "bodies); off by default, the ingress logs requests",
    )
    audit_signing_key_file: Path | None = Field(
        default=None,
        description="Ed25519 private key (unencrypted PEM, e.g. from `privacy-api audit keygen "
        "FILE`, or 32 raw bytes) that signs audit checkpoints. Keep it off the database host "
        "and out of the database admin's reach; a path that is not a file stops start-up. "
        "On PostgreSQL without it, no checkpoint is made and `audit verify` warns",
        json_schema_extra={
            "default_text": "SQLite: `<database file>.audit-key`, made at first need; "
            "PostgreSQL: none"
        },
    )
    audit_checkpoint_interval_hours: float = Field(
        default=1,
        gt=0,
        description="How often the worker signs the audit chain's head; `audit verify` warns "
        "when the newest checkpoint is older than twice this",
    )
    ops_email: str | None = Field(
        default=None,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="Where the operations digest goes (rights requests overdue and due within "
        "7 days, with their ids and due dates, dead messages, open breaches); unset: no digest",
    )
    ops_digest_interval_hours: float = Field(
        default=24, gt=0, description="How often the operations digest is sent"
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
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"{name}: unknown setting{hint}; every setting is in docs/configuration.md"


@lru_cache(maxsize=1)
def load_settings() -> Settings:
    reject_unknown_settings()
    return Settings()
