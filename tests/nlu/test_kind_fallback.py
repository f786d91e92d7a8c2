"""The kind-level fallback: a complaint split between categories is not an unclear message."""

from __future__ import annotations

from typing import Dict, List, Sequence, Tuple, Type

from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.intake.fallback import likely_intent
from bot.nlu.kind_fallback import KindFallback, complaint_first, kind_confidences

CONFIG = {"threshold": 0.4, "ambiguity_threshold": 0.05}


def ranking(*scores: Tuple[str, float]) -> List[Dict[str, object]]:
    return [{"name": name, "confidence": confidence} for name, confidence in scores]


def parsed(
    scores: Sequence[Tuple[str, float]], component: Type[FallbackClassifier] = KindFallback
) -> Message:
    """One message with `scores` as its ranking, run through a fallback `component`."""
    entries = ranking(*scores)
    message = Message(data={TEXT: "words", INTENT: dict(entries[0]), INTENT_RANKING_KEY: entries})
    fallback = component({**component.get_default_config(), **CONFIG})
    return fallback.process([message])[0]


def intent_of(message: Message) -> str:
    return str(message.get(INTENT)["name"])


def test_kind_confidences_sum_the_complaint_categories() -> None:
    kinds = kind_confidences(
        ranking(
            ("complaint_billing", 0.3),
            ("greet", 0.25),
            ("complaint_scheduling_wait", 0.2),
            ("nlu_fallback", 0.4),
        )
    )
    assert [name for name, _ in kinds] == ["complaint", "greet"]
    assert kinds[0][1] == 0.5


def test_a_complaint_split_between_two_categories_starts_the_intake() -> None:
    split = [
        ("complaint_billing", 0.36),
        ("complaint_scheduling_wait", 0.34),
        ("out_of_scope", 0.12),
        ("medical_question", 0.08),
    ]
    assert intent_of(parsed(split, FallbackClassifier)) == "nlu_fallback"
    message = parsed(split)
    assert intent_of(message) == "complaint_billing"
    assert message.get(INTENT)["confidence"] == 0.36


def test_a_complaint_outscored_by_one_other_intent_is_still_a_complaint() -> None:
    message = parsed(
        [
            ("medical_question", 0.38),
            ("complaint_clinical_care", 0.3),
            ("complaint_staff_communication", 0.27),
            ("out_of_scope", 0.05),
        ]
    )
    assert intent_of(message) == "complaint_clinical_care"
    assert [entry["name"] for entry in message.get(INTENT_RANKING_KEY)][:3] == [
        "complaint_clinical_care",
        "medical_question",
        "complaint_staff_communication",
    ]


def test_a_weak_complaint_is_offered_back_not_filed() -> None:
    message = parsed(
        [
            ("out_of_scope", 0.3),
            ("complaint_facility", 0.25),
            ("complaint_other", 0.2),
            ("greet", 0.25),
        ]
    )
    assert intent_of(message) == "nlu_fallback"
    assert likely_intent(message.get(INTENT_RANKING_KEY)) == "complaint_facility"


def test_a_complaint_about_even_with_another_kind_is_unclear() -> None:
    message = parsed(
        [("complaint_billing", 0.3), ("check_status", 0.47), ("complaint_other", 0.21)]
    )
    assert intent_of(message) == "nlu_fallback"
    assert likely_intent(message.get(INTENT_RANKING_KEY)) == "complaint_billing"


def test_other_kinds_fall_back_as_rasa_does() -> None:
    assert intent_of(parsed([("greet", 0.45), ("thanks", 0.43), ("affirm", 0.12)])) == (
        "nlu_fallback"
    )
    assert intent_of(parsed([("human", 0.35), ("help", 0.2), ("greet", 0.2)])) == "nlu_fallback"
    clear = parsed([("check_status", 0.8), ("complaint_billing", 0.15), ("greet", 0.05)])
    assert intent_of(clear) == "check_status"
    assert len(clear.get(INTENT_RANKING_KEY)) == 3


def test_complaint_first_leaves_a_ranking_that_already_leads_with_its_kind() -> None:
    assert complaint_first(ranking(("complaint_billing", 0.6), ("greet", 0.4))) is None
    assert complaint_first(ranking(("greet", 0.6), ("complaint_billing", 0.4))) is None
    assert complaint_first([]) is None


def test_a_message_without_a_ranking_is_judged_on_its_intent() -> None:
    message = Message(data={TEXT: "hi", INTENT: {"name": "greet", "confidence": 0.9}})
    fallback = KindFallback({**KindFallback.get_default_config(), **CONFIG})
    assert intent_of(fallback.process([message])[0]) == "greet"
    unsure = Message(data={TEXT: "hm", INTENT: {"name": "greet", "confidence": 0.2}})
    assert intent_of(fallback.process([unsure])[0]) == "nlu_fallback"
