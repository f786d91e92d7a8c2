"""SMS opt-outs (STOP / START), kept by the SMS channel. Every sender consults them before
sending anything (`bot.notify.store` checks each outbox message)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, String
from sqlalchemy.orm import Session

from bot.db.base import Base
from bot.db.types import UTCDateTime


class OptOutRow(Base):
    """A number that asked not to be texted, keyed by `privacy.phones.phone_key`."""

    __tablename__ = "sms_optouts"

    phone_key = Column(String(64), primary_key=True)
    opted_out_at = Column(UTCDateTime, nullable=False)


def opt_out(session: Session, key: str, now: datetime) -> bool:
    """Record an opt-out; return False when the number had already opted out."""
    if session.get(OptOutRow, key) is not None:
        return False
    session.add(OptOutRow(phone_key=key, opted_out_at=now))
    session.flush()
    return True


def opt_in(session: Session, key: str) -> bool:
    """Remove an opt-out; return False when there was none."""
    row = session.get(OptOutRow, key)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def is_opted_out(session: Session, key: str) -> bool:
    """True when the number behind `key` must not be texted."""
    return session.get(OptOutRow, key) is not None
