"""1,000 escalations through real worker processes while 30% of Twilio calls fail.

Run: `.venv/bin/python -m bench.delivery_under_faults [--cases 1000] [--failure-rate 0.3]
[--workers 2] [--postgres]`. Files the cases through `CaseService` (so the escalation hook
queues each manager SMS in the case's transaction), starts `bot serve worker` processes pointed
at a local fault-injecting Twilio stand-in (500s, 429 with Retry-After, dropped connections), and
counts what the stand-in accepted: delivered cases and duplicates. Prints figures; asserts
nothing.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Dict, Iterator

from bot.cases.records import CaseDraft
from bot.cases.vocabulary import Category, Channel, Urgency
from bot.db.migrate import upgrade
from bot.notify.outbox import OutboxStatus
from bot.settings import PROJECT_ROOT, load_settings
from bot.wiring import build_services
from tests.notify.conftest import outbox_rows, twilio_env
from tests.notify.fault_server import FaultScript, fault_server
from tests.support.services import postgres_database


@contextmanager
def database(use_postgres: bool, folder: Path) -> Iterator[str]:
    if use_postgres:
        with postgres_database() as url:
            yield url
    else:
        yield f"sqlite:///{folder / 'cases.db'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--failure-rate", type=float, default=0.3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        folder = Path(tmp)
        url = stack.enter_context(database(args.postgres, folder))
        upgrade(url)
        script = FaultScript(failure_rate=args.failure_rate, retry_after="0")
        api_url, script = stack.enter_context(fault_server(script))
        env: Dict[str, str] = {
            "BOT_VAR_DIR": str(folder / "var"),
            "DATABASE_URL": url,
            "SECRET_KEY": "bench-secret-key-0123456789",
            "ACTION_SERVER_TOKEN": "bench-action-token-0123456789",
            "MANAGER_PHONES": "+15555550101,+15555550102",
            "OUTBOX_POLL_SECONDS": "0.05",
            "OUTBOX_RETRY_BASE_SECONDS": "0.05",
            **twilio_env(api_url),
        }
        services = build_services(load_settings(env))
        for n in range(args.cases):
            services.cases.file(
                CaseDraft(channel=Channel.REST, conversation_id=f"bench-{n}",
                          description="bench case", category=Category.PRIVACY,
                          urgency=Urgency.URGENT)
            )
        started = time.monotonic()
        workers = [
            subprocess.Popen(
                [sys.executable, "-m", "bot", "serve", "worker"],
                env={**os.environ, **env}, cwd=PROJECT_ROOT, start_new_session=True,
                stdout=(folder / f"worker-{n}.log").open("wb"), stderr=subprocess.STDOUT,
            )
            for n in range(args.workers)
        ]
        try:
            while True:
                rows = outbox_rows(services)
                if all(row.status != OutboxStatus.PENDING.value for row in rows):
                    break
                time.sleep(0.2)
            elapsed = time.monotonic() - started
        finally:
            for worker in workers:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=30)
        services.engine.dispose()
        counts = Counter(script.bodies())
        statuses = Counter(row.status for row in rows)
        attempts = Counter(row.attempts for row in rows)
        injected = Counter(behaviour for behaviour in script.seen if behaviour != "ok")
        print(f"database: {'postgresql' if args.postgres else 'sqlite'}, "
              f"workers: {args.workers}, failure rate: {args.failure_rate:.0%}")
        print(f"escalations filed:      {args.cases}")
        print(f"requests to 'Twilio':   {len(script.seen)} "
              f"(injected failures: {sum(injected.values())} = {dict(injected)})")
        print(f"delivered (distinct):   {len(counts)}")
        print(f"duplicates:             {sum(count - 1 for count in counts.values())}")
        print(f"outbox statuses:        {dict(statuses)}")
        print(f"attempts per message:   {dict(sorted(attempts.items()))}")
        print(f"time to drain:          {elapsed:.1f} s")


if __name__ == "__main__":
    main()
