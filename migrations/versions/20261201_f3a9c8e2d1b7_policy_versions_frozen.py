"""policy versions: text ids (a second publication on a day is "YYYY-MM-DD.2"), frozen texts

Revision ID: f3a9c8e2d1b7
Revises: c7a9e3f1d2b6
Create Date: 2026-12-01 23:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f3a9c8e2d1b7"
down_revision: str | None = "c7a9e3f1d2b6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_POLICY_TABLES = ("policy_version", "policy_acceptance", "policy_notification")


def _text_using(column: str) -> dict[str, str]:
    # PostgreSQL casts a DATE to its ISO text ("2024-06-17"), the id it was shown as;
    # SQLite stores dates as that text already.
    if op.get_bind().dialect.name == "postgresql":
        return {"postgresql_using": f"{column}::text"}
    return {}


def upgrade() -> None:
    for table in _POLICY_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                "version",
                existing_type=sa.Date(),
                type_=sa.String(length=16),
                existing_nullable=False,
                **_text_using("version"),
            )
    # Existing versions keep the register version they already name (published from the
    # register in force); they have no stored texts and render from that register version.
    with op.batch_alter_table("policy_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("texts", sa.JSON(), nullable=True))
    for table in ("consent_event", "consent_state"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                "policy_version",
                existing_type=sa.String(length=10),
                type_=sa.String(length=16),
                existing_nullable=False,
            )


def downgrade() -> None:
    # Only date ids go back to dates: a ".2" publication has no date form, so refuse.
    bind = op.get_bind()
    dotted = bind.execute(sa.text("SELECT count(*) FROM policy_version WHERE version LIKE '%.%'"))
    if dotted.scalar_one():
        raise RuntimeError("policy versions with a '.N' suffix cannot be stored as dates")
    for table in ("consent_event", "consent_state"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                "policy_version",
                existing_type=sa.String(length=16),
                type_=sa.String(length=10),
                existing_nullable=False,
            )
    with op.batch_alter_table("policy_version", schema=None) as batch_op:
        batch_op.drop_column("texts")
    if bind.dialect.name != "postgresql":
        # SQLite keeps a date as its ISO text whatever the column's declared type, and its
        # table copy would CAST '2024-06-17' to the number 2024: the text stays as it is.
        return
    for table in _POLICY_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            using = {"postgresql_using": "version::date"}
            batch_op.alter_column(
                "version",
                existing_type=sa.String(length=16),
                type_=sa.Date(),
                existing_nullable=False,
                **using,
            )
