"""`KindFallback`: Rasa's two-step fallback, judged on what kind of message it is.

Rasa's `FallbackClassifier` asks back ("did you mean ...?") when the top intent is below a
threshold or the top two intents are within an ambiguity margin. Ten of our intents are the
complaint categories, so a plain complaint whose probability is split between billing and
scheduling looked unsure to it, and the patient was asked "did you mean ...?" before the intake
had begun; the intake then read the category back a second time. Whether a message is a
complaint is the fallback's question; which category it is belongs to the intake, which confirms
a category it is unsure of.

So the complaint intents count as one kind with their summed confidence, the way
`bot.triage.mapping` counts them, and the threshold and the ambiguity margin apply between kinds,
with the same meaning as Rasa's. The complaint kind must also hold `COMPLAINT_MASS`, the share at
which `bot triage` calls a message a complaint, so the dialogue never starts an intake for a
message the triage would not call a complaint. When the complaint kind leads but a single other
intent outscored each category alone, the best category moves to the front of the ranking: the
intake starts (or the fallback offers the complaint back) instead of answering that other intent.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import (
    AMBIGUITY_THRESHOLD_KEY,
    THRESHOLD_KEY,
    FallbackClassifier,
)
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
)
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.policy import COMPLAINT_MASS, FALLBACK_AMBIGUITY, FALLBACK_THRESHOLD
from bot.triage.mapping import COMPLAINT_PREFIX

COMPLAINT_KIND = "complaint"


def kind_of(intent: str) -> str:
    """The kind an intent counts towards: every complaint category is one kind.

    Every other intent is its own kind, unlike `bot.triage.mapping.kind_for_intent`, which
    reports `inform` as `out_of_scope`: in the dialogue the two differ (details out of the blue
    start an intake, out of scope gets the menu), so they must not add up to a sure answer.
    """
    return COMPLAINT_KIND if intent.startswith(COMPLAINT_PREFIX) else intent


def kind_confidences(ranking: Sequence[Mapping[str, Any]]) -> List[Tuple[str, float]]:
    """Each kind with its confidence (complaint categories summed), most likely first."""
    totals: Dict[str, float] = {}
    for entry in ranking:
        name = str(entry.get(INTENT_NAME_KEY) or "")
        if not name or name == DEFAULT_NLU_FALLBACK_INTENT_NAME:
            continue
        kind = kind_of(name)
        totals[kind] = totals.get(kind, 0.0) + float(entry.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
    return sorted(totals.items(), key=lambda item: item[1], reverse=True)


def complaint_first(ranking: Sequence[Mapping[str, Any]]) -> Optional[List[Dict[str, Any]]]:
    """The ranking led by its best complaint category when the complaint kind is the most
    likely kind but a single other intent ranks first; None when nothing moves."""
    entries = [dict(entry) for entry in ranking]
    if not entries or kind_of(str(entries[0].get(INTENT_NAME_KEY) or "")) == COMPLAINT_KIND:
        return None
    kinds = kind_confidences(entries)
    if not kinds or kinds[0][0] != COMPLAINT_KIND:
        return None
    best = next(
        index
        for index, entry in enumerate(entries)
        if kind_of(str(entry.get(INTENT_NAME_KEY) or "")) == COMPLAINT_KIND
    )
    return [entries[best], *entries[:best], *entries[best + 1 :]]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class KindFallback(FallbackClassifier):
    """A `FallbackClassifier` whose threshold and ambiguity margin compare message kinds."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """Rasa's fallback options, with the thresholds of `bot.nlu.policy`."""
        return {
            **FallbackClassifier.get_default_config(),
            THRESHOLD_KEY: FALLBACK_THRESHOLD,
            AMBIGUITY_THRESHOLD_KEY: FALLBACK_AMBIGUITY,
        }

    def process(self, messages: List[Message]) -> List[Message]:
        """Lead with the complaint a message is, then fall back where its kind is unclear."""
        for message in messages:
            reordered = complaint_first(message.get(INTENT_RANKING_KEY) or [])
            if reordered is not None:
                message.set(INTENT, reordered[0], add_to_output=True)
                message.set(INTENT_RANKING_KEY, reordered, add_to_output=True)
        return super().process(messages)

    def _nlu_confidence_below_threshold(self, message: Message) -> Tuple[bool, float]:
        kind, confidence = self._kinds(message)[0]
        threshold = float(self.component_config[THRESHOLD_KEY])
        if kind == COMPLAINT_KIND:
            threshold = max(threshold, COMPLAINT_MASS)
        return confidence < threshold, confidence

    def _nlu_prediction_ambiguous(self, message: Message) -> Tuple[bool, Optional[float]]:
        kinds = self._kinds(message)
        if len(kinds) < 2:
            return False, None
        difference = kinds[0][1] - kinds[1][1]
        return difference < self.component_config[AMBIGUITY_THRESHOLD_KEY], difference

    @staticmethod
    def _kinds(message: Message) -> List[Tuple[str, float]]:
        """The kinds of the message's ranking (its intent alone when it has no ranking)."""
        ranking = message.get(INTENT_RANKING_KEY) or [message.get(INTENT) or {}]
        return kind_confidences(ranking) or [("", 0.0)]
