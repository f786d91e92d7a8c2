"""The outbox table: every SMS the system means to send, written in the same transaction as the
change that caused it, and sent later by a worker so a Twilio outage never loses a message."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Text

from bot.db.base import Base
from bot.db.types import UTCDateTime


class OutboxMessageRow(Base):
    """One queued SMS and its delivery state."""

    __tablename__ = "outbox_messages"

    id = Column(Integer, primary_key=True)
    case_id = Column(
        Integer, ForeignKey("cases.id", ondelete="SET NULL"), nullable=True, index=True
    )
    purpose = Column(String(32), nullable=False)
    to_number = Column(String(20), nullable=False)
    body = Column(Text, nullable=False)
    status = Column(String(16), nullable=False, index=True)
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(UTCDateTime, nullable=False, index=True)
    claimed_by = Column(String(64), nullable=True)
    claimed_until = Column(UTCDateTime, nullable=True)
    last_error = Column(String(200), nullable=True)
    twilio_sid = Column(String(64), nullable=True)
    created_at = Column(UTCDateTime, nullable=False)
    sent_at = Column(UTCDateTime, nullable=True)
