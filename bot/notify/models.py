"""Tables owned by the notify concern: the outbox (every SMS the system means to send, written in
the same transaction as the change that caused it, and sent later by a worker so a Twilio outage
never loses a message), escalation timers, digest runs, manager commands and closing surveys."""

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


class EscalationTimerRow(Base):
    """A pending re-escalation: text the backup manager(s) at `due_at` unless acknowledged.

    Kept in the database, not in memory, so a worker restart loses no timer; a timer fires at
    most once because firing is a conditional UPDATE on `fired_at IS NULL`.
    """

    __tablename__ = "escalation_timers"

    id = Column(Integer, primary_key=True)
    case_id = Column(
        Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    due_at = Column(UTCDateTime, nullable=False, index=True)
    created_at = Column(UTCDateTime, nullable=False)
    fired_at = Column(UTCDateTime, nullable=True)
    cancelled_at = Column(UTCDateTime, nullable=True)


class DigestRunRow(Base):
    """One row per office-local day on which the overdue digest was produced (the primary key
    makes "once per day" hold even with several workers)."""

    __tablename__ = "digest_runs"

    office_date = Column(String(10), primary_key=True)
    ran_at = Column(UTCDateTime, nullable=False)
    overdue_count = Column(Integer, nullable=False)


class ManagerCommandRow(Base):
    """Every SMS command a manager sent, including STATUS and HELP, which touch no case."""

    __tablename__ = "manager_commands"

    id = Column(Integer, primary_key=True)
    actor = Column(String(32), nullable=False)
    command = Column(String(16), nullable=False)
    case_id = Column(
        Integer, ForeignKey("cases.id", ondelete="SET NULL"), nullable=True, index=True
    )
    outcome = Column(String(32), nullable=False)
    created_at = Column(UTCDateTime, nullable=False, index=True)


class ClosingSurveyRow(Base):
    """The closing message of a resolved case and its 1-5 satisfaction question.

    `recipient_key` is `privacy.phones.phone_key` of the patient's number for SMS, or
    `web:<conversation id>` for the widget, so the answer can be matched without storing the
    number again.
    `web_message` holds the text shown on the web patient's next visit.
    """

    __tablename__ = "closing_surveys"

    id = Column(Integer, primary_key=True)
    case_id = Column(
        Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False, index=True
    )
    recipient_key = Column(String(160), nullable=False, index=True)
    channel = Column(String(8), nullable=False)
    web_message = Column(Text, nullable=True)
    asked_at = Column(UTCDateTime, nullable=False)
    shown_at = Column(UTCDateTime, nullable=True)
    answered_at = Column(UTCDateTime, nullable=True)
    score = Column(Integer, nullable=True)
