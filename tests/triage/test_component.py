"""The SafetyScreen NLU component overrides the intent and attaches the triage; LanguageScreen,
before it, sends a message in another language to the bilingual answer."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.language import LanguageScreen
from bot.nlu.safety import TRIAGE_KEY, SafetyScreen
from bot.triage.language import LANGUAGE_KEY
from bot.triage.mapping import URGENCY_SCORE_KEY


def parsed(text: str, ranking: List[Dict[str, Any]]) -> Message:
    message = Message(data={TEXT: text})
    message.set(INTENT, ranking[0], add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    return message


def test_emergency_overrides_whatever_the_model_said() -> None:
    message = parsed(
        "sorry to bother you but my husband is not breathing",
        [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "inform", "confidence": 0.3}],
    )
    [result] = SafetyScreen().process([message])
    assert result.get(INTENT) == {"name": "emergency", "confidence": 1.0}
    assert result.get(INTENT_RANKING_KEY)[0] == {"name": "emergency", "confidence": 1.0}
    assert result.get(TRIAGE_KEY)["urgency"] == "emergency"
    assert TRIAGE_KEY in result.as_dict(only_output_properties=True)


def test_crisis_overrides_a_complaint_mid_form() -> None:
    message = parsed(
        "honestly I just want to die", [{"name": "complaint_other", "confidence": 0.9}]
    )
    [result] = SafetyScreen().process([message])
    assert result.get(INTENT)["name"] == "crisis"
    assert result.get(TRIAGE_KEY)["urgency"] == "crisis"


def test_ordinary_messages_keep_their_intent_and_get_urgency() -> None:
    ranking = [
        {"name": "complaint_privacy", "confidence": 0.8},
        {"name": "complaint_other", "confidence": 0.2},
    ]
    message = parsed("someone read my chart", ranking)
    [result] = SafetyScreen().process([message])
    assert result.get(INTENT) == ranking[0]
    assert result.get(TRIAGE_KEY) == {
        "kind": "complaint",
        "category": "privacy",
        "urgency": "urgent",
        "confidence": 1.0,
        "reason": "privacy_breach",
    }


def test_the_semantic_urgency_score_on_the_parse_reaches_the_triage() -> None:
    message = parsed(
        "my mum was left in a chair by the window all afternoon",
        [{"name": "complaint_clinical_care", "confidence": 0.9}],
    )
    message.set(URGENCY_SCORE_KEY, 0.95, add_to_output=True)
    [result] = SafetyScreen().process([message])
    assert result.get(TRIAGE_KEY)["urgency"] == "urgent"
    assert result.get(TRIAGE_KEY)["reason"] == "semantic"


def test_an_unsure_danger_the_screen_does_not_confirm_is_read_as_the_triage_reads_it() -> None:
    ranking = [
        {"name": "emergency", "confidence": 0.45},
        {"name": "complaint_billing", "confidence": 0.3},
        {"name": "complaint_scheduling_wait", "confidence": 0.2},
        {"name": "greet", "confidence": 0.05},
    ]
    message = parsed("they charged me twice and I am done with this place", ranking)
    [result] = SafetyScreen().process([message])
    assert result.get(TRIAGE_KEY)["kind"] == "complaint"
    assert result.get(INTENT) == {"name": "complaint_billing", "confidence": 0.3}
    names = [entry["name"] for entry in result.get(INTENT_RANKING_KEY)]
    assert names == ["complaint_billing", "emergency", "complaint_scheduling_wait", "greet"]


def test_an_unsure_danger_with_no_likely_kind_is_out_of_scope() -> None:
    ranking = [
        {"name": "crisis", "confidence": 0.3},
        {"name": "inform", "confidence": 0.25},
        {"name": "greet", "confidence": 0.2},
    ]
    message = parsed("it all goes on and on", ranking)
    [result] = SafetyScreen().process([message])
    assert result.get(TRIAGE_KEY)["kind"] == "out_of_scope"
    assert result.get(INTENT)["name"] == "out_of_scope"


def test_a_sure_danger_from_the_model_alone_keeps_its_intent() -> None:
    ranking = [{"name": "crisis", "confidence": 0.97}, {"name": "greet", "confidence": 0.03}]
    message = parsed("it feels pointless to keep trying any more", ranking)
    [result] = SafetyScreen().process([message])
    assert result.get(INTENT) == ranking[0]
    assert result.get(TRIAGE_KEY)["kind"] == "crisis"
    assert result.get(TRIAGE_KEY)["reason"] == "model"


def test_a_sure_danger_inside_a_complaint_keeps_its_intent_and_its_urgency() -> None:
    ranking = [
        {"name": "crisis", "confidence": 0.7},
        {"name": "complaint_scheduling_wait", "confidence": 0.25},
        {"name": "greet", "confidence": 0.05},
    ]
    message = parsed(
        "months on the waiting list and it feels pointless to keep trying any more", ranking
    )
    [result] = SafetyScreen().process([message])
    assert result.get(INTENT) == ranking[0]
    triage = result.get(TRIAGE_KEY)
    assert (triage["kind"], triage["urgency"], triage["reason"]) == ("complaint", "crisis", "model")


def test_a_spanish_message_goes_to_the_bilingual_answer_and_keeps_its_triage() -> None:
    ranking = [
        {"name": "complaint_billing", "confidence": 0.7},
        {"name": "complaint_other", "confidence": 0.3},
    ]
    message = parsed("me cobraron dos veces por la misma cita", ranking)
    [result] = SafetyScreen().process(LanguageScreen().process([message]))
    assert result.get(INTENT) == {"name": "out_of_scope", "confidence": 1.0}
    assert result.get(LANGUAGE_KEY) == "es"
    assert result.get(INTENT_RANKING_KEY) == ranking
    assert result.get(TRIAGE_KEY)["kind"] == "complaint"


def test_a_danger_in_spanish_still_gets_safety_first() -> None:
    message = parsed("mi esposo no respira", [{"name": "greet", "confidence": 0.6}])
    [result] = SafetyScreen().process(LanguageScreen().process([message]))
    assert result.get(INTENT)["name"] == "emergency"


def test_english_messages_are_not_marked() -> None:
    ranking = [{"name": "complaint_billing", "confidence": 0.9}]
    message = parsed("they charged me twice", ranking)
    [result] = LanguageScreen().process([message])
    assert result.get(INTENT) == ranking[0]
    assert result.get(LANGUAGE_KEY) is None
