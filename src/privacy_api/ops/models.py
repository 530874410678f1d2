"""Job runs: one row per (job, interval slot), claimed by the first scheduler that inserts it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from privacy_api.core.data.db import Base, UTCDateTime


class JobRun(Base):
    """The primary key is the coordination: any number of schedulers (workers, servers run
    `--with-scheduler`) try to insert (job, slot) and only the one that inserted runs it."""

    __tablename__ = "job_run"

    job: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Which interval: floor(seconds since the epoch / the job's interval), so every process
    # agrees on it by the clock alone.
    slot: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    claimed_by: Mapped[str] = mapped_column(String(128))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # "ok" or "failed" and what the job reported (counts, never personal data).
    outcome: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class JobLease(Base):
    """A named lease held by one process at a time (where PostgreSQL's advisory locks are not
    at hand: SQLite). Ends at `expires_at`, or earlier when its holder's process has died."""

    __tablename__ = "job_lease"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))  # "host:pid:nonce"
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
