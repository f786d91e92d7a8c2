"""Flood limits: per-sender message counters shared by every replica (bot/channels/limits.py).

Revision ID: limits_0001_flood_counters
Revises: 0002_optouts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "limits_0001_flood_counters"
down_revision = "0002_optouts"
branch_labels = ("limits",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "flood_counters",
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("window_start", sa.BigInteger(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key", "window_start", name="pk_flood_counters"),
    )
    op.create_index("ix_flood_counters_expires_at", "flood_counters", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_flood_counters_expires_at", table_name="flood_counters")
    op.drop_table("flood_counters")
