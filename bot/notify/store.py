"""Outbox persistence for the worker: claim due messages under a lease, record the outcome.

Claiming is one UPDATE whose subquery picks due rows. On PostgreSQL the subquery carries
`FOR UPDATE SKIP LOCKED`, so concurrent workers skip each other's rows instead of waiting; on SQLite
(one writer at a time) the same statement is atomic by itself. The claim stamps a unique token and
a lease (`claimed_until`): a worker killed mid-send simply lets the lease expire and another worker
takes the row over, so nothing is lost.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import List

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import unit_of_work
from bot.notify.models import OutboxMessageRow
from bot.notify.outbox import OutboxStatus
from bot.privacy.phones import phone_key
from bot.sms.optouts import is_opted_out


@dataclass(frozen=True)
class ClaimedMessage:
    """A message this worker holds the lease on; `attempts` counts this attempt."""

    id: int
    to_number: str
    body: str
    purpose: str
    attempts: int
    claim_token: str


class OutboxStore:
    """Every database step of the worker, each its own short unit of work."""

    def __init__(self, sessions: sessionmaker[Session], secret_key: str) -> None:
        self._sessions = sessions
        self._secret_key = secret_key

    def claim(
        self, worker_id: str, now: datetime, lease_seconds: float, limit: int
    ) -> List[ClaimedMessage]:
        """Take up to `limit` due messages; opted-out recipients are suppressed, never returned."""
        token = f"{worker_id[:40]}:{uuid.uuid4().hex[:12]}"
        due = (
            OutboxMessageRow.status == OutboxStatus.PENDING.value,
            OutboxMessageRow.next_attempt_at <= now,
            or_(OutboxMessageRow.claimed_until.is_(None), OutboxMessageRow.claimed_until < now),
        )
        candidates = (
            select(OutboxMessageRow.id)
            .where(*due)
            .order_by(OutboxMessageRow.next_attempt_at, OutboxMessageRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        with unit_of_work(self._sessions) as session:
            session.execute(
                update(OutboxMessageRow)
                .where(OutboxMessageRow.id.in_(candidates.scalar_subquery()), *due)
                .values(
                    claimed_by=token,
                    claimed_until=now + timedelta(seconds=lease_seconds),
                    attempts=OutboxMessageRow.attempts + 1,
                )
                .execution_options(synchronize_session=False)
            )
            rows = session.execute(
                select(OutboxMessageRow)
                .where(OutboxMessageRow.claimed_by == token)
                .order_by(OutboxMessageRow.id)
            ).scalars()
            claimed = []
            for row in rows:
                if is_opted_out(session, phone_key(row.to_number, self._secret_key)):
                    row.status = OutboxStatus.SUPPRESSED.value
                    row.last_error = "opted_out"
                    row.claimed_by = row.claimed_until = None
                    continue
                claimed.append(
                    ClaimedMessage(
                        id=row.id,
                        to_number=row.to_number,
                        body=row.body,
                        purpose=row.purpose,
                        attempts=row.attempts,
                        claim_token=token,
                    )
                )
        return claimed

    def mark_sent(
        self, message: ClaimedMessage, sid: str, status: OutboxStatus, now: datetime
    ) -> None:
        """Record the provider's id. Done even if the lease ran out: the message did go out."""
        with unit_of_work(self._sessions) as session:
            session.execute(
                update(OutboxMessageRow)
                .where(OutboxMessageRow.id == message.id)
                .values(
                    status=status.value,
                    twilio_sid=sid[:64],
                    sent_at=now,
                    last_error=None,
                    claimed_by=None,
                    claimed_until=None,
                )
                .execution_options(synchronize_session=False)
            )

    def mark_retry(self, message: ClaimedMessage, error: str, next_attempt_at: datetime) -> None:
        """Give the row back for a later attempt (only if this claim still holds it)."""
        self._release(message, error, next_attempt_at=next_attempt_at)

    def mark_failed(self, message: ClaimedMessage, error: str) -> None:
        """Stop for good; `error` is a code such as `twilio_21610`, never message text."""
        self._release(message, error, status=OutboxStatus.FAILED)

    def _release(
        self,
        message: ClaimedMessage,
        error: str,
        *,
        status: OutboxStatus = OutboxStatus.PENDING,
        next_attempt_at: datetime | None = None,
    ) -> None:
        values: dict[str, object] = {
            "status": status.value,
            "last_error": error[:200],
            "claimed_by": None,
            "claimed_until": None,
        }
        if next_attempt_at is not None:
            values["next_attempt_at"] = next_attempt_at
        with unit_of_work(self._sessions) as session:
            session.execute(
                update(OutboxMessageRow)
                .where(
                    OutboxMessageRow.id == message.id,
                    OutboxMessageRow.claimed_by == message.claim_token,
                    OutboxMessageRow.status == OutboxStatus.PENDING.value,
                )
                .values(**values)
                .execution_options(synchronize_session=False)
            )
