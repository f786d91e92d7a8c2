"""The intake form: every answer goes through `bot.intake.flow`, which decides the next question.

An urgent intake's case exists from its first urgent message (`actions.early_case`); each
answer brings it up to date.

The validation action replaces rasa-sdk's extract/validate split with one call into the flow, and
always names the next requested slot itself, so the order of questions, skipping and changing
answers live in `bot/intake/` and are unit-tested there.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.early_case import keep_case
from actions.runtime import channel_of, sms_phone_of, turn_of, urgency_now
from bot.intake import flow
from bot.intake.summary import category_label, summary_text
from bot.intake.turn import CATEGORY, INTAKE_SLOTS, SMS_DECLINED
from bot.privacy.phones import mask
from bot.wiring import current_services

FORM = "intake_form"


class ValidateIntakeForm(FormValidationAction):
    """Start the intake from the first message, then handle each answer."""

    def name(self) -> str:
        return f"validate_{FORM}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        region = current_services().settings.default_region
        state = {name: tracker.get_slot(name) for name in (*INTAKE_SLOTS, "requested_slot")}
        first = not state["requested_slot"]
        turn = turn_of(tracker, region, first=first)
        if first:
            step = flow.begin(turn)
            step.slots["triage_confidence"] = turn.confidence
        else:
            answered = flow.reply(turn, state)
            if answered is None:
                # Not an answer (an emergency, a status check...): setting no slot makes Rasa
                # reject the form for this turn, so the rules answer it; the same question
                # is asked again when the form resumes.
                return [SlotSet("requested_slot", flow.resume(state).ask)]
            step = answered
        for line in step.say:
            dispatcher.utter_message(response=line.template, **line.values)
        events: List[Dict[str, Any]] = [
            SlotSet(name, value) for name, value in step.slots.items()
        ]
        events.append(SlotSet("urgency", urgency_now(tracker).value))
        events.append(SlotSet("requested_slot", step.ask))
        said = [(line.template, {k: str(v) for k, v in line.values.items()}) for line in step.say]
        return events + await keep_case(tracker, said, {**state, **step.slots})


class ActionAskCategoryConfirmed(Action):
    """Read back the inferred category in plain words."""

    def name(self) -> str:
        return "action_ask_category_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        label = category_label(tracker.get_slot(CATEGORY))
        dispatcher.utter_message(response="utter_ask_category_confirmed", category_label=label)
        return []


class ActionAskContact(Action):
    """SMS: confirm the sender's own number (last 4 digits shown). Web: ask phone or email."""

    def name(self) -> str:
        return "action_ask_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        phone = sms_phone_of(tracker) if channel_of(tracker).value == "sms" else None
        if phone and not tracker.get_slot(SMS_DECLINED):
            dispatcher.utter_message(response="utter_ask_contact_sms", phone_hint=mask(phone)[3:])
        elif phone:
            dispatcher.utter_message(response="utter_ask_contact_other")
        else:
            dispatcher.utter_message(response="utter_ask_contact_web")
        return []


class ActionAskSummaryDecision(Action):
    """The read-back: everything collected, then yes / change / cancel."""

    def name(self) -> str:
        return "action_ask_summary_decision"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        slots = {name: tracker.get_slot(name) for name in INTAKE_SLOTS}
        summary = summary_text(slots, channel_of(tracker))
        dispatcher.utter_message(response="utter_ask_summary_decision", summary=summary)
        return []
