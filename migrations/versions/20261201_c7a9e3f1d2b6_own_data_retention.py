"""the service's own personal data: message expiry, the first erasure's report

Revision ID: c7a9e3f1d2b6
Revises: b8d41f0c2e95
Create Date: 2026-12-01 23:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import privacy_api.core.data.db

revision: str = "c7a9e3f1d2b6"
down_revision: str | None = "b8d41f0c2e95"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # When a code or link in a message stops working: its text is purged after delivery
    # and this instant. Existing messages have none and go by the register's period.
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "expires_at", privacy_api.core.data.db.UTCDateTime(timezone=True), nullable=True
            )
        )
    # A repeated erasure answers the facts of the first one.
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erasure_report", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.drop_column("erasure_report")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("expires_at")
