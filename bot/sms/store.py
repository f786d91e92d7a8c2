"""Database operations of the SMS channel, each run inside the caller's transaction.

Phone numbers are kept only as `privacy.phones.phone_key` (for lookups) and as Fernet ciphertext (to
reply); the cipher is derived from the installation secret by `stores.fernet_for`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import List, Optional, Sequence

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.sms.models import ContactRow, InboundMessageRow

FERNET_PURPOSE = "sms-contact"


@dataclass(frozen=True)
class Choice:
    """A button offered by SMS as "Reply N for <title>"."""

    title: str
    payload: str


def record_inbound(session: Session, message_sid: str, key: str, now: datetime) -> None:
    """Insert the message's row; the flush raises `IntegrityError` when Twilio repeats a SID."""
    session.add(InboundMessageRow(message_sid=message_sid, phone_key=key, received_at=now))
    session.flush()


def is_recorded(session: Session, message_sid: str) -> bool:
    """True when a message with this SID was already accepted."""
    return session.get(InboundMessageRow, message_sid) is not None


def remember_contact(
    session: Session, key: str, phone: str, fernet: Fernet, now: datetime
) -> ContactRow:
    """Create or refresh the contact row that holds the encrypted number behind `key`."""
    row = session.get(ContactRow, key)
    if row is None:
        row = ContactRow(
            phone_key=key,
            phone_ciphertext=fernet.encrypt(phone.encode()).decode(),
            created_at=now,
            last_inbound_at=now,
        )
        session.add(row)
    else:
        row.last_inbound_at = now
    session.flush()
    return row


def number_for(session: Session, key: str, fernet: Fernet) -> Optional[str]:
    """The E.164 number behind a keyed SMS sender id, or None when unknown or unreadable."""
    row = session.get(ContactRow, key)
    if row is None:
        return None
    try:
        return fernet.decrypt(str(row.phone_ciphertext).encode()).decode()
    except InvalidToken:
        return None


def claim_first_notice(session: Session, key: str, now: datetime) -> bool:
    """Mark the first-contact notice as sent; True only for the one caller that marked it.

    A conditional UPDATE rather than read-then-write, so two turns of the same new number running
    at once cannot both send the notice.
    """
    result = session.execute(
        update(ContactRow)
        .where(ContactRow.phone_key == key, ContactRow.first_notice_at.is_(None))
        .values(first_notice_at=now)
    )
    return bool(result.rowcount)


def offered_choices(session: Session, key: str) -> List[Choice]:
    """The numbered choices last offered to this number (empty when none)."""
    raw = session.execute(select(ContactRow.choices).where(ContactRow.phone_key == key)).scalar()
    if not raw:
        return []
    return [Choice(title=item["title"], payload=item["payload"]) for item in json.loads(raw)]


def offer_choices(session: Session, key: str, choices: Sequence[Choice]) -> None:
    """Replace the offered choices (an empty sequence clears them)."""
    value = (
        json.dumps([{"title": c.title, "payload": c.payload} for c in choices]) if choices else None
    )
    session.execute(update(ContactRow).where(ContactRow.phone_key == key).values(choices=value))
