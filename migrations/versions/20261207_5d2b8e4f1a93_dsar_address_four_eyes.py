"""four eyes on a staff-linked request's other address (issue 28)

Revision ID: 5d2b8e4f1a93
Revises: 4f2b8e6c1a90
Create Date: 2026-12-07 23:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d2b8e4f1a93"
down_revision: str | None = "4f2b8e6c1a90"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Older tickets start unflagged: fulfilment and the package link compare the addresses
# again, so a staff-linked ticket whose address differs is flagged when it is next used.
def upgrade() -> None:
    with op.batch_alter_table("dsar_ticket", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("address_differs", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("address_decision", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("address_decided_by", sa.String(length=128), nullable=True))
        batch_op.add_column(
            sa.Column("address_decided_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("dsar_ticket", schema=None) as batch_op:
        batch_op.drop_column("address_decided_at")
        batch_op.drop_column("address_decided_by")
        batch_op.drop_column("address_decision")
        batch_op.drop_column("address_differs")
