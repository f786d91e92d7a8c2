"""The thin slice end to end: a complaint typed into the REST channel becomes a saved case."""

from __future__ import annotations

import json
import subprocess
import sys

import requests

from bot.settings import PROJECT_ROOT
from tests.dialogue.conversation import Conversation
from tests.support.servers import RunningBot

WEB_ANSWERS = {
    "utter_ask_description": "the front desk was rude to me and I was charged twice",
    "utter_ask_category_confirmed": "yes",
    "utter_ask_category": "2",
    "utter_ask_occurred_text": "yesterday",
    "utter_ask_people_involved": "not sure",
    "utter_ask_contact_consent": "yes",
    "utter_ask_contact_web": "pat@example.com",
    "utter_ask_desired_outcome": "an apology",
    "utter_ask_summary_decision": "yes",
}


def test_complaint_through_rest_is_saved_with_reference(running: RunningBot) -> None:
    chat = Conversation(running.rest, "slice-patient-1")
    chat.answer_until(
        "the front desk was rude to me and I was charged twice", WEB_ANSWERS, "utter_case_filed"
    )
    listed = subprocess.run(
        [sys.executable, "-m", "bot", "cases", "list", "--json"],
        env=running.env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    cases = json.loads(listed.stdout)
    mine = [case for case in cases if case["conversation_id"] == "slice-patient-1"]
    assert len(mine) == 1
    assert "charged twice" in mine[0]["description"]
    assert mine[0]["reference"] in chat.bot_text()


def test_action_server_refuses_calls_without_token(running: RunningBot) -> None:
    assert requests.get(f"{running.actions_url}/health", timeout=5).ok
    refused = requests.post(f"{running.actions_url}/webhook", json={"next_action": "x"}, timeout=5)
    assert refused.status_code == 403
    listing = requests.get(f"{running.actions_url}/actions", timeout=5)
    assert listing.status_code == 403


def test_tracker_store_keeps_no_patient_text_in_clear(running: RunningBot) -> None:
    running.rest("slice-patient-2", "my bill shows a charge for a visit I never had")
    tracker_db = PROJECT_ROOT / running.env["BOT_VAR_DIR"] / "tracker.db"
    assert b"never had" not in tracker_db.read_bytes()
    wal = tracker_db.with_name("tracker.db-wal")
    if wal.exists():
        assert b"never had" not in wal.read_bytes()


def test_a_serious_message_that_is_no_complaint_is_answered_with_care(
    running: RunningBot,
) -> None:
    chat = Conversation(running.rest, "slice-patient-4")
    replies = chat.say("my boyfriend hits me when he drinks and I'm scared to go home tonight")
    assert replies[:2] == ["utter_urgent_concern", "utter_abuse_support"], chat.transcript()
    assert "911" in chat.bot_text() and "1-800-799-7233" in chat.bot_text()


def test_a_message_in_spanish_is_answered_in_english_and_spanish(running: RunningBot) -> None:
    chat = Conversation(running.rest, "slice-patient-5")
    replies = chat.say("la recepcionista fue muy grosera conmigo y nadie me devolvió la llamada")
    assert replies == ["utter_other_language"], chat.transcript()
    assert "911" in chat.bot_text() and "988" in chat.bot_text()
    assert "Lo siento" in chat.bot_text() and "+15555550100" in chat.bot_text()
    assert "1-800-799-7233" in chat.bot_text()
