"""The first step of the two-step fallback: offer the most likely meaning in plain words.

Rasa's default would show the raw intent name; here each likely meaning has its own template
whose Yes button carries the intent and whose No button carries `/out_of_scope`, as Rasa's
two-stage fallback loop expects. Meanings without a template go straight to the short menu.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.intake.fallback import affirmation_for


class ActionAskAffirmation(Action):
    """Ask "did you mean ...?" for the best guess below the NLU threshold."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[str, Any]]:
        ranking = tracker.latest_message.get("intent_ranking") or []
        dispatcher.utter_message(response=affirmation_for(ranking))
        return []
