"""The thin actions with an inline `Tracker`, as rasa-sdk's own tests/test_forms.py does.

They run on the real services (SQLite, then PostgreSQL) reached through `current_services`.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import actions.early_case
import actions.filing
import actions.handoff
import actions.intake
import actions.status
from actions.concern import ActionOutOfScope
from actions.filing import ActionConcludeIntake
from actions.handoff import ActionHandoff
from actions.intake import ActionAskContact, ActionAskSummaryDecision, ValidateIntakeForm
from actions.safety import ActionSafetyFirst
from actions.status import ActionCheckStatus
from bot.cases.records import CaseDraft
from bot.cases.vocabulary import Category, Channel, Urgency
from bot.settings import load_settings
from bot.wiring import Services, build_services

FILLED = {
    "description": "I was charged twice for one visit",
    "category": "billing",
    "category_confirmed": True,
    "occurred_text": "yesterday",
    "occurred_on": "2026-11-22",
    "contact_consent": True,
    "contact_email": "pat@example.com",
    "desired_outcome": "a refund",
    "summary_decision": "yes",
}


def tracker(
    text: str,
    intent: str,
    slots: Optional[Dict[str, Any]] = None,
    sender: str = "web-patient-1",
    channel: str = "socketio",
    metadata: Optional[Dict[str, Any]] = None,
    active_loop: Optional[str] = None,
    triage: Optional[Dict[str, Any]] = None,
    language: Optional[str] = None,
) -> Tracker:
    latest: Dict[str, Any] = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.95},
        "entities": [],
        "metadata": metadata or {},
    }
    if triage:
        latest["triage"] = triage
    if language:
        latest["language"] = language
    events: List[Dict[str, Any]] = [
        {"event": "session_started", "timestamp": 1.0},
        {
            "event": "user",
            "text": text,
            "timestamp": 2.0,
            "input_channel": channel,
            "parse_data": latest,
            "metadata": metadata or {},
        },
    ]
    return Tracker(
        sender,
        slots or {},
        latest,
        events,
        False,
        None,
        {"name": active_loop} if active_loop else {},
        "action_listen",
    )


@pytest.fixture
def wired(services: Services, monkeypatch: pytest.MonkeyPatch) -> Services:
    modules = (actions.filing, actions.intake, actions.status, actions.handoff, actions.early_case)
    for module in modules:
        monkeypatch.setattr(module, "current_services", lambda: services)
    return services


def slot_events(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


@pytest.mark.asyncio
async def test_first_complaint_prefills_and_asks_the_next_question(wired: Services) -> None:
    dispatcher = CollectingDispatcher()
    text = "I was charged twice for my visit yesterday"
    events = await ValidateIntakeForm().run(dispatcher, tracker(text, "complaint_billing"), {})
    slots = slot_events(events)
    assert slots["description"] == text
    assert slots["occurred_on"] is not None
    assert slots["category"] == "billing" and slots["category_confirmed"] is True
    assert slots["requested_slot"] == "people_involved"
    assert slots["urgency"] == "routine"


@pytest.mark.asyncio
async def test_an_emergency_mid_form_fills_nothing_and_keeps_the_question(wired: Services) -> None:
    state = {
        "description": "rude staff",
        "requested_slot": "occurred_text",
        "intake_answered": ["description", "category_confirmed"],
    }
    events = await ValidateIntakeForm().run(
        CollectingDispatcher(),
        tracker(
            "my chest hurts and I can't breathe",
            "emergency",
            state,
            triage={"urgency": "emergency"},
        ),
        {},
    )
    # Only the requested slot: anything else would stop Rasa from rejecting the form.
    assert events == [SlotSet("requested_slot", "occurred_text")]


@pytest.mark.asyncio
async def test_safety_first_mid_form_offers_to_continue(wired: Services) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionSafetyFirst().run(
        dispatcher, tracker("I want to end it all", "crisis", active_loop="intake_form"), {}
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_crisis", "utter_offer_continue"]
    [case] = wired.cases.list()
    assert events == [SlotSet("urgency", "crisis"), SlotSet("case_opened", case.id)]


@pytest.mark.asyncio
async def test_out_of_scope_gets_the_short_menu() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionOutOfScope().run(
        dispatcher,
        tracker("what's the weather like", "out_of_scope", triage={"urgency": "routine"}),
        {},
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_out_of_scope"]
    assert events == []


@pytest.mark.asyncio
async def test_urgent_out_of_scope_is_answered_with_care_and_remembered(
    wired: Services,
) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionOutOfScope().run(
        dispatcher,
        tracker(
            "my husband hits me when he has been drinking",
            "out_of_scope",
            triage={"urgency": "urgent", "reason": "abuse"},
        ),
        {},
    )
    assert [m["response"] for m in dispatcher.messages] == [
        "utter_urgent_concern",
        "utter_abuse_support",
    ]
    [case] = wired.cases.list()
    assert case.incomplete and case.urgency is Urgency.URGENT
    assert events == [SlotSet("urgency", "urgent"), SlotSet("case_opened", case.id)]


@pytest.mark.asyncio
async def test_urgent_out_of_scope_without_abuse_has_no_hotline(wired: Services) -> None:
    dispatcher = CollectingDispatcher()
    await ActionOutOfScope().run(
        dispatcher,
        tracker(
            "a man keeps following me home from the bus stop",
            "out_of_scope",
            triage={"urgency": "urgent", "reason": "semantic"},
        ),
        {},
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_urgent_concern"]


@pytest.mark.asyncio
@pytest.mark.parametrize("urgency", ["routine", "urgent"])
async def test_a_message_in_another_language_gets_the_bilingual_answer(
    wired: Services, urgency: str
) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionOutOfScope().run(
        dispatcher,
        tracker(
            "mi esposo me pega cuando bebe",
            "out_of_scope",
            triage={"urgency": urgency, "reason": "abuse" if urgency == "urgent" else None},
            language="es",
        ),
        {},
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_other_language"]
    opened = [SlotSet("case_opened", case.id) for case in wired.cases.list()]
    assert len(opened) == (1 if urgency == "urgent" else 0)
    assert events == ([SlotSet("urgency", "urgent"), *opened] if urgency == "urgent" else [])


@pytest.mark.asyncio
async def test_sms_contact_question_shows_only_the_last_digits() -> None:
    dispatcher = CollectingDispatcher()
    sms = {"sms": {"phone": "+15555550142"}}
    await ActionAskContact().run(
        dispatcher, tracker("yes", "affirm", channel="twilio", metadata=sms), {}
    )
    assert dispatcher.messages[0]["response"] == "utter_ask_contact_sms"
    assert dispatcher.messages[0]["phone_hint"] == "0142"


@pytest.mark.asyncio
async def test_read_back_carries_the_summary() -> None:
    dispatcher = CollectingDispatcher()
    await ActionAskSummaryDecision().run(dispatcher, tracker("a refund", "inform", FILLED), {})
    assert "What happened: I was charged twice" in dispatcher.messages[0]["summary"]


@pytest.mark.asyncio
async def test_confirmed_intake_is_filed_with_reference_promise_and_transcript(
    wired: Services,
) -> None:
    dispatcher = CollectingDispatcher()
    state = {**FILLED, "urgency": "urgent", "wants_callback": True}
    events = await ActionConcludeIntake().run(dispatcher, tracker("yes", "affirm", state), {})
    message = dispatcher.messages[0]
    assert message["response"] == "utter_case_filed_urgent"
    assert message["days"] == "2 business days"
    [case] = wired.cases.list()
    assert message["reference"] == case.reference
    assert case.description == FILLED["description"]
    assert case.urgency is Urgency.URGENT and case.wants_callback
    assert case.channel is Channel.WEB
    assert [line.text for line in wired.cases.transcript(case.id)] == ["yes"]
    assert slot_events(events)["description"] is None


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("urgency", "consent", "response"),
    [
        ("routine", True, "utter_case_filed"),
        ("crisis", True, "utter_case_filed_urgent"),
        ("urgent", False, "utter_case_filed_no_contact"),
    ],
)
async def test_the_promise_fits_the_urgency_and_the_consent(
    wired: Services, urgency: str, consent: bool, response: str
) -> None:
    dispatcher = CollectingDispatcher()
    state = {**FILLED, "urgency": urgency, "contact_consent": consent}
    await ActionConcludeIntake().run(dispatcher, tracker("yes", "affirm", state), {})
    assert dispatcher.messages[0]["response"] == response
    [case] = wired.cases.list()
    assert case.urgency is Urgency(urgency)


@pytest.mark.asyncio
async def test_cancelled_intake_saves_nothing(wired: Services) -> None:
    dispatcher = CollectingDispatcher()
    await ActionConcludeIntake().run(
        dispatcher, tracker("cancel", "deny", {**FILLED, "summary_decision": "cancel"}), {}
    )
    assert dispatcher.messages[0]["response"] == "utter_intake_cancelled"
    assert wired.cases.list() == []


@pytest.mark.asyncio
async def test_database_outage_keeps_every_answer(
    base_env: Dict[str, str], tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An installation whose database was never migrated: every write fails.
    broken = build_services(
        load_settings({**base_env, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"})
    )
    monkeypatch.setattr(actions.filing, "current_services", lambda: broken)
    dispatcher = CollectingDispatcher()
    try:
        events = await ActionConcludeIntake().run(dispatcher, tracker("yes", "affirm", FILLED), {})
    finally:
        broken.engine.dispose()
    assert dispatcher.messages[0]["response"] == "utter_save_failed"
    assert events == [SlotSet("save_failed", True)]


@pytest.mark.asyncio
async def test_status_only_for_the_filing_conversation(wired: Services) -> None:
    case = wired.cases.file(
        CaseDraft(
            Channel.WEB, "web-patient-1", "lost results", Category.RECORDS_RESULTS, Urgency.ROUTINE
        )
    )
    mine = CollectingDispatcher()
    await ActionCheckStatus().run(mine, tracker(f"status of {case.reference}", "check_status"), {})
    assert mine.messages[0]["response"] == "utter_case_status"
    assert mine.messages[0]["reference"] == case.reference
    other = CollectingDispatcher()
    await ActionCheckStatus().run(
        other, tracker(f"status of {case.reference}", "check_status", sender="someone-else"), {}
    )
    assert other.messages[0]["response"] == "utter_case_not_found"
    asked = CollectingDispatcher()
    await ActionCheckStatus().run(asked, tracker("where is my case", "check_status"), {})
    assert asked.messages[0]["response"] == "utter_ask_case_number"


@pytest.mark.asyncio
async def test_handoff_flags_a_call_back(wired: Services) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionHandoff().run(
        dispatcher, tracker("can I talk to a real person", "human", active_loop="intake_form"), {}
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_handoff", "utter_callback_noted"]
    assert "Monday to Friday" in dispatcher.messages[0]["office_hours"]
    assert events == [SlotSet("wants_callback", True)]


@pytest.mark.asyncio
async def test_a_confirmed_fallback_guess_keeps_the_typed_story(wired: Services) -> None:
    story = "they sent my bill to collections without telling me"
    confirmed = tracker("/complaint_billing", "complaint_billing")
    confirmed.events.insert(
        1,
        {
            "event": "user",
            "text": story,
            "timestamp": 1.5,
            "parse_data": {"intent": {"name": "nlu_fallback", "confidence": 0.3}},
        },
    )
    events = await ValidateIntakeForm().run(CollectingDispatcher(), confirmed, {})
    assert slot_events(events)["description"] == story


def alerts(services: Services) -> List[str]:
    """The outbox rows of manager alerts, as purposes (the outbox belongs to notify)."""
    from tests.notify.conftest import outbox_rows

    return [row.purpose for row in outbox_rows(services) if row.purpose == "escalation"]


@pytest.mark.asyncio
async def test_a_widget_crisis_without_contact_reaches_the_manager_with_what_was_said(
    wired: Services,
) -> None:
    text = "my daughter is threatening to hurt herself"
    events = await ActionSafetyFirst().run(
        CollectingDispatcher(),
        tracker(text, "crisis", triage={"urgency": "crisis", "reason": "suicidal_intent"}),
        {},
    )
    [case] = wired.cases.list()
    assert SlotSet("case_opened", case.id) in events
    assert case.incomplete and case.urgency is Urgency.CRISIS and case.channel is Channel.WEB
    assert case.description == text and case.contact_phone is None and not case.contact_consent
    lines = wired.cases.transcript(case.id)
    assert [line.sender for line in lines] == ["patient", "bot"]
    assert lines[1].template_id == "utter_crisis" and "988" in lines[1].text
    assert alerts(wired) == ["escalation"]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("urgency", "reason", "replies"),
    [
        ("emergency", "poisoning", ["utter_poisoning"]),
        ("crisis", "overdose", ["utter_poisoning", "utter_crisis"]),
        ("emergency", "chest_pain", ["utter_emergency"]),
    ],
)
async def test_a_poisoning_or_overdose_gets_poison_control_first(
    wired: Services, urgency: str, reason: str, replies: List[str]
) -> None:
    dispatcher = CollectingDispatcher()
    await ActionSafetyFirst().run(
        dispatcher,
        tracker("a message", urgency, channel="twilio", triage={"urgency": urgency,
                                                                 "reason": reason}),
        {},
    )
    assert [m["response"] for m in dispatcher.messages] == replies
    [case] = wired.cases.list()
    told = [line.text for line in wired.cases.transcript(case.id) if line.sender == "bot"]
    if replies[0] == "utter_poisoning":
        assert "1-800-222-1222" in told[0] and "911" in told[0]


@pytest.mark.asyncio
async def test_an_urgent_intake_opens_its_case_at_once_and_completes_that_one(
    wired: Services,
) -> None:
    text = "the receptionist told the waiting room about my diagnosis"
    first = await ValidateIntakeForm().run(
        CollectingDispatcher(),
        tracker(text, "complaint_privacy", triage={"urgency": "urgent",
                                                    "reason": "privacy_breach"}),
        {},
    )
    [opened] = wired.cases.list()
    assert slot_events(first)["case_opened"] == opened.id and opened.incomplete
    assert alerts(wired) == ["escalation"]
    state = {**FILLED, "description": text, "category": "privacy", "urgency": "urgent",
             "case_opened": opened.id}
    dispatcher = CollectingDispatcher()
    events = await ActionConcludeIntake().run(dispatcher, tracker("yes", "affirm", state), {})
    [case] = wired.cases.list()
    assert case.id == opened.id and not case.incomplete
    assert dispatcher.messages[0]["reference"] == case.reference
    assert slot_events(events)["case_opened"] is None
    assert alerts(wired) == ["escalation"]


@pytest.mark.asyncio
async def test_a_cancelled_urgent_intake_keeps_its_case_and_says_so(wired: Services) -> None:
    await ActionSafetyFirst().run(
        CollectingDispatcher(), tracker("I want to end it all", "crisis"), {}
    )
    [opened] = wired.cases.list()
    dispatcher = CollectingDispatcher()
    state = {**FILLED, "summary_decision": "cancel", "case_opened": opened.id}
    await ActionConcludeIntake().run(dispatcher, tracker("cancel", "deny", state), {})
    assert dispatcher.messages[0]["response"] == "utter_intake_cancelled_alerted"
    assert wired.cases.get(opened.id).incomplete
