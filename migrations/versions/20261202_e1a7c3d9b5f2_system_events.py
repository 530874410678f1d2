"""downstream systems name the events they hear; a sequence per subject for their messages

Revision ID: e1a7c3d9b5f2
Revises: 7e2a4c9d1f53
Create Date: 2026-12-02 02:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e1a7c3d9b5f2"
down_revision: str | None = "7e2a4c9d1f53"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Systems registered before subscriptions existed were sent every order: they hear every
# event, as a new system does by default.
ALL_EVENTS = ["erasure", "rectification", "restriction", "objection", "consent"]


def upgrade() -> None:
    with op.batch_alter_table("downstream_system", schema=None) as batch_op:
        batch_op.add_column(sa.Column("events", sa.JSON(), nullable=True))
    systems = sa.table("downstream_system", sa.column("events", sa.JSON()))
    op.execute(systems.update().values(events=ALL_EVENTS))
    with op.batch_alter_table("downstream_system", schema=None) as batch_op:
        batch_op.alter_column("events", existing_type=sa.JSON(), nullable=False)
    op.create_table(
        "notice_sequence",
        sa.Column("subject_id", sa.String(length=128), nullable=False),
        sa.Column("last", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("subject_id", name=op.f("pk_notice_sequence")),
    )
    op.create_index(
        "ix_outbox_message_recipient_id", "outbox_message", ["recipient", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_message_recipient_id", table_name="outbox_message")
    op.drop_table("notice_sequence")
    with op.batch_alter_table("downstream_system", schema=None) as batch_op:
        batch_op.drop_column("events")
