"""From an intent ranking to kind / category / urgency / confidence."""

from __future__ import annotations

from typing import Any, Dict, List

from bot.cases.vocabulary import Category, Urgency
from bot.triage.mapping import category_for_intent, classify, kind_for_intent


def ranking(*pairs: Any) -> List[Dict[str, Any]]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def test_a_confident_complaint_gets_its_category() -> None:
    triage = classify("I was charged twice", ranking(("complaint_billing", 0.9), ("thanks", 0.1)))
    assert (triage.kind, triage.category, triage.urgency) == (
        "complaint",
        Category.BILLING,
        Urgency.ROUTINE,
    )
    assert triage.confidence == 0.9


def test_complaint_probability_split_across_categories_still_wins() -> None:
    triage = classify(
        "the whole visit was a mess",
        ranking(
            ("compliment", 0.34),
            ("complaint_scheduling_wait", 0.33),
            ("complaint_staff_communication", 0.3),
            ("greet", 0.03),
        ),
    )
    assert triage.kind == "complaint"
    assert triage.category is Category.SCHEDULING_WAIT
    assert abs(triage.confidence - 0.63) < 1e-9


def test_low_confidence_non_complaint_is_out_of_scope() -> None:
    triage = classify("blue", ranking(("greet", 0.3), ("thanks", 0.25), ("complaint_other", 0.2)))
    assert (triage.kind, triage.category) == ("out_of_scope", None)


def test_fallback_intent_is_ignored_in_favour_of_the_real_ranking() -> None:
    triage = classify("hello", ranking(("nlu_fallback", 0.4), ("greet", 0.6)))
    assert triage.kind == "greet"


def test_safety_screen_overrides_the_model() -> None:
    triage = classify("I can't breathe", ranking(("inform", 0.9), ("complaint_facility", 0.1)))
    assert (triage.kind, triage.urgency, triage.confidence, triage.category) == (
        "emergency",
        Urgency.EMERGENCY,
        1.0,
        None,
    )


def test_a_clear_complaint_that_trips_the_screen_stays_a_complaint_with_crisis_urgency() -> None:
    triage = classify(
        "my son said he wanted to kill himself and the clinic sent him home",
        ranking(("complaint_clinical_care", 0.8), ("crisis", 0.2)),
    )
    assert (triage.kind, triage.category, triage.urgency) == (
        "complaint",
        Category.CLINICAL_CARE,
        Urgency.CRISIS,
    )


def test_a_sure_model_emergency_counts_without_the_screen() -> None:
    triage = classify("my dad collapsed in the garden", ranking(("emergency", 0.9)))
    assert (triage.kind, triage.urgency, triage.reason) == ("emergency", Urgency.EMERGENCY, "model")


def test_an_unsure_model_emergency_falls_back_to_the_next_reading_and_alerts_the_manager() -> None:
    triage = classify(
        "can stress make my chest feel tight",
        ranking(("emergency", 0.45), ("medical_question", 0.4), ("greet", 0.15)),
    )
    assert (triage.kind, triage.urgency, triage.reason) == (
        "medical_question",
        Urgency.URGENT,
        "model_unsure",
    )


def test_a_danger_ranked_below_another_reading_leaves_the_urgency_alone() -> None:
    triage = classify(
        "can stress make my chest feel tight",
        ranking(("medical_question", 0.5), ("emergency", 0.35), ("greet", 0.15)),
    )
    assert (triage.kind, triage.urgency) == ("medical_question", Urgency.ROUTINE)


def test_urgent_complaint_names_its_rule() -> None:
    triage = classify(
        "they sent my results to the wrong person", ranking(("complaint_records_results", 0.7))
    )
    assert (triage.urgency, triage.reason) == (Urgency.URGENT, "privacy_breach")


def test_privacy_complaints_without_a_breach_are_routine() -> None:
    triage = classify(
        "the receptionist asked for my date of birth", ranking(("complaint_privacy", 0.8))
    )
    assert (triage.category, triage.urgency) == (Category.PRIVACY, Urgency.ROUTINE)


def test_compliments_are_never_urgent() -> None:
    triage = classify("the nurse saved my life when I nearly died", ranking(("compliment", 0.9)))
    assert (triage.kind, triage.urgency) == ("compliment", Urgency.ROUTINE)


def test_medical_question_about_missing_insulin_is_urgent() -> None:
    triage = classify(
        "I've run out of insulin, what should I do", ranking(("medical_question", 0.8))
    )
    assert (triage.kind, triage.urgency) == ("medical_question", Urgency.URGENT)


def test_empty_ranking_is_unreadable() -> None:
    triage = classify("", [])
    assert (triage.kind, triage.confidence) == ("out_of_scope", 0.0)


def test_intent_names_map_to_design_kinds() -> None:
    assert kind_for_intent("check_status") == "status"
    assert kind_for_intent("inform") == "out_of_scope"
    assert kind_for_intent("complaint_privacy") == "complaint"
    assert kind_for_intent("something_new") == "out_of_scope"
    assert category_for_intent("complaint_records_results") is Category.RECORDS_RESULTS
    assert category_for_intent("complaint_unknown") is Category.OTHER
    assert category_for_intent("greet") is None


def test_as_dict_is_json_ready() -> None:
    triage = classify("I was charged twice", ranking(("complaint_billing", 0.912345)))
    assert triage.as_dict() == {
        "kind": "complaint",
        "category": "billing",
        "urgency": "routine",
        "confidence": 0.9123,
        "reason": None,
    }


def test_a_high_semantic_urgency_score_makes_a_complaint_urgent_without_a_rule() -> None:
    triage = classify(
        "my mum was left in a chair by the window all afternoon",
        ranking(("complaint_clinical_care", 0.8)),
        0.9,
    )
    assert (triage.urgency, triage.reason) == (Urgency.URGENT, "semantic")


def test_a_low_semantic_urgency_score_leaves_a_complaint_routine() -> None:
    triage = classify("the car park is full", ranking(("complaint_facility", 0.8)), 0.2)
    assert (triage.urgency, triage.reason) == (Urgency.ROUTINE, None)


def test_a_rule_names_the_reason_even_when_the_score_agrees() -> None:
    triage = classify(
        "they sent my results to the wrong person", ranking(("complaint_privacy", 0.7)), 0.99
    )
    assert triage.reason == "privacy_breach"


def test_semantic_urgency_never_makes_a_compliment_urgent() -> None:
    triage = classify("the nurse was so kind to my dad", ranking(("compliment", 0.9)), 0.99)
    assert (triage.kind, triage.urgency) == ("compliment", Urgency.ROUTINE)


def test_semantic_urgency_reaches_messages_that_are_not_complaints() -> None:
    triage = classify(
        "my ex keeps turning up outside my flat at night",
        ranking(("out_of_scope", 0.9)),
        0.95,
    )
    assert (triage.kind, triage.urgency, triage.reason) == (
        "out_of_scope",
        Urgency.URGENT,
        "semantic",
    )


def test_a_low_semantic_urgency_score_leaves_a_question_routine() -> None:
    triage = classify(
        "is it normal to feel tired after a flu jab", ranking(("medical_question", 0.9)), 0.1
    )
    assert (triage.kind, triage.urgency) == ("medical_question", Urgency.ROUTINE)


def test_a_complaint_that_trips_the_screen_is_weighed_without_the_danger() -> None:
    triage = classify(
        "my son says he wants to kill himself and the crisis team never rang back",
        ranking(
            ("crisis", 0.55),
            ("complaint_clinical_care", 0.3),
            ("complaint_scheduling_wait", 0.1),
            ("out_of_scope", 0.05),
        ),
    )
    assert (triage.kind, triage.category, triage.urgency) == (
        "complaint",
        Category.CLINICAL_CARE,
        Urgency.CRISIS,
    )


def test_a_message_read_almost_wholly_as_danger_is_not_a_complaint() -> None:
    triage = classify(
        "I want to kill myself",
        ranking(("crisis", 0.95), ("complaint_other", 0.04), ("greet", 0.01)),
    )
    assert (triage.kind, triage.urgency) == ("crisis", Urgency.CRISIS)


def test_an_unsure_model_crisis_leaves_the_complaint_it_sits_in() -> None:
    triage = classify(
        "the counselling waiting list is months long and I am barely holding on",
        ranking(
            ("crisis", 0.45),
            ("complaint_scheduling_wait", 0.35),
            ("complaint_clinical_care", 0.1),
            ("out_of_scope", 0.1),
        ),
    )
    assert (triage.kind, triage.category) == ("complaint", Category.SCHEDULING_WAIT)
    assert (triage.urgency, triage.reason) == (Urgency.URGENT, "model_unsure")


def test_a_sure_model_danger_inside_a_complaint_gives_the_complaint_its_urgency() -> None:
    triage = classify(
        "they sent him home from the clinic and now something is really wrong with him",
        ranking(
            ("emergency", 0.7),
            ("complaint_clinical_care", 0.25),
            ("medical_question", 0.05),
        ),
    )
    assert (triage.kind, triage.category, triage.urgency, triage.reason) == (
        "complaint",
        Category.CLINICAL_CARE,
        Urgency.EMERGENCY,
        "model",
    )
