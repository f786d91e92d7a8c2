"""Escalation latency: a conversation's first urgent message arrives; how long until the manager
SMS request reaches the (local stand-in) Twilio API?

Run: `.venv/bin/python -m bench.escalation_latency [--runs 20] [--channel sms|rest|both]`.
Starts the real Rasa server, action server and office web app (tests/support/servers.py), one
`bot serve worker` with its default poll interval, and a local Twilio stand-in
(tests/notify/fault_server.py, no injected faults). Each run is a new patient whose very first
message is urgent (a privacy breach, a crisis, a poisoning, in turn): on SMS it is a signed
Twilio webhook from a new number, on the web a REST channel message from a new session (the
widget's socket.io channel runs the same turn). The clock starts just before the message is
posted and stops when the stand-in accepts a manager SMS naming a case it had not seen before;
nothing else is said, so this is also the patient who never answers again. Prints median and
p95 per channel; asserts nothing (target p95 < 2 s).
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Set

from bot.settings import PROJECT_ROOT
from tests.notify.conftest import twilio_env
from tests.notify.fault_server import FaultScript, fault_server
from tests.support.servers import RunningBot, running_bot

# First messages of the kinds the issue named; the bench's own wording.
FIRST_MESSAGES = (
    "the front desk announced my HIV status to everyone in the waiting room",
    "my sister keeps saying she wants to end her life and she has a bottle of pills",
    "the pharmacy gave my mom five times her dose and she took it, she is hard to wake",
)
MANAGER = "+15555550101"
REFERENCE = re.compile(r"\bcase (C-\d{4,7}):")


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20, help="runs per channel")
    parser.add_argument("--channel", choices=("sms", "rest", "both"), default="both")
    parser.add_argument("--logs", type=Path, help="keep the servers' logs in this folder")
    args = parser.parse_args()
    channels = ("sms", "rest") if args.channel == "both" else (args.channel,)
    results: Dict[str, List[float]] = {}
    with tempfile.TemporaryDirectory() as tmp, fault_server(FaultScript()) as (api_url, script):
        root = Path(tmp)
        env = {
            "BOT_VAR_DIR": str(root / "var"),
            "SECRET_KEY": "bench-secret-key-0123456789",
            "ACTION_SERVER_TOKEN": "bench-action-token-0123456789",
            "MANAGER_PHONES": f"{MANAGER},+15555550102",
            "OFFICE_NAME": "Maple Street Clinic",
            **twilio_env(api_url),
        }
        logs = args.logs or root / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        with running_bot(env, logs) as bot, worker_process(bot.env, logs / "worker.log"):
            seen: Set[str] = set()
            for channel in channels:
                post = partial(post_sms, bot) if channel == "sms" else partial(post_rest, bot)
                results[channel] = [
                    one_run(post, script, seen, run, channel) for run in range(args.runs)
                ]
    for channel, latencies in results.items():
        where = "signed Twilio webhook" if channel == "sms" else "REST webhook"
        print(f"{channel}: first urgent message at the {where} -> manager SMS request at the "
              f"Twilio API, {len(latencies)} runs")
        print(f"  median {statistics.median(latencies):.3f} s")
        print(f"  p95    {percentile(latencies, 0.95):.3f} s")
        print(f"  min    {min(latencies):.3f} s, max {max(latencies):.3f} s")


@contextmanager
def worker_process(env: Dict[str, str], log: Path) -> Iterator[None]:
    """One `bot serve worker` with the default poll interval."""
    child = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "worker"], env=env, cwd=PROJECT_ROOT,
        start_new_session=True, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while b"started" not in log.read_bytes() and time.monotonic() < deadline:
            time.sleep(0.1)
        yield
    finally:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait(timeout=30)


def post_sms(bot: RunningBot, run: int, text: str) -> float:
    """Text the bot from a new fictional number; return when the message was posted."""
    started = time.time()
    exchange = bot.sms(f"+155555501{50 + run % 50:02d}", text)
    if exchange.status != 200:
        raise SystemExit(f"run {run}: the SMS webhook answered {exchange.status}")
    return started


def post_rest(bot: RunningBot, run: int, text: str) -> float:
    """Write to the bot from a new web session; return when the message was posted."""
    started = time.time()
    bot.rest(f"bench-escalation-{run}-{uuid.uuid4().hex[:6]}", text)
    return started


def one_run(
    post: Callable[[int, str], float], script: FaultScript, seen: Set[str], run: int,
    channel: str,
) -> float:
    """Seconds from posting the first urgent message to the stand-in accepting the manager SMS
    that names a new case."""
    started = post(run, FIRST_MESSAGES[run % len(FIRST_MESSAGES)])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with script.lock:
            alerts = [(m, REFERENCE.search(m.body)) for m in script.accepted if m.to == MANAGER]
        fresh = [(m, found.group(1)) for m, found in alerts if found and found.group(1) not in seen]
        if fresh:
            message, reference = fresh[0]
            seen.add(reference)
            return message.at - started
        time.sleep(0.005)
    raise SystemExit(f"{channel} run {run}: no manager SMS within 60 s")


if __name__ == "__main__":
    main()
