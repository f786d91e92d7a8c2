"""SMS opt-outs, keyed by a keyed hash of the number.

Revision ID: 0002_optouts
Revises: 0001_core
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision = "0002_optouts"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_optouts",
        sa.Column("phone_key", sa.String(64), nullable=False),
        sa.Column("opted_out_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("phone_key", name="pk_sms_optouts"),
    )


def downgrade() -> None:
    op.drop_table("sms_optouts")
