"""rights requests name the register's property they concern (site, app, help)

Revision ID: 3b8d5e2f7a61
Revises: e1a7c3d9b5f2
Create Date: 2026-12-02 03:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3b8d5e2f7a61"
down_revision: str | None = "e1a7c3d9b5f2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Nullable, no backfill: older tickets named no property (the centre's sat in details,
# which is not copied: a request's details are the person's words, not a column's source).
def upgrade() -> None:
    with op.batch_alter_table("dsar_ticket", schema=None) as batch_op:
        batch_op.add_column(sa.Column("property", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dsar_ticket", schema=None) as batch_op:
        batch_op.drop_column("property")
