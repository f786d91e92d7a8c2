"""Three whole conversations with the real servers: an SMS complaint told piece by piece, a web
complaint told all at once, and an emergency in the middle of the intake.

Each transcript is written to the bot's log folder (`transcript-*.txt`) for review.
"""

from __future__ import annotations

from typing import Dict, List

import pytest

from bot.cases.records import CaseRecord
from bot.cases.vocabulary import Channel, Urgency
from bot.settings import load_settings
from bot.templates.registry import TemplateRegistry
from bot.wiring import build_services
from tests.dialogue.conversation import Conversation
from tests.support.servers import RunningBot

SMS_PATIENT = "+15555550142"
ASKS = {
    "utter_ask_description",
    "utter_ask_category_confirmed",
    "utter_ask_category",
    "utter_ask_occurred_text",
    "utter_ask_people_involved",
    "utter_ask_people_name",
    "utter_ask_contact_consent",
    "utter_ask_contact_sms",
    "utter_ask_contact_web",
    "utter_ask_desired_outcome",
    "utter_ask_summary_decision",
}


def _guesses(sms: bool) -> Dict[str, str]:
    """Answers to the two-step fallback: press the first button (on SMS, reply "1")."""
    return {
        tid: "1" if sms else template.buttons[0].payload
        for tid, template in TemplateRegistry().templates().items()
        if tid.startswith("utter_ask_affirmation_") or tid == "utter_ask_rephrase"
    }


WEB_ANSWERS = {
    **_guesses(sms=False),
    "utter_ask_description": "The nurse ignored me for an hour when I asked for help",
    "utter_ask_category_confirmed": "yes",
    "utter_ask_category": "3",
    "utter_ask_occurred_text": "today",
    "utter_ask_people_involved": "the nurse on the second floor",
    "utter_ask_contact_consent": "yes",
    "utter_ask_contact_web": "pat.lee@example.com",
    "utter_ask_desired_outcome": "I want someone to call me back",
    "utter_ask_summary_decision": "yes",
}


def _cases(bot: RunningBot) -> List[CaseRecord]:
    services = build_services(load_settings(bot.env))
    try:
        return services.cases.list()
    finally:
        services.engine.dispose()


def _sms(bot: RunningBot) -> Conversation:
    def send(sender: str, text: str) -> List[Dict[str, object]]:
        exchange = bot.sms(sender, text)
        return [{"text": body} for body in (*exchange.immediate, *exchange.queued)]

    return Conversation(send, SMS_PATIENT)


def _keep(bot: RunningBot, name: str, chat: Conversation) -> None:
    (bot.log_dir / f"transcript-{name}.txt").write_text(chat.transcript() + "\n")


@pytest.mark.servers
def test_sms_complaint_told_piece_by_piece(running: RunningBot) -> None:
    chat = _sms(running)
    answers = {
        **_guesses(sms=True),
        "utter_ask_description": "I waited 2 hours past my appointment and nobody told me why",
        "utter_ask_category_confirmed": "yes",
        "utter_ask_category": "1",
        "utter_ask_occurred_text": "last tuesday",
        "utter_ask_people_involved": "yes",
        "utter_ask_people_name": "the front desk",
        "utter_ask_contact_consent": "yes",
        "utter_ask_contact_sms": "yes",
        "utter_ask_desired_outcome": "an apology and a real appointment time",
        "utter_ask_summary_decision": "yes",
    }
    chat.say("hi")
    chat.answer_until(
        "I waited 2 hours past my appointment and nobody told me why", answers, "utter_case_filed"
    )
    _keep(running, "sms-piecemeal", chat)
    asked = [tid for tid in chat.templates if tid in ASKS]
    assert "utter_ask_contact_sms" in asked  # the sender's own number, confirmed
    # "yes" to who was involved is followed by "Who was it?" alone, not a re-asked question.
    people = asked.index("utter_ask_people_involved")
    assert asked[people + 1] == "utter_ask_people_name"
    assert asked.count("utter_ask_people_involved") == 1
    assert "0142" in chat.bot_text() and "+15555550142" not in chat.bot_text()
    [case] = [c for c in _cases(running) if c.contact_phone == SMS_PATIENT]
    assert case.channel is Channel.SMS
    assert case.description == answers["utter_ask_description"]
    assert case.occurred_on is not None and case.people_involved == "the front desk"
    assert case.contact_consent and case.reference in chat.bot_text()
    # What the patient wrote and their full number stay out of every process's log.
    logs = sorted(running.log_dir.glob("*.log"))
    assert {log.name for log in logs} >= {"rasa.log", "actions.log", "web.log"}
    for log in logs:
        text = log.read_text(errors="replace")
        assert answers["utter_ask_description"] not in text, log.name
        assert "5555550142" not in text, log.name


@pytest.mark.servers
def test_web_complaint_told_all_at_once(running: RunningBot) -> None:
    chat = Conversation(running.rest, "patient-all-at-once")
    story = (
        "Yesterday I was charged twice for the same visit. I want a refund of the second charge. "
        "You can email me at pat.lee@example.com"
    )
    chat.answer_until(story, WEB_ANSWERS, "utter_case_filed")
    _keep(running, "patient-all-at-once", chat)
    asked = {tid for tid in chat.templates if tid in ASKS}
    # Only what the story did not say is asked.
    assert asked <= {
        "utter_ask_category_confirmed",
        "utter_ask_people_involved",
        "utter_ask_contact_consent",
        "utter_ask_summary_decision",
    }
    [case] = [c for c in _cases(running) if c.conversation_id == "patient-all-at-once"]
    assert case.description == story
    assert case.contact_email == "pat.lee@example.com"
    assert case.desired_outcome == "I want a refund of the second charge."
    assert case.occurred_on is not None


@pytest.mark.servers
def test_emergency_in_the_middle_of_the_intake(running: RunningBot) -> None:
    chat = Conversation(running.rest, "patient-emergency")
    replies = chat.say("The nurse ignored me for an hour when I asked for help")
    while not any(tid in ASKS for tid in replies):  # e.g. the fallback's "did you mean"
        replies = chat.say(WEB_ANSWERS[next(t for t in reversed(replies) if t in WEB_ANSWERS)])
    question = next(tid for tid in reversed(replies) if tid in ASKS)
    replies = chat.say("my dad just collapsed in the waiting room and he is not breathing")
    assert replies[0] == "utter_emergency"
    assert replies[1:] == ["utter_offer_continue", question]
    chat.answer_until(WEB_ANSWERS[question], WEB_ANSWERS, "utter_case_filed_urgent")
    _keep(running, "emergency-mid-form", chat)
    [case] = [c for c in _cases(running) if c.conversation_id == "patient-emergency"]
    assert case.urgency is Urgency.EMERGENCY


@pytest.mark.servers
def test_praise_and_nothing_answers_never_get_the_crisis_line(running: RunningBot) -> None:
    """Real feedback answers "what could we do better?" with "nothing": praise, and as the answer
    to "what would you like to happen now?" an answer, never a crisis."""
    praise = Conversation(running.rest, "patient-praise")
    replies = praise.say("Nothing. Just keep good work up.")
    assert not {"utter_crisis", "utter_emergency"} & set(replies)
    chat = Conversation(running.rest, "patient-wants-nothing")
    answers = {
        **WEB_ANSWERS,
        "utter_ask_desired_outcome": "Nothing really, I honestly can't think of anything.",
    }
    chat.answer_until(
        "The receptionist was rude to me and laughed at my question", answers, "utter_case_filed"
    )
    assert not {"utter_crisis", "utter_emergency"} & set(chat.templates)
    [case] = [c for c in _cases(running) if c.conversation_id == "patient-wants-nothing"]
    assert case.urgency is not Urgency.CRISIS
