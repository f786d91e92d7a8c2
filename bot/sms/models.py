"""Tables of the SMS channel. None of them holds a readable phone number or message text."""

from __future__ import annotations

from sqlalchemy import Column, String, Text

from bot.db.base import Base
from bot.db.types import UTCDateTime


class InboundMessageRow(Base):
    """One inbound Twilio message, by `MessageSid`.

    Inserted before anything else happens, so the primary key turns Twilio's retries of the same
    webhook into no-ops instead of duplicate conversation turns.
    """

    __tablename__ = "sms_inbound_messages"

    message_sid = Column(String(64), primary_key=True)
    phone_key = Column(String(64), nullable=False, index=True)
    received_at = Column(UTCDateTime, nullable=False)


class ContactRow(Base):
    """What the channel remembers about one texting number, keyed by `privacy.phones.phone_key`.

    `phone_ciphertext` is the E.164 number encrypted with a key derived from the installation
    secret: the outbox needs it to reply, nothing else may read it. `choices` is the JSON list of
    button payloads last offered as "Reply 1 for ...", so a later "1" maps to its payload.
    """

    __tablename__ = "sms_contacts"

    phone_key = Column(String(64), primary_key=True)
    phone_ciphertext = Column(Text, nullable=False)
    first_notice_at = Column(UTCDateTime, nullable=True)
    choices = Column(Text, nullable=True)
    created_at = Column(UTCDateTime, nullable=False)
    last_inbound_at = Column(UTCDateTime, nullable=False)
