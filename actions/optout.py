"""Opting out of contact in the chat: confirm it and never ask for contact details again.

SMS STOP is handled by the SMS channel; this covers "don't contact me" in any channel.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.intake.turn import ANSWERED, CONSENT, CONTACT, CONTACT_EMAIL, CONTACT_PHONE


class ActionOptout(Action):
    """Record that the patient does not want to be contacted."""

    def name(self) -> str:
        return "action_optout"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        dispatcher.utter_message(response="utter_optout_confirmed")
        answered = list(tracker.get_slot(ANSWERED) or [])
        answered += [name for name in (CONSENT, CONTACT) if name not in answered]
        return [
            SlotSet(CONSENT, False),
            SlotSet(CONTACT_PHONE, None),
            SlotSet(CONTACT_EMAIL, None),
            SlotSet(ANSWERED, answered),
            SlotSet("wants_callback", False),
        ]
