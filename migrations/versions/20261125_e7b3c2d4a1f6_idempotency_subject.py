"""idempotency records name the subject their response is about

Revision ID: e7b3c2d4a1f6
Revises: d5e2a1b9c4f0
Create Date: 2026-11-25 19:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e7b3c2d4a1f6"
down_revision: str | None = "d5e2a1b9c4f0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("idempotency_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subject_id", sa.String(length=128), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_idempotency_record_subject_id"), ["subject_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("idempotency_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotency_record_subject_id"))
        batch_op.drop_column("subject_id")
