"""Out of scope, unless it is serious: a message that is no complaint can still need a person.

Violence at home, a stalker or a wound turning bad is not a complaint about the office, and
"Sorry, I can't help with that" is the wrong answer to it. When the triage found such a message
urgent, the patient hears that they were heard, 911 if anyone is in danger, and how to reach a
person; abuse adds the national domestic violence hotline. The case is opened at once
(`actions.early_case`), so the manager hears of it whether or not a complaint follows.

A message in a language the bot cannot read (`bot.nlu.language`) gets one answer in English and
Spanish instead: how to reach a person at the office, 911, 988 and the domestic violence
hotline, whatever it said (unread, violence at home looks like anything else).
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
from bot.intake.urgency import urgency_of
from bot.triage.language import LANGUAGE_KEY

# Urgency rules (`bot.triage.urgency`) after which the hotline line is added.
ABUSE_REASONS = frozenset({"abuse"})


class ActionOutOfScope(Action):
    """The short menu for what the bot does not handle; a caring answer when it is serious."""

    def name(self) -> str:
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        urgent = urgency_of(tracker.latest_message) is not Urgency.ROUTINE
        kept = [SlotSet("urgency", urgency_now(tracker).value)] if urgent else []
        triage = tracker.latest_message.get("triage") or {}
        if tracker.latest_message.get(LANGUAGE_KEY):
            replies = ["utter_other_language"]
        elif not urgent:
            replies = ["utter_out_of_scope"]
        elif triage.get("reason") in ABUSE_REASONS:
            replies = ["utter_urgent_concern", "utter_abuse_support"]
        else:
            replies = ["utter_urgent_concern"]
        for reply in replies:
            dispatcher.utter_message(response=reply)
        return kept + await keep_case(tracker, [(reply, {}) for reply in replies])
