"""console sessions ended by sign-out before their cookie expired

Revision ID: 7e2a4c9d1f53
Revises: a19f1ee7c0d3
Create Date: 2026-12-02 02:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import privacy_api.core.data.db

revision: str = "7e2a4c9d1f53"
down_revision: str | None = "a19f1ee7c0d3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "console_sign_out",
        sa.Column("session_mac", sa.String(length=64), nullable=False),
        sa.Column(
            "expires_at", privacy_api.core.data.db.UTCDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("session_mac", name=op.f("pk_console_sign_out")),
    )
    with op.batch_alter_table("console_sign_out", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_console_sign_out_expires_at"), ["expires_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("console_sign_out", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_console_sign_out_expires_at"))
    op.drop_table("console_sign_out")
