"""SMS channel: inbound idempotency on MessageSid and protected per-number contact state.

Revision ID: sms_0001_channel
Revises: 0002_optouts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bot.db.types import UTCDateTime

revision = "sms_0001_channel"
down_revision = "0002_optouts"
branch_labels = ("sms",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_inbound_messages",
        sa.Column("message_sid", sa.String(64), nullable=False),
        sa.Column("phone_key", sa.String(64), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("message_sid", name="pk_sms_inbound_messages"),
    )
    op.create_index(
        "ix_sms_inbound_messages_phone_key", "sms_inbound_messages", ["phone_key"]
    )
    op.create_table(
        "sms_contacts",
        sa.Column("phone_key", sa.String(64), nullable=False),
        sa.Column("phone_ciphertext", sa.Text(), nullable=False),
        sa.Column("first_notice_at", UTCDateTime(), nullable=True),
        sa.Column("choices", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_inbound_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("phone_key", name="pk_sms_contacts"),
    )


def downgrade() -> None:
    op.drop_table("sms_contacts")
    op.drop_index("ix_sms_inbound_messages_phone_key", table_name="sms_inbound_messages")
    op.drop_table("sms_inbound_messages")
