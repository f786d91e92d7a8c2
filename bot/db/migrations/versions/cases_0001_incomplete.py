"""Cases opened at the first urgent message carry an `incomplete` flag until the intake ends.

Revision ID: cases_0001_incomplete
Revises: 0002_optouts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "cases_0001_incomplete"
down_revision = "0002_optouts"
branch_labels = ("cases",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(
            sa.Column("incomplete", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("incomplete")
