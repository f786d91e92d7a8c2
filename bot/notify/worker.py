"""The outbox worker: sends queued SMS with retries and runs the database-backed schedules.

Delivery is at-least-once. A message is claimed under a lease before it is sent and marked sent
after the provider answers. Two cases send a message twice, and both need Twilio to have accepted
it without us learning so: the process dies after Twilio accepted it and before the SID is
committed (the lease expires and another worker sends it again), or the answer is lost to a
timeout or a dropped connection (we cannot tell "not received" from "received, answer lost", so
we retry). The recipient may then get the same text twice, which for an escalation is far better
than never. Twilio offers no idempotency key for Messages, so the window cannot be closed from our
side; it is kept to one HTTP answer plus one small UPDATE. Every other failure (a crash before
the send, a 5xx, a 429) returns the row for another attempt, and several workers never hold the
same row at once, so there are no other duplicates.

Database calls run in a thread (`asyncio.to_thread`) and sends use the async Twilio client, so
the event loop never blocks and one worker keeps many sends in flight.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable, Optional, Sequence

from bot.db.types import utcnow
from bot.notify.outbox import OutboxStatus
from bot.notify.sender import PermanentSendError, SmsSender, TransientSendError
from bot.notify.store import ClaimedMessage, OutboxStore
from bot.privacy.phones import mask

log = logging.getLogger(__name__)

# A provider asking for more than an hour's pause is treated as asking for an hour.
MAX_RETRY_AFTER_SECONDS = 3600.0

ScheduledJob = Callable[[datetime], object]


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter; Retry-After from the provider wins when it is longer."""

    base_seconds: float = 2.0
    max_seconds: float = 300.0
    max_attempts: int = 15

    def delay(self, attempts: int, retry_after: Optional[float] = None) -> float:
        """Seconds to wait before attempt `attempts + 1`."""
        backoff = min(self.max_seconds, self.base_seconds * (2 ** max(0, attempts - 1)))
        jittered = backoff * random.uniform(0.5, 1.0)  # noqa: S311 (jitter, not a secret)
        return max(jittered, min(retry_after or 0.0, MAX_RETRY_AFTER_SECONDS))


def default_worker_id() -> str:
    """Host and process id: enough to tell workers apart in the outbox table."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}"


class OutboxWorker:
    """Claims due messages, sends them, records SIDs; also runs scheduled jobs (timers, digest)."""

    def __init__(
        self,
        store: OutboxStore,
        sender: SmsSender,
        *,
        poll_seconds: float,
        lease_seconds: float,
        retry: RetryPolicy = RetryPolicy(),
        batch_size: int = 20,
        scheduled_jobs: Sequence[ScheduledJob] = (),
        schedule_every_seconds: float = 1.0,
        worker_id: Optional[str] = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._store = store
        self._sender = sender
        self._poll_seconds = poll_seconds
        self._lease_seconds = lease_seconds
        self._retry = retry
        self._batch_size = batch_size
        self._jobs = tuple(scheduled_jobs)
        self._schedule_every = schedule_every_seconds
        self._last_schedule = 0.0
        self.worker_id = worker_id or default_worker_id()
        self._clock = clock

    async def run(self, stop: asyncio.Event) -> None:
        """Work until `stop` is set; a quiet outbox is polled every `poll_seconds`."""
        log.info("outbox worker %s started", self.worker_id)
        try:
            while not stop.is_set():
                await self._run_schedule()
                sent = await self.run_once()
                if sent == 0:
                    await _wait(stop, self._poll_seconds)
        finally:
            await self.close()
            log.info("outbox worker %s stopped", self.worker_id)

    async def close(self) -> None:
        """Release the sender's connections."""
        await self._sender.close()

    async def run_once(self) -> int:
        """Claim and send one batch; return how many messages were attempted."""
        now = self._clock()
        batch = await asyncio.to_thread(
            self._store.claim, self.worker_id, now, self._lease_seconds, self._batch_size
        )
        if batch:
            await asyncio.gather(*(self._deliver(message) for message in batch))
        return len(batch)

    async def _run_schedule(self) -> None:
        loop_time = asyncio.get_running_loop().time()
        if loop_time - self._last_schedule < self._schedule_every:
            return
        self._last_schedule = loop_time
        for job in self._jobs:
            try:
                await asyncio.to_thread(job, self._clock())
            except Exception as error:  # a broken job must not stop message delivery
                log.error("scheduled job %s failed: %s", _name(job), type(error).__name__)

    async def _deliver(self, message: ClaimedMessage) -> None:
        try:
            result = await self._sender.send(message.to_number, message.body)
        except PermanentSendError as error:
            log.warning("sms %d to %s failed for good: %s",
                        message.id, mask(message.to_number), error.code)
            await asyncio.to_thread(self._store.mark_failed, message, error.code)
            return
        except TransientSendError as error:
            await self._retry_later(message, error.reason, error.retry_after)
            return
        except Exception as error:  # unknown failures are retried, never lost
            await self._retry_later(message, f"error:{type(error).__name__}", None)
            return
        status = OutboxStatus.RECORDED if result.recorded_only else OutboxStatus.SENT
        await asyncio.to_thread(
            self._store.mark_sent, message, result.sid, status, self._clock()
        )
        log.info("sms %d (%s) to %s %s: sid=%s attempt=%d", message.id, message.purpose,
                 mask(message.to_number), status.value, result.sid, message.attempts)

    async def _retry_later(
        self, message: ClaimedMessage, reason: str, retry_after: Optional[float]
    ) -> None:
        if message.attempts >= self._retry.max_attempts:
            log.error("sms %d to %s gave up after %d attempts: %s",
                      message.id, mask(message.to_number), message.attempts, reason)
            await asyncio.to_thread(self._store.mark_failed, message, f"gave_up:{reason}")
            return
        delay = self._retry.delay(message.attempts, retry_after)
        log.info("sms %d to %s will be retried in %.1f s: %s",
                 message.id, mask(message.to_number), delay, reason)
        await asyncio.to_thread(
            self._store.mark_retry, message, reason, self._clock() + timedelta(seconds=delay)
        )


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


def _name(job: Callable[..., object]) -> str:
    return getattr(job, "__qualname__", None) or type(job).__name__
