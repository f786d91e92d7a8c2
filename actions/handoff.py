"""Handoff to a person: office hours and phone, and a call-back flag for the case."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.templates.render import office_values
from bot.wiring import current_services

FORM = "intake_form"


class ActionHandoff(Action):
    """Say how to reach a person; the case filed in this conversation asks for a call back."""

    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        dispatcher.utter_message(
            response="utter_handoff", **office_values(current_services().settings)
        )
        in_intake = (tracker.active_loop or {}).get("name") == FORM
        dispatcher.utter_message(
            response="utter_callback_noted" if in_intake else "utter_callback_offer"
        )
        return [SlotSet("wants_callback", True)]
