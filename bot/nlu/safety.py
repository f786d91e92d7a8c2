"""`SafetyScreen`: the last NLU component, so safety wins over the model in every state.

It runs the deterministic screen of `bot.triage` on each message. When the screen fires, the
intent becomes `emergency` or `crisis` with confidence 1.0, whatever the classifier or the
fallback decided, so the dialogue answers with 911 / 988 guidance first even mid-form. Every
parse also gets a `triage` key (kind, category, urgency, confidence, reason) that actions read to
store the urgency on the case.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.triage.mapping import URGENCY_SCORE_KEY, classify

TRIAGE_KEY = "triage"
SAFETY_KINDS = ("emergency", "crisis")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SafetyScreen(GraphComponent, IntentClassifier):
    """Override the intent on emergencies and crises; attach the triage to every parse."""

    @classmethod
    def required_components(cls) -> List[type]:
        """Runs after an intent classifier, whose ranking it reads."""
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """No options: the screen's rules live in `bot.triage`."""
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyScreen:
        """Build the component (nothing to train or load)."""
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        """Screen each message and record its triage."""
        for message in messages:
            text = message.get(TEXT) or ""
            ranking = message.get(INTENT_RANKING_KEY) or [message.get(INTENT) or {}]
            triage = classify(text, ranking, float(message.get(URGENCY_SCORE_KEY) or 0.0))
            if triage.urgency.value in SAFETY_KINDS and triage.reason != "model":
                safety = triage.urgency.value
                override = {INTENT_NAME_KEY: safety, PREDICTED_CONFIDENCE_KEY: 1.0}
                message.set(INTENT, override, add_to_output=True)
                rest = [entry for entry in ranking if entry.get(INTENT_NAME_KEY) != safety]
                message.set(INTENT_RANKING_KEY, [override, *rest], add_to_output=True)
            message.set(TRIAGE_KEY, triage.as_dict(), add_to_output=True)
        return messages
