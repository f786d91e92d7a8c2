"""Small readers: the wished-for outcome in a story, references, the fallback's guess."""

from __future__ import annotations

from bot.cases.vocabulary import Status
from bot.intake.fallback import affirmation_for, likely_intent
from bot.intake.outcome import outcome_in
from bot.intake.status import case_id_in, status_words


def test_outcome_sentence_is_found() -> None:
    text = "I was billed twice last week. I want a refund of the second charge."
    assert outcome_in(text) == "I want a refund of the second charge."


def test_polite_requests_are_outcomes() -> None:
    text = "They charged me for a covered shot. Please fix the bill and refund me."
    assert outcome_in(text) == "Please fix the bill and refund me."
    assert outcome_in("the nurse was rude, can you please have the manager call me") == (
        "the nurse was rude, can you please have the manager call me"
    )
    assert outcome_in("please let me complain about the desk") is None
    assert outcome_in("They never called me back and refused to refund me.") is None


def test_an_opener_is_not_an_outcome() -> None:
    assert outcome_in("I want to complain about the front desk") is None
    assert outcome_in("the nurse was rude") is None


def test_case_reference_from_entity_or_text() -> None:
    assert case_id_in("what about my case", ["C-1042"]) == 42
    assert case_id_in("status of c1043 please") == 43
    assert case_id_in("status please") is None


def test_every_status_has_plain_words() -> None:
    assert all(status_words(status) for status in Status)


def test_fallback_offers_the_best_meaningful_guess() -> None:
    ranking = [{"name": "nlu_fallback"}, {"name": "greet"}, {"name": "complaint_billing"}]
    assert likely_intent(ranking) == "complaint_billing"
    assert affirmation_for(ranking) == "utter_ask_affirmation_complaint_billing"
    assert affirmation_for([{"name": "nlu_fallback"}, {"name": "thanks"}]) == "utter_ask_rephrase"
