"""breach notices wait for a second key; the authority's notification keeps the server's time

Revision ID: 4f2b8e6c1a90
Revises: 3b8d5e2f7a61
Create Date: 2026-12-07 23:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import privacy_api.core.data.db

revision: str = "4f2b8e6c1a90"
down_revision: str | None = "3b8d5e2f7a61"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("breach", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "authority_recorded_at",
                privacy_api.core.data.db.UTCDateTime(timezone=True),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("authority_earlier_reason", sa.Text(), nullable=True))
    op.create_table(
        "breach_subject_notice",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("breach_id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("message", sa.JSON(), nullable=False),
        sa.Column("affected_filter", sa.JSON(), nullable=False),
        sa.Column("requested_by", sa.String(length=128), nullable=False),
        sa.Column(
            "requested_at", privacy_api.core.data.db.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("decided_by", sa.String(length=128), nullable=True),
        sa.Column("decided_at", privacy_api.core.data.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("refusal_reason", sa.Text(), nullable=True),
        sa.Column("mailed", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["breach_id"],
            ["breach.id"],
            name=op.f("fk_breach_subject_notice_breach_id_breach"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_breach_subject_notice")),
    )
    op.create_index(
        "ix_breach_subject_notice_breach_status",
        "breach_subject_notice",
        ["breach_id", "status"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_breach_subject_notice_breach_status", table_name="breach_subject_notice")
    op.drop_table("breach_subject_notice")
    with op.batch_alter_table("breach", schema=None) as batch_op:
        batch_op.drop_column("authority_earlier_reason")
        batch_op.drop_column("authority_recorded_at")
