"""Safety first, in every state: 911 guidance for emergencies, 988 and 911 for a crisis, and
Poison Control first for a poisoning or an overdose.

The urgency is kept in a slot so the case filed later in the conversation carries it, and the
case is opened now (`actions.early_case`), so the manager hears of it even if the patient never
writes again, and sees what the patient was told.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.early_case import keep_case
from actions.runtime import urgency_now
from bot.cases.vocabulary import Urgency
from bot.intake.urgency import safety_replies, urgency_of

FORM = "intake_form"


class ActionSafetyFirst(Action):
    """Answer an emergency or crisis before anything else, then offer to go on."""

    def name(self) -> str:
        return "action_safety_first"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        this_message = urgency_of(tracker.latest_message)
        is_crisis = (
            this_message is Urgency.CRISIS
            or (tracker.latest_message.get("intent") or {}).get("name") == "crisis"
        )
        triage = tracker.latest_message.get("triage") or {}
        replies = safety_replies(is_crisis, str(triage.get("reason") or ""))
        if (tracker.active_loop or {}).get("name") == FORM:
            replies.append("utter_offer_continue")
        for reply in replies:
            dispatcher.utter_message(response=reply)
        events: List[Dict[str, Any]] = [SlotSet("urgency", urgency_now(tracker).value)]
        return events + await keep_case(tracker, [(reply, {}) for reply in replies])
