"""`SafetyScreen`: the last NLU component, so safety wins over the model in every state.

It runs the deterministic screen of `bot.triage` on each message. When the screen fires, the
intent becomes `emergency` or `crisis` with confidence 1.0, whatever the classifier or the
fallback decided, so the dialogue answers with 911 / 988 guidance first even mid-form. Every
parse also gets a `triage` key (kind, category, urgency, confidence, reason) that actions read to
store the urgency on the case.

The dialogue follows the triage on what a message is: when the model's top intent is a danger it
is not sure of (`MODEL_SAFETY_CONFIDENCE`) and the screen is silent, the triage reads the message
as its next kind, and so does the dialogue, while the triage marks it urgent (`model_unsure`) so
the manager still hears of it at once; otherwise the patient heard 911 guidance for a
billing complaint that `bot triage` and the saved case called routine, and the intake never
started. One threshold decides for both: a danger the model is sure of keeps its intent, in a
complaint too, whose triage then carries the danger's urgency.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Sequence

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.parse_step import ParseStep
from bot.triage.mapping import (
    FALLBACK_INTENT,
    SAFETY_INTENTS,
    URGENCY_SCORE_KEY,
    Triage,
    classify,
    kind_for_intent,
)

TRIAGE_KEY = "triage"
SAFETY_KINDS = ("emergency", "crisis")
OUT_OF_SCOPE = "out_of_scope"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SafetyScreen(ParseStep):
    """Override the intent on emergencies and crises; attach the triage to every parse."""

    def process(self, messages: List[Message]) -> List[Message]:
        """Screen each message and record its triage."""
        for message in messages:
            text = message.get(TEXT) or ""
            ranking = message.get(INTENT_RANKING_KEY) or [message.get(INTENT) or {}]
            triage = classify(text, ranking, float(message.get(URGENCY_SCORE_KEY) or 0.0))
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if triage.urgency.value in SAFETY_KINDS and triage.reason != "model":
                safety = {INTENT_NAME_KEY: triage.urgency.value, PREDICTED_CONFIDENCE_KEY: 1.0}
                _lead_with(message, safety, ranking)
            elif intent in SAFETY_INTENTS and triage.urgency.value not in SAFETY_KINDS:
                _lead_with(message, intent_for(triage, ranking), ranking)
            message.set(TRIAGE_KEY, triage.as_dict(), add_to_output=True)
        return messages


def intent_for(triage: Triage, ranking: Sequence[Mapping[str, Any]]) -> Dict[str, Any]:
    """The best-ranked intent of the kind the triage chose (its category's intent for a
    complaint), else `out_of_scope`: the triage's answer to a guess too weak to trust, whose
    action still answers an urgent message with care."""
    if triage.kind != OUT_OF_SCOPE:
        for entry in ranking:
            name = str(entry.get(INTENT_NAME_KEY) or "")
            usable = name not in SAFETY_INTENTS and name != FALLBACK_INTENT
            if usable and kind_for_intent(name) == triage.kind:
                return dict(entry)
    return {INTENT_NAME_KEY: OUT_OF_SCOPE, PREDICTED_CONFIDENCE_KEY: triage.confidence}


def _lead_with(
    message: Message, lead: Dict[str, Any], ranking: Sequence[Mapping[str, Any]]
) -> None:
    """Make `lead` the message's intent and the head of its ranking."""
    rest = [dict(entry) for entry in ranking if entry.get(INTENT_NAME_KEY) != lead[INTENT_NAME_KEY]]
    message.set(INTENT, lead, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [lead, *rest], add_to_output=True)
