"""SQLAlchemy tables owned by the cases concern. Only the repository touches them."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    false,
)

from bot.db.base import Base
from bot.db.types import UTCDateTime


class CaseRow(Base):
    """One complaint as filed by a patient and worked by the office."""

    __tablename__ = "cases"

    id = Column(Integer, primary_key=True)
    reference = Column(String(16), unique=True, nullable=True)
    status = Column(String(16), nullable=False, index=True)
    category = Column(String(32), nullable=False, index=True)
    urgency = Column(String(16), nullable=False, index=True)
    channel = Column(String(8), nullable=False)
    conversation_id = Column(String(128), nullable=False, index=True)
    description = Column(Text, nullable=False)
    occurred_text = Column(String(200), nullable=True)
    occurred_on = Column(Date, nullable=True)
    people_involved = Column(String(300), nullable=True)
    desired_outcome = Column(Text, nullable=True)
    contact_phone = Column(String(20), nullable=True)
    contact_email = Column(String(254), nullable=True)
    contact_consent = Column(Boolean, nullable=False, default=False)
    wants_callback = Column(Boolean, nullable=False, default=False)
    triage_confidence = Column(Float, nullable=True)
    # Opened at the first urgent message and still waiting for the patient to confirm the
    # intake (`CaseService.open_draft`); a patient who stops answering leaves it so.
    incomplete = Column(Boolean, nullable=False, default=False, server_default=false())
    assignee = Column(String(80), nullable=True)
    due_at = Column(UTCDateTime, nullable=True)
    resolution_note = Column(Text, nullable=True)
    satisfaction = Column(Integer, nullable=True)
    created_at = Column(UTCDateTime, nullable=False, index=True)
    updated_at = Column(UTCDateTime, nullable=False)
    acknowledged_at = Column(UTCDateTime, nullable=True)
    resolved_at = Column(UTCDateTime, nullable=True)
    closed_at = Column(UTCDateTime, nullable=True)


class CaseMessageRow(Base):
    """One line of the conversation kept with the case, with the template that produced it."""

    __tablename__ = "case_messages"

    id = Column(Integer, primary_key=True)
    case_id = Column(
        Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    sender = Column(String(16), nullable=False)
    text = Column(Text, nullable=False)
    template_id = Column(String(80), nullable=True)
    template_version = Column(Integer, nullable=True)
    sent_at = Column(UTCDateTime, nullable=False)


class CaseAuditRow(Base):
    """Who did what to a case and when: creation, views, status changes, notes, SMS commands."""

    __tablename__ = "case_audit"

    id = Column(Integer, primary_key=True)
    case_id = Column(
        Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    action = Column(String(32), nullable=False)
    actor = Column(String(80), nullable=False)
    detail = Column(Text, nullable=True)
    created_at = Column(UTCDateTime, nullable=False, index=True)
