"""What a training example teaches: its intent, its urgency, its urgency alone, or entities alone.

Every example teaches the urgency models through the `urgency` of its intent metadata
(`bot.nlu.complaint_head.urgency_target`). Most also teach their intent. Some are written for
urgency only: harm told in the words of a complaint about a wait, a disclosure or a missed
medicine, there so that the urgency score learns that delay, leaks and missed doses can hurt.
Taught to the intent models as well, about 300 such complaints moved messages nobody on the team
wrote where urgency did not need them: medicine reviews and crisis messages read as complaints
(test-set crises answered as crises 13 -> 11 of 21, complaint F1 0.853 -> 0.821; see
docs/nlu/decisions.md).
Marked `urgency_only: true` in the intent metadata, they reach the two urgency regressions and
nothing else: the encoder's fine-tuning, the intent SVM, the category models, the lexical intent
vote and DIET's entity sample all skip them.

Others are written for DIET alone: staff names, days and clock times told inside complaints and
in answers to "who was involved?", where the annotated intent examples (short answers) left DIET
blind to "Dr Chen was dismissive this morning". As intent examples they would move every intent
model; marked `entities_only: true`, they reach DIET and nothing else (the urgency models skip
them too: their words say nothing about urgency).
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List

from rasa.shared.nlu.constants import INTENT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

URGENCY_ONLY_KEY = "urgency_only"
ENTITIES_ONLY_KEY = "entities_only"
# `urgency: unlabelled`: real patient feedback (`bot.nlu.real_feedback`) whose source labels no
# urgency. Such complaints teach their category and stay out of the urgency models.
UNLABELLED = "unlabelled"


def intent_metadata(message: Message) -> Dict[str, Any]:
    """The metadata written under the example's intent in the NLU data (empty when none)."""
    metadata = message.get("metadata") or {}
    found = metadata.get("intent") if isinstance(metadata, dict) else None
    return found if isinstance(found, dict) else {}


def urgency_only(message: Message) -> bool:
    """Whether the example teaches urgency alone (`urgency_only: true`)."""
    return _mark(message, URGENCY_ONLY_KEY)


def entities_only(message: Message) -> bool:
    """Whether the example teaches DIET's entities alone (`entities_only: true`)."""
    return _mark(message, ENTITIES_ONLY_KEY)


def _mark(message: Message, key: str) -> bool:
    """The boolean mark `key` of the example's intent metadata (false when absent).

    Anything but a YAML boolean is a slip in the data ("yes" is a string in YAML 1.2): refused at
    training, as read as false it would quietly teach the intent models what they must not learn.
    """
    value = intent_metadata(message).get(key, False)
    if not isinstance(value, bool):
        raise ValueError(
            f"{key} must be true or false, not {value!r} (intent {message.get(INTENT)!r})"
        )
    return value


def teaches_intent(message: Message) -> bool:
    """Whether the example teaches its intent (it carries neither mark)."""
    return not urgency_only(message) and not entities_only(message)


def intent_teaching(examples: Iterable[Message]) -> List[Message]:
    """The examples that teach their intent, in order."""
    return [example for example in examples if teaches_intent(example)]


def intent_training(training_data: TrainingData) -> TrainingData:
    """`training_data` with only the examples that teach their intent, for components Rasa
    trains itself."""
    return TrainingData(
        training_examples=intent_teaching(training_data.training_examples),
        entity_synonyms=training_data.entity_synonyms,
        regex_features=training_data.regex_features,
        lookup_tables=training_data.lookup_tables,
        responses=training_data.responses,
    )
