"""records without subject fk (docs/decisions/0003)

Revision ID: c3d1e0f4a7b2
Revises: 6efedff2ac6e
Create Date: 2026-11-25 14:10:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c3d1e0f4a7b2"
down_revision: str | None = "6efedff2ac6e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("record", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_record_subject_id_subject"), type_="foreignkey")


def downgrade() -> None:
    with op.batch_alter_table("record", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_record_subject_id_subject"),
            "subject",
            ["subject_id"],
            ["subject_id"],
            ondelete="CASCADE",
        )
