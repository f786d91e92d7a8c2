"""Real worker processes: killed mid-send (SIGKILL) and running side by side.

Deliveries are counted at the fault server, i.e. what the "provider" accepted, not what the
database claims.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Dict, Iterator, List

import pytest

from bot.db.types import utcnow
from bot.notify.outbox import OutboxStatus, Purpose, enqueue
from bot.settings import PROJECT_ROOT
from bot.wiring import Services, build_services
from tests.notify.conftest import file_case, outbox_rows, settings_with, twilio_env
from tests.notify.fault_server import FaultScript, fault_server


def worker_env(
    base_env: Dict[str, str], database_url: str, api_url: str, lease_seconds: int
) -> Dict[str, str]:
    """A worker with fast polling and retries; its HTTP timeout is a third of the lease.

    A timeout on a request the provider did accept is the at-least-once window (it is sent
    again), so the side-by-side test uses a lease long enough that a loaded test machine does
    not time out on a fault server that answers.
    """
    return {
        **os.environ,
        **base_env,
        **twilio_env(api_url),
        "DATABASE_URL": database_url,
        "OUTBOX_POLL_SECONDS": "0.05",
        "OUTBOX_LEASE_SECONDS": str(lease_seconds),
        "OUTBOX_RETRY_BASE_SECONDS": "0.05",
    }


@contextmanager
def worker_process(env: Dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`bot serve worker` in its own process group; stopped (if still alive) afterwards."""
    with log.open("ab") as out:
        child = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "worker"],
            env=env, cwd=PROJECT_ROOT, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield child
        finally:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
                child.wait(timeout=20)


def wait_until_settled(services: Services, expected: int, timeout: float = 120.0) -> None:
    """Wait until `expected` rows exist and none is pending (fails the test otherwise)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = outbox_rows(services)
        if len(rows) == expected and all(r.status != OutboxStatus.PENDING.value for r in rows):
            return
        time.sleep(0.1)
    pending = sum(row.status == OutboxStatus.PENDING.value for row in outbox_rows(services))
    pytest.fail(f"{pending} message(s) still pending after {timeout} s")


def wait_for_sent(services: Services, count: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = outbox_rows(services)
        if sum(row.status == OutboxStatus.SENT.value for row in rows) >= count:
            return
        time.sleep(0.05)
    pytest.fail(f"fewer than {count} message(s) sent after {timeout} s")


@pytest.mark.parametrize("accepted_first", [False, True], ids=["before-accept", "after-accept"])
def test_killed_worker_loses_nothing(
    base_env: Dict[str, str], database_url: str, tmp_path: Path, accepted_first: bool
) -> None:
    """SIGKILL while a request is in flight; a second worker takes the row over after the lease.

    `before-accept`: the provider had not accepted the hung request: exactly one delivery each.
    `after-accept`: the provider accepted, then the worker died before recording the SID: the
    documented at-least-once window, so that one message arrives twice and nothing is lost.
    """
    in_flight = threading.Event()

    def note(behaviour: str) -> None:
        if behaviour.endswith("hang"):
            in_flight.set()

    script = FaultScript(queue=["accept-hang" if accepted_first else "hang"], hang_seconds=8,
                         on_request=note)
    with fault_server(script) as (url, script):
        settings = settings_with(base_env, database_url, **twilio_env(url))
        services = build_services(settings)
        try:
            cases = [file_case(services, conversation_id=f"c{n}") for n in range(5)]
            env = worker_env(base_env, database_url, url, lease_seconds=4)
            with worker_process(env, tmp_path / "first.log") as first:
                assert in_flight.wait(timeout=60), "the first worker never sent anything"
                wait_for_sent(services, len(cases) - 1)  # only the hung request is in flight
                os.killpg(first.pid, signal.SIGKILL)
                first.wait(timeout=10)
            with worker_process(env, tmp_path / "second.log"):
                wait_until_settled(services, expected=len(cases))
            rows = outbox_rows(services)
        finally:
            services.engine.dispose()
    counts = Counter(script.bodies())
    assert set(counts) == {row.body for row in rows}  # nothing lost
    assert all(row.status == OutboxStatus.SENT.value and row.twilio_sid for row in rows)
    duplicates = sum(count - 1 for count in counts.values())
    assert duplicates == (1 if accepted_first else 0)


def test_two_workers_never_send_twice(
    base_env: Dict[str, str], database_url: str, tmp_path: Path
) -> None:
    script = FaultScript(failure_rate=0.3, retry_after="0")
    with fault_server(script) as (url, script):
        settings = settings_with(base_env, database_url, **twilio_env(url))
        services = build_services(settings)
        try:
            now = utcnow()
            with services.sessions.begin() as session:
                for n in range(200):
                    enqueue(session, to_number="+15555550101", body=f"message {n:03d}",
                            purpose=Purpose.MANAGER_REPLY, now=now)
            env = worker_env(base_env, database_url, url, lease_seconds=30)
            with ExitStack() as stack:
                for name in ("a", "b"):
                    stack.enter_context(worker_process(env, tmp_path / f"worker-{name}.log"))
                wait_until_settled(services, expected=200)
            rows = outbox_rows(services)
        finally:
            services.engine.dispose()
    bodies: List[str] = script.bodies()
    assert sorted(bodies) == [f"message {n:03d}" for n in range(200)]  # each exactly once
    assert {row.twilio_sid for row in rows} == {message.sid for message in script.accepted}
    assert "500" in script.seen and "429" in script.seen and "drop" in script.seen
    logs = [(tmp_path / f"worker-{name}.log").read_text() for name in ("a", "b")]
    assert all("sent: sid=SM" in log for log in logs)  # both workers took part
