"""Escalation latency: an urgent complaint's filing message arrives at the REST webhook; how long
until the manager SMS request reaches the (local stand-in) Twilio API?

Run: `.venv/bin/python -m bench.escalation_latency [--runs 100]`. Starts the real Rasa server,
action server and office web app (tests/support/servers.py), one `bot serve worker` with its
default poll interval, and a local Twilio stand-in (tests/notify/fault_server.py, no injected
faults). Each run plays an urgent intake through the REST channel up to the summary question;
the clock starts just before the patient's final "yes" (the message that files the case) is
posted to the webhook and stops when the stand-in accepts the SMS that names the new case.
Prints median and p95; asserts nothing (target p95 < 2 s).

`--via actions` skips Rasa: each run posts the filing turn (slots of a confirmed urgent intake,
final message "yes") straight to the token-protected action server, which files the case the same
way (`action_conclude_intake`). Use it while no model trained on the current data exists.
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
from contextlib import ExitStack, contextmanager
from functools import partial
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Tuple

import requests

from bot.cases.vocabulary import Category
from bot.settings import PROJECT_ROOT
from tests.dialogue.conversation import Conversation
from tests.notify.conftest import twilio_env
from tests.notify.fault_server import FaultScript, fault_server
from tests.support.servers import process, running_bot
from tests.support.services import free_port

OPENING = "a nurse slapped my mother during her appointment and nobody did anything"
ANSWERS = {
    "utter_ask_description": OPENING,
    "utter_ask_category_confirmed": "yes",
    "utter_ask_category": "3",
    "utter_ask_occurred_text": "yesterday",
    "utter_ask_skip_choice": "skip",
    "utter_ask_people_involved": "the nurse on the second floor",
    "utter_ask_contact_consent": "no",
    "utter_ask_contact_web": "no",
    "utter_ask_desired_outcome": "I want someone to call me today",
    "utter_offer_continue": "yes",
}
# The two-step fallback asks "did you mean ...?" when the model is unsure: always yes.
ANSWERS.update(
    {f"utter_ask_affirmation_complaint_{category.value}": "yes" for category in Category}
)
REFERENCE = re.compile(r"\bC-\d{4,7}\b")


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--logs", type=Path, help="keep the servers' logs in this folder")
    parser.add_argument("--via", choices=("rest", "actions"), default="rest")
    args = parser.parse_args()
    latencies: List[float] = []
    with tempfile.TemporaryDirectory() as tmp, fault_server(FaultScript()) as (api_url, script):
        root = Path(tmp)
        env = {
            "BOT_VAR_DIR": str(root / "var"),
            "SECRET_KEY": "bench-secret-key-0123456789",
            "ACTION_SERVER_TOKEN": "bench-action-token-0123456789",
            "MANAGER_PHONES": "+15555550101,+15555550102",
            "OFFICE_NAME": "Maple Street Clinic",
            **twilio_env(api_url),
        }
        logs = args.logs or root / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        with ExitStack() as stack:
            if args.via == "rest":
                bot = stack.enter_context(running_bot(env, logs))
                full_env = bot.env
                file_one: Callable[[int], Tuple[str, float]] = partial(file_by_rest, bot.rest)
            else:
                full_env, actions_url = stack.enter_context(action_server_only(env, logs))
                file_one = partial(file_by_action, actions_url, full_env["ACTION_SERVER_TOKEN"])
            stack.enter_context(worker_process(full_env, logs / "worker.log"))
            for run in range(args.runs):
                latencies.append(one_run(file_one, script, run))
    where = "REST webhook" if args.via == "rest" else "action server webhook"
    print(f"escalation latency over {len(latencies)} runs "
          f"(filing message at the {where} -> manager SMS request at the Twilio API)")
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


@contextmanager
def action_server_only(env: Dict[str, str], logs: Path) -> Iterator[Tuple[Dict[str, str], str]]:
    """Migrate and run only the action server; yield the full environment and its URL."""
    port = free_port()
    full_env = {**os.environ, **env, "RASA_TELEMETRY_ENABLED": "false"}
    bot = [sys.executable, "-m", "bot"]
    subprocess.run([*bot, "db", "upgrade"], env=full_env, check=True, cwd=PROJECT_ROOT,
                   capture_output=True)
    with process([*bot, "serve", "actions", "--port", str(port)], full_env,
                 logs / "actions.log", port):
        yield full_env, f"http://127.0.0.1:{port}"


def file_by_rest(
    send: Callable[[str, str], List[Dict[str, object]]], run: int
) -> Tuple[str, float]:
    """Play the intake up to the read-back, then post the final "yes".

    Returns the case reference and the time just before that last message was posted.
    """
    chat = Conversation(send, f"bench-escalation-{run}-{uuid.uuid4().hex[:6]}")
    try:
        chat.answer_until(OPENING, ANSWERS, "utter_ask_summary_decision")
    except AssertionError as error:  # the bench's own scripted text, safe to show
        raise SystemExit(f"run {run}: {error}\n{chat.transcript()}") from None
    before = len(chat.lines)
    started = time.time()
    replies = chat.say("yes")
    if not any(reply.startswith("utter_case_filed") for reply in replies):
        raise SystemExit(f"run {run}: the final yes did not file the case ({replies})")
    said = " ".join(text for who, text in chat.lines[before:] if who == "bot")
    return _reference(said, run), started


def file_by_action(actions_url: str, token: str, run: int) -> Tuple[str, float]:
    """Post the filing turn of a confirmed urgent intake to the action server."""
    started = time.time()
    sender = f"bench-escalation-{run}-{uuid.uuid4().hex[:6]}"
    message = {"text": "yes", "intent": {"name": "affirm", "confidence": 1.0}, "entities": [],
               "triage": {"urgency": "urgent"}}
    tracker = {
        "sender_id": sender,
        "slots": {"description": OPENING, "category": "staff_communication",
                  "category_confirmed": True, "occurred_text": "this morning",
                  "people_involved": "a nurse", "contact_consent": False,
                  "desired_outcome": "a call today", "summary_decision": "yes",
                  "urgency": "urgent"},
        "latest_message": message,
        "latest_input_channel": "rest",
        "events": [{"event": "user", "text": "yes", "parse_data": message,
                    "input_channel": "rest", "timestamp": time.time()}],
        "paused": False, "followup_action": None, "active_loop": {},
        "latest_action_name": "action_listen",
    }
    answer = requests.post(
        f"{actions_url}/webhook", params={"token": token},
        json={"next_action": "action_conclude_intake", "sender_id": sender, "tracker": tracker,
              "domain": {}, "version": "3.6.2"},
        timeout=60,
    )
    answer.raise_for_status()
    texts = [str(r.get("text") or r.get("response") or "") for r in answer.json()["responses"]]
    kwargs = [str(r) for r in answer.json()["responses"]]
    return _reference(" ".join(texts + kwargs), run), started


def _reference(text: str, run: int) -> str:
    found = REFERENCE.search(text)
    if found is None:
        raise SystemExit(f"run {run}: the filing turn named no case reference")
    return found.group(0)


def one_run(
    file_one: Callable[[int], Tuple[str, float]], script: FaultScript, run: int
) -> float:
    """Seconds from posting the filing message to the stand-in accepting the manager SMS."""
    reference, started = file_one(run)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with script.lock:
            hit = next((m for m in script.accepted if f"case {reference}:" in m.body), None)
        if hit is not None:
            return hit.at - started
        time.sleep(0.005)
    raise SystemExit(f"run {run}: no manager SMS for {reference} within 60 s")


if __name__ == "__main__":
    main()
