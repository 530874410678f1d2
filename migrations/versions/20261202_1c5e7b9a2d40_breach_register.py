"""the breach register (Art. 33, 34): breaches and who was told of each

Revision ID: 1c5e7b9a2d40
Revises: f3a9c8e2d1b7
Create Date: 2026-12-02 01:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import privacy_api.core.data.db

revision: str = "1c5e7b9a2d40"
down_revision: str | None = "f3a9c8e2d1b7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "breach",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("nature", sa.Text(), nullable=False),
        sa.Column("data_subject_categories", sa.JSON(), nullable=False),
        sa.Column("data_categories", sa.JSON(), nullable=False),
        sa.Column("approximate_subjects", sa.BigInteger(), nullable=True),
        sa.Column("approximate_records", sa.BigInteger(), nullable=True),
        sa.Column("likely_consequences", sa.Text(), nullable=True),
        sa.Column("measures", sa.Text(), nullable=True),
        sa.Column("contact_email", sa.String(length=320), nullable=False),
        sa.Column(
            "became_aware_at", privacy_api.core.data.db.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "authority_due_at", privacy_api.core.data.db.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("risk", sa.String(length=16), nullable=True),
        sa.Column("risk_reasoning", sa.Text(), nullable=True),
        sa.Column(
            "assessed_at", privacy_api.core.data.db.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "authority_notified_at",
            privacy_api.core.data.db.UTCDateTime(timezone=True),
            nullable=True,
        ),
        sa.Column("authority_reference", sa.String(length=200), nullable=True),
        sa.Column("authority_delay_reasons", sa.Text(), nullable=True),
        sa.Column(
            "subjects_notified_at",
            privacy_api.core.data.db.UTCDateTime(timezone=True),
            nullable=True,
        ),
        sa.Column("affected_filter", sa.JSON(), nullable=True),
        sa.Column("affected_subjects", sa.BigInteger(), nullable=True),
        sa.Column("affected_records", sa.BigInteger(), nullable=True),
        sa.Column(
            "affected_computed_at",
            privacy_api.core.data.db.UTCDateTime(timezone=True),
            nullable=True,
        ),
        sa.Column(
            "created_at", privacy_api.core.data.db.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column(
            "updated_at", privacy_api.core.data.db.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("closed_at", privacy_api.core.data.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_breach")),
    )
    with op.batch_alter_table("breach", schema=None) as batch_op:
        batch_op.create_index("ix_breach_status_due", ["status", "authority_due_at"], unique=False)

    op.create_table(
        "breach_notice",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("breach_id", sa.String(length=40), nullable=False),
        sa.Column("recipient_kind", sa.String(length=8), nullable=False),
        sa.Column("recipient_id", sa.String(length=128), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=True),
        sa.Column(
            "notified_at", privacy_api.core.data.db.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["breach_id"],
            ["breach.id"],
            name=op.f("fk_breach_notice_breach_id_breach"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_breach_notice")),
        sa.UniqueConstraint(
            "breach_id",
            "recipient_kind",
            "recipient_id",
            name=op.f("uq_breach_notice_breach_id_recipient_kind_recipient_id"),
        ),
    )


def downgrade() -> None:
    op.drop_table("breach_notice")
    with op.batch_alter_table("breach", schema=None) as batch_op:
        batch_op.drop_index("ix_breach_status_due")

    op.drop_table("breach")
