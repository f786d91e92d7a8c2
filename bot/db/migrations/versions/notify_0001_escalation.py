"""Notify tables: escalation timers, digest runs, manager SMS commands, closing surveys.

Revision ID: notify_0001_escalation
Revises: 0002_optouts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision = "notify_0001_escalation"
down_revision = "0002_optouts"
branch_labels = ("notify",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "escalation_timers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("fired_at", UTCDateTime(), nullable=True),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_escalation_timers"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], ondelete="CASCADE",
            name="fk_escalation_timers_case_id_cases",
        ),
    )
    op.create_index("ix_escalation_timers_case_id", "escalation_timers", ["case_id"])
    op.create_index("ix_escalation_timers_due_at", "escalation_timers", ["due_at"])

    op.create_table(
        "digest_runs",
        sa.Column("office_date", sa.String(10), nullable=False),
        sa.Column("ran_at", UTCDateTime(), nullable=False),
        sa.Column("overdue_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("office_date", name="pk_digest_runs"),
    )

    op.create_table(
        "manager_commands",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(32), nullable=False),
        sa.Column("command", sa.String(16), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_manager_commands"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], ondelete="SET NULL",
            name="fk_manager_commands_case_id_cases",
        ),
    )
    op.create_index("ix_manager_commands_case_id", "manager_commands", ["case_id"])
    op.create_index("ix_manager_commands_created_at", "manager_commands", ["created_at"])

    op.create_table(
        "closing_surveys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("recipient_key", sa.String(160), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("web_message", sa.Text(), nullable=True),
        sa.Column("asked_at", UTCDateTime(), nullable=False),
        sa.Column("shown_at", UTCDateTime(), nullable=True),
        sa.Column("answered_at", UTCDateTime(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_closing_surveys"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], ondelete="CASCADE",
            name="fk_closing_surveys_case_id_cases",
        ),
    )
    op.create_index("ix_closing_surveys_case_id", "closing_surveys", ["case_id"])
    op.create_index("ix_closing_surveys_recipient_key", "closing_surveys", ["recipient_key"])


def downgrade() -> None:
    op.drop_table("closing_surveys")
    op.drop_table("manager_commands")
    op.drop_table("digest_runs")
    op.drop_table("escalation_timers")
