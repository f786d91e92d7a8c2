"""Core tables: cases, their transcript and audit trail, and the SMS outbox.

Revision ID: 0001_core
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision = "0001_core"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference", sa.String(16), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("urgency", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("occurred_text", sa.String(200), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=True),
        sa.Column("people_involved", sa.String(300), nullable=True),
        sa.Column("desired_outcome", sa.Text(), nullable=True),
        sa.Column("contact_phone", sa.String(20), nullable=True),
        sa.Column("contact_email", sa.String(254), nullable=True),
        sa.Column("contact_consent", sa.Boolean(), nullable=False),
        sa.Column("wants_callback", sa.Boolean(), nullable=False),
        sa.Column("triage_confidence", sa.Float(), nullable=True),
        sa.Column("assignee", sa.String(80), nullable=True),
        sa.Column("due_at", UTCDateTime(), nullable=True),
        sa.Column("resolution_note", sa.Text(), nullable=True),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("acknowledged_at", UTCDateTime(), nullable=True),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
        sa.UniqueConstraint("reference", name="uq_cases_reference"),
    )
    for column in ("status", "category", "urgency", "conversation_id", "created_at"):
        op.create_index(f"ix_cases_{column}", "cases", [column])

    op.create_table(
        "case_messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("sender", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("template_id", sa.String(80), nullable=True),
        sa.Column("template_version", sa.Integer(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_messages"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_case_messages_case_id_cases", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_case_messages_case_id", "case_messages", ["case_id"])

    op.create_table(
        "case_audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_audit"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_case_audit_case_id_cases", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_case_audit_case_id", "case_audit", ["case_id"])
    op.create_index("ix_case_audit_created_at", "case_audit", ["created_at"])

    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("purpose", sa.String(32), nullable=False),
        sa.Column("to_number", sa.String(20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("claimed_until", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.String(200), nullable=True),
        sa.Column("twilio_sid", sa.String(64), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_outbox_messages"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_outbox_messages_case_id_cases", ondelete="SET NULL"
        ),
    )
    op.create_index("ix_outbox_messages_case_id", "outbox_messages", ["case_id"])
    op.create_index("ix_outbox_messages_status", "outbox_messages", ["status"])
    op.create_index("ix_outbox_messages_next_attempt_at", "outbox_messages", ["next_attempt_at"])


def downgrade() -> None:
    op.drop_table("outbox_messages")
    op.drop_table("case_audit")
    op.drop_table("case_messages")
    op.drop_table("cases")
