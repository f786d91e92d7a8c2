"""`bot serve worker`: the outbox worker process (several may run at once, on any machine)."""

from __future__ import annotations

import asyncio
import logging
import signal
from datetime import datetime
from typing import Callable, Optional

from bot.db.types import utcnow
from bot.notify.store import OutboxStore
from bot.notify.worker import OutboxWorker, RetryPolicy
from bot.wiring import Services, build_sender

log = logging.getLogger(__name__)


def build_worker(services: Services, clock: Callable[[], datetime] = utcnow) -> OutboxWorker:
    """The worker with its sender and its scheduled jobs (backup timers, daily digest)."""
    settings = services.settings
    return OutboxWorker(
        OutboxStore(services.sessions, settings.secret_key),
        build_sender(settings),
        poll_seconds=settings.outbox_poll_seconds,
        lease_seconds=settings.outbox_lease_seconds,
        retry=RetryPolicy(base_seconds=settings.outbox_retry_base_seconds),
        scheduled_jobs=(services.escalation.fire_due_timers, services.digest.run_if_due),
        clock=clock,
    )


def serve_worker(services: Services, port: Optional[int] = None) -> None:
    """Run the worker until SIGINT or SIGTERM; `port` is unused (the worker listens on none)."""
    settings = services.settings
    worker = build_worker(services)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await worker.run(stop)

    mode = "Twilio" if settings.sms_enabled else "recording only (no Twilio credentials)"
    log.info("outbox worker: %s, polling every %.2f s", mode, settings.outbox_poll_seconds)
    asyncio.run(main())
