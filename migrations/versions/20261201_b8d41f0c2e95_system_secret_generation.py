"""downstream systems: a signing-secret generation, rotated with a 24 h overlap

Revision ID: b8d41f0c2e95
Revises: b4d9e1f27a3c
Create Date: 2026-12-01 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import privacy_api.core.data.db

revision: str = "b8d41f0c2e95"
down_revision: str | None = "b4d9e1f27a3c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing systems stay at generation 0, whose derivation is the one they were given.
    with op.batch_alter_table("downstream_system", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("secret_generation", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "previous_generation_until",
                privacy_api.core.data.db.UTCDateTime(timezone=True),
                nullable=True,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("downstream_system", schema=None) as batch_op:
        batch_op.drop_column("previous_generation_until")
        batch_op.drop_column("secret_generation")
