"""Safety first, in every state: 911 guidance for emergencies, 988 and 911 for a crisis.

The urgency is kept in a slot so the case filed later in the conversation carries it.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.runtime import urgency_now
from bot.cases.vocabulary import Urgency
from bot.intake.urgency import urgency_of

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
        dispatcher.utter_message(response="utter_crisis" if is_crisis else "utter_emergency")
        if (tracker.active_loop or {}).get("name") == FORM:
            dispatcher.utter_message(response="utter_offer_continue")
        return [SlotSet("urgency", urgency_now(tracker).value)]
