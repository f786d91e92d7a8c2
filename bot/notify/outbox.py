"""Queue an SMS in the caller's transaction; the outbox worker sends it later.

Writing the message in the same transaction as the change that caused it (a new urgent case, a
resolution, a reply) means a Twilio outage or a crash can delay an SMS but never lose it.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Optional

from sqlalchemy.orm import Session

from bot.notify.models import OutboxMessageRow

SMS_MAX_CHARS = 1600


class OutboxStatus(str, Enum):
    """Delivery state of a queued SMS."""

    PENDING = "pending"
    SENT = "sent"
    RECORDED = "recorded"
    FAILED = "failed"
    SUPPRESSED = "suppressed"


class Purpose(str, Enum):
    """Why an SMS is sent; decides retries, ordering and what the dashboard shows."""

    ESCALATION = "escalation"
    REESCALATION = "reescalation"
    DIGEST = "digest"
    MANAGER_REPLY = "manager_reply"
    PATIENT_REPLY = "patient_reply"
    PATIENT_CLOSING = "patient_closing"
    FLOOD_ALERT = "flood_alert"


def enqueue(
    session: Session,
    *,
    to_number: str,
    body: str,
    purpose: Purpose,
    now: datetime,
    case_id: Optional[int] = None,
    not_before: Optional[datetime] = None,
) -> int:
    """Add one SMS to the outbox and return its id; nothing is sent until the transaction commits."""
    if not body.strip():
        raise ValueError("an SMS needs a body")
    if len(body) > SMS_MAX_CHARS:
        raise ValueError(f"an SMS body is at most {SMS_MAX_CHARS} characters")
    row = OutboxMessageRow(
        case_id=case_id,
        purpose=purpose.value,
        to_number=to_number,
        body=body,
        status=OutboxStatus.PENDING.value,
        attempts=0,
        next_attempt_at=not_before or now,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return int(row.id)
