"""Flood limits for the patient channels (Twilio webhook, widget), shared by every replica.

One sender (keyed id: `sms-...` or `web-...`, never a phone number) may send `MESSAGES_PER_WINDOW`
messages per `WINDOW_SECONDS`. The first message over the limit in a window gets one polite
answer; later ones in that window are dropped without a reply, so a flood of 500 texts costs at
most the replies to the allowed turns plus one notice per minute. (The widget, where an answer
costs nothing, shows the notice in every refused message's acknowledgement.) The first flood of each
`ALERT_WINDOW_SECONDS`, across all senders, queues one SMS to the primary manager (no number, no
text: the sender is not named), so the manager hears of an attack once, not 500 times.

Counters are fixed windows kept where every process sees them: Redis when `REDIS_URL` is set
(INCR + EXPIRE), else the database (`flood_counters`, one row per sender and window, old rows
swept as new windows open). An in-process counter would let each of N replicas allow the limit
again. If the counter store cannot be reached the message is allowed: a patient must never be
refused because of the limiter itself.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable, Optional, Protocol, Sequence

import redis
from redis.exceptions import RedisError
from sqlalchemy import BigInteger, Column, Integer, String, delete, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.db.base import Base
from bot.db.engine import unit_of_work
from bot.db.types import utcnow
from bot.notify import outbox
from bot.notify.outbox import Purpose
from bot.notify.texts import flood_alert

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60
MESSAGES_PER_WINDOW = 20
ALERT_WINDOW_SECONDS = 3600
ALERT_KEY = "flood-alert"
# Patient-facing answers (data/templates/limits.yml), rendered by each channel.
SLOW_DOWN_TEMPLATE = "utter_flood_slow_down"
TOO_LONG_TEMPLATE = "utter_message_too_long"


class FloodCounterRow(Base):
    """Hits of one key in one fixed window (`window_start` in epoch seconds)."""

    __tablename__ = "flood_counters"

    key = Column(String(80), primary_key=True)
    window_start = Column(BigInteger, primary_key=True)
    hits = Column(Integer, nullable=False)
    expires_at = Column(BigInteger, nullable=False, index=True)


class Counter(Protocol):
    """Counts hits of `key` in the window starting at `window_start` and returns the new total."""

    def hit(self, key: str, window_start: int, window_seconds: int) -> int: ...


class DatabaseCounter:
    """Counters in the database: atomic increments on SQLite and PostgreSQL alike."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def hit(self, key: str, window_start: int, window_seconds: int) -> int:
        for _ in range(3):
            try:
                return self._hit(key, window_start, window_seconds)
            except IntegrityError:
                continue  # another process opened the same window first: increment its row
        raise RuntimeError("flood counter row could not be written")

    def _hit(self, key: str, window_start: int, window_seconds: int) -> int:
        row = FloodCounterRow.__table__
        with unit_of_work(self._sessions) as session:
            bumped = session.execute(
                update(row)
                .where(row.c.key == key, row.c.window_start == window_start)
                .values(hits=row.c.hits + 1)
            )
            if bumped.rowcount:
                hits = session.execute(
                    select(row.c.hits).where(row.c.key == key, row.c.window_start == window_start)
                ).scalar_one()
                return int(hits)
            # A window opens at most once per sender per minute: a cheap moment to sweep.
            session.execute(delete(row).where(row.c.expires_at < window_start))
            session.add(
                FloodCounterRow(
                    key=key,
                    window_start=window_start,
                    hits=1,
                    expires_at=window_start + 2 * window_seconds,
                )
            )
            session.flush()
            return 1


class RedisCounter:
    """Counters in Redis, expiring on their own a window after they close."""

    def __init__(self, redis_url: str) -> None:
        self._redis = redis.StrictRedis.from_url(redis_url, socket_timeout=2)

    def hit(self, key: str, window_start: int, window_seconds: int) -> int:
        name = f"intake:flood:{key}:{window_start}"
        pipeline = self._redis.pipeline()
        pipeline.incr(name)
        pipeline.expire(name, window_seconds * 2)
        hits, _ = pipeline.execute()
        return int(hits)


@dataclass(frozen=True)
class Decision:
    """What a channel does with one message."""

    allowed: bool
    notify_sender: bool = False


ALLOWED = Decision(allowed=True)


class FloodGuard:
    """Counts each sender's messages; queues the manager's alert itself when one is due."""

    def __init__(
        self,
        counter: Counter,
        sessions: sessionmaker[Session],
        manager_phones: Sequence[str],
        office_name: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._counter = counter
        self._sessions = sessions
        self._manager = manager_phones[0] if manager_phones else None
        self._office_name = office_name
        self._clock = clock

    def check(self, sender_key: str, channel: str) -> Decision:
        """Count one message of `sender_key` (arriving on `channel`, "SMS" or "web chat")."""
        now = int(self._clock())
        try:
            hits = self._counter.hit(sender_key, now - now % WINDOW_SECONDS, WINDOW_SECONDS)
            if hits <= MESSAGES_PER_WINDOW:
                return ALLOWED
            first = hits == MESSAGES_PER_WINDOW + 1
            if first:
                logger.warning("flood limit: %s sender %s throttled", channel, sender_key[:12])
                self._alert_once(now, channel)
            return Decision(allowed=False, notify_sender=first)
        except (SQLAlchemyError, RedisError, RuntimeError) as error:
            logger.error("flood limit not checked: %s", type(error).__name__)
            return ALLOWED

    def _alert_once(self, now: int, channel: str) -> None:
        window = now - now % ALERT_WINDOW_SECONDS
        if self._counter.hit(ALERT_KEY, window, ALERT_WINDOW_SECONDS) != 1:
            return
        if self._manager is None:
            logger.warning("flood limit: no MANAGER_PHONES set; alert not sent")
            return
        body = flood_alert(
            self._office_name, channel, MESSAGES_PER_WINDOW, timedelta(seconds=ALERT_WINDOW_SECONDS)
        )
        with unit_of_work(self._sessions) as session:
            outbox.enqueue(
                session,
                to_number=self._manager,
                body=body,
                purpose=Purpose.FLOOD_ALERT,
                now=utcnow(),
            )


def build_guard(
    redis_url: Optional[str],
    sessions: sessionmaker[Session],
    manager_phones: Sequence[str],
    office_name: str,
) -> FloodGuard:
    """Redis counters when `REDIS_URL` is set, else database counters."""
    counter: Counter = RedisCounter(redis_url) if redis_url else DatabaseCounter(sessions)
    return FloodGuard(counter, sessions, manager_phones, office_name)
