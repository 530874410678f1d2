"""rights requests: how the subject was linked, code counters over the ticket's life, and
intake counts per address and client

Revision ID: b4d9e1f27a3c
Revises: 5b8e0c41d7a3
Create Date: 2026-12-01 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from privacy_api.core.data.db import UTCDateTime

revision: str = "b4d9e1f27a3c"
down_revision: str | None = "5b8e0c41d7a3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dsar_ticket", schema=None) as batch_op:
        # Tickets linked before this migration are treated as linked by e-mail, so
        # fulfilment re-checks them: the safe side for links an attacker may have made.
        batch_op.add_column(sa.Column("subject_link", sa.String(length=8), nullable=True))
        batch_op.add_column(
            sa.Column("code_failures", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("code_resends", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("code_sent_at", UTCDateTime(timezone=True), nullable=True))
    op.execute("UPDATE dsar_ticket SET subject_link = 'email' WHERE subject_id IS NOT NULL")
    op.create_table(
        "dsar_intake_count",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("window_started_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_dsar_intake_count")),
    )


def downgrade() -> None:
    op.drop_table("dsar_intake_count")
    with op.batch_alter_table("dsar_ticket", schema=None) as batch_op:
        batch_op.drop_column("code_sent_at")
        batch_op.drop_column("code_resends")
        batch_op.drop_column("code_failures")
        batch_op.drop_column("subject_link")
