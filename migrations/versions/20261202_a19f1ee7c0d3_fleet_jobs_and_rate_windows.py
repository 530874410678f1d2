"""fleet: job runs claimed once per interval, leases, deployment-wide rate windows

Revision ID: a19f1ee7c0d3
Revises: 1c5e7b9a2d40
Create Date: 2026-12-02 02:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from privacy_api.core.data.db import UTCDateTime

revision: str = "a19f1ee7c0d3"
down_revision: str | None = "1c5e7b9a2d40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_run",
        sa.Column("job", sa.String(64), nullable=False),
        sa.Column("slot", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("claimed_by", sa.String(128), nullable=False),
        sa.Column("claimed_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("job", "slot"),
    )
    op.create_table(
        "job_lease",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("holder", sa.String(128), nullable=False),
        sa.Column("expires_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "rate_window",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("window_started_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_rate_window_window_started_at", "rate_window", ["window_started_at"])


def downgrade() -> None:
    op.drop_index("ix_rate_window_window_started_at", table_name="rate_window")
    op.drop_table("rate_window")
    op.drop_table("job_lease")
    op.drop_table("job_run")
