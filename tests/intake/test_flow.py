"""The order of questions: pre-filling, moving on, re-asking, skipping, changing, cancelling."""

from __future__ import annotations

from datetime import date
from typing import Any, Dict, Mapping

from bot.cases.vocabulary import Channel
from bot.intake import flow
from bot.intake.turn import Step, Turn

TODAY = date(2026, 11, 23)


def turn(text: str, intent: str = "inform", confidence: float = 0.9, **extra: Any) -> Turn:
    return Turn(text=text, intent=intent, confidence=confidence, today=TODAY, **extra)


def apply(state: Dict[str, Any], step: Step) -> Dict[str, Any]:
    return {**state, **step.slots, "requested_slot": step.ask}


def answer(
    state: Dict[str, Any], text: str, intent: str = "inform", **extra: Any
) -> Dict[str, Any]:
    step = flow.reply(turn(text, intent, **extra), state)
    assert step is not None
    return apply(state, step)


def started(
    text: str, intent: str = "complaint_billing", confidence: float = 0.9
) -> Dict[str, Any]:
    return apply({}, flow.begin(turn(text, intent, confidence)))


def test_everything_told_at_once_goes_straight_to_the_read_back() -> None:
    state = started(
        "Yesterday Dr. Lee's office charged me twice for one visit. I want a refund. "
        "Email me at pat@example.com",
        confidence=0.95,
    )
    assert state["description"].startswith("Yesterday Dr. Lee")
    assert state["occurred_on"] == "2026-11-22"
    assert state["contact_email"] == "pat@example.com"
    assert state["desired_outcome"] == "I want a refund."
    assert state["category"] == "billing" and state["category_confirmed"] is True
    # Only what cannot be inferred is asked: who (no names found) and consent.
    assert state["requested_slot"] == "people_involved"
    state = answer(state, "not sure")
    assert state["requested_slot"] == "contact_consent"
    state = answer(state, "yes", "affirm")
    assert state["requested_slot"] == "summary_decision"


def test_a_generic_opener_asks_for_the_story_then_the_category() -> None:
    state = started("I want to make a complaint", "complaint_other", confidence=0.5)
    assert state["requested_slot"] == "description"
    state = answer(state, "they never sent my lab results to my new doctor")
    assert state["description"] == "they never sent my lab results to my new doctor"
    assert state["requested_slot"] == "category_confirmed"
    state = answer(state, "no", "deny")
    assert state["requested_slot"] == "category"
    state = answer(state, "6")
    assert state["category"] == "records_results"
    assert state["requested_slot"] == "occurred_text"


def test_a_confident_generic_opener_leaves_the_category_to_the_story() -> None:
    state = started("i need to complain", "complaint_other", confidence=0.97)
    assert state["requested_slot"] == "description"
    assert not state.get("category_confirmed")
    state = answer(
        state, "they lost my referral and nobody calls me back", "complaint_records_results"
    )
    assert state["category"] == "records_results" and state["category_confirmed"] is True
    assert "category_confirmed" in state["intake_answered"]
    assert state["requested_slot"] == "occurred_text"


def test_a_role_named_in_the_story_answers_who_was_involved() -> None:
    state = started("the nurse gave my dad the wrong tablets yesterday", "complaint_medication")
    assert state["people_involved"] == "the nurse"
    assert state["requested_slot"] == "contact_consent"


def test_a_confirmed_category_is_not_replaced_by_the_story() -> None:
    state = started("i need to complain", "complaint_other", confidence=0.97)
    state = {**state, "category": "billing", "category_confirmed": True}
    state = answer(
        state, "they charged my card and the receptionist was rude", "complaint_staff_communication"
    )
    assert state["category"] == "billing"


def test_piecemeal_answers_on_sms_with_the_sender_number() -> None:
    sms = {"channel": Channel.SMS, "sms_phone": "+15555550142"}
    state = started(
        "I was spoken to really rudely when I checked in", "complaint_staff_communication"
    )
    assert state["requested_slot"] == "occurred_text"
    for text, intent, asked in [
        ("last friday", "inform", "people_involved"),
        ("the receptionist", "inform", "contact_consent"),
        ("yes", "affirm", "contact"),
        ("yes", "affirm", "desired_outcome"),
        ("an apology", "inform", "summary_decision"),
    ]:
        state = answer(state, text, intent, **sms)
        assert state["requested_slot"] == asked
    assert state["contact_phone"] == "+15555550142"
    state = answer(state, "yes", "affirm", **sms)
    assert state["summary_decision"] == "yes"
    assert state["requested_slot"] is None


def test_yes_to_who_asks_only_who_it_was() -> None:
    state = started("the waiting room was dirty and smelled bad", "complaint_facility")
    state = answer(state, "today")
    step = flow.reply(turn("yes", "affirm"), state)
    assert step is not None and step.say == [] and step.ask == "people_name"
    state = answer(apply(state, step), "the cleaner")
    assert state["people_involved"] == "the cleaner"
    assert "people_involved" in state["intake_answered"]
    assert state["requested_slot"] == "contact_consent"


def test_who_it_was_can_be_skipped_like_the_main_question() -> None:
    state = answer(started("the waiting room was dirty", "complaint_facility"), "today")
    state = answer(state, "yes", "affirm")
    state = answer(state, "yes", "affirm")
    assert state["requested_slot"] == "people_name"
    state = answer(state, "yeah", "affirm")
    assert state["requested_slot"] == "skip_choice"
    state = answer(state, "skip")
    assert state["people_involved"] is None
    assert state["requested_slot"] == "contact_consent"


def test_no_consent_skips_the_contact_question() -> None:
    state = started("the waiting room was dirty and smelled bad", "complaint_facility")
    state = answer(state, "today")
    state = answer(state, "nobody")
    state = answer(state, "no", "deny")
    assert state["contact_consent"] is False
    assert state["requested_slot"] == "desired_outcome"


def test_two_failed_answers_explain_and_offer_to_skip() -> None:
    state = started("the waiting room was dirty and smelled bad", "complaint_facility")
    first = flow.reply(turn("purple monkey"), state)
    assert first is not None
    assert [line.template for line in first.say] == ["utter_date_unclear"]
    assert first.ask == "occurred_text"
    state = apply(state, first)
    second = flow.reply(turn("orange"), state)
    assert second is not None
    assert [line.template for line in second.say] == ["utter_why_occurred_text"]
    assert second.ask == "skip_choice"
    state = answer(apply(state, second), "skip")
    assert state["requested_slot"] == "people_involved"
    assert "occurred_text" in state["intake_answered"]


def test_skip_offer_can_stop_or_retry() -> None:
    state = {
        **started("the waiting room was dirty and smelled bad", "complaint_facility"),
        "requested_slot": "skip_choice",
        "intake_pending": "occurred_text",
    }
    assert answer(state, "try again")["requested_slot"] == "occurred_text"
    stopped = answer(state, "no", "deny")
    assert stopped["summary_decision"] == "cancel" and stopped["requested_slot"] is None
    # A real answer at the offer is still taken.
    assert answer(state, "yesterday")["occurred_on"] == "2026-11-22"


def test_the_description_cannot_be_skipped_but_can_be_cancelled() -> None:
    state = started("complaint", "complaint_other", confidence=0.3)
    state = answer(state, "bad")
    step = flow.reply(turn("meh"), state)
    assert step is not None
    assert [line.template for line in step.say] == ["utter_why_description", "utter_stop_hint"]
    assert step.ask == "description"


def test_change_from_the_read_back() -> None:
    state = started(
        "the front desk lady was really rude to me yesterday", "complaint_staff_communication"
    )
    state = {
        **state,
        "intake_answered": [
            *state["intake_answered"],
            "people_involved",
            "contact_consent",
            "contact",
            "desired_outcome",
        ],
        "requested_slot": "summary_decision",
    }
    state = answer(state, "change")
    assert state["requested_slot"] == "change_field"
    state = answer(state, "when")
    assert state["requested_slot"] == "occurred_text"
    state = answer(state, "3 weeks ago")
    assert state["occurred_on"] == "2026-11-02"
    assert state["requested_slot"] == "summary_decision"


def test_cancel_ends_the_intake_anywhere() -> None:
    state = started("the front desk lady was really rude to me", "complaint_staff_communication")
    state = answer(state, "cancel")
    assert state["summary_decision"] == "cancel" and state["requested_slot"] is None


def test_interruptions_are_not_answers_and_resume_the_same_question() -> None:
    state: Mapping[str, Any] = started(
        "the front desk lady was really rude", "complaint_staff_communication"
    )
    assert flow.reply(turn("I can't breathe", "emergency"), state) is None
    assert flow.resume(state).ask == "occurred_text"


def test_more_story_instead_of_an_answer_is_kept_without_penalty() -> None:
    state = started("the front desk lady was really rude to me", "complaint_staff_communication")
    step = flow.reply(
        turn("and then the nurse laughed at me when I asked", "complaint_staff_communication"),
        state,
    )
    assert step is not None
    assert step.ask == "occurred_text"
    assert "nurse laughed" in step.slots["description"]
    assert "rude to me" in step.slots["description"]
    assert "intake_failures" not in step.slots


def test_more_story_answers_the_questions_it_settles() -> None:
    state = started("the front desk lady was really rude to me", "complaint_staff_communication")
    state = {**state, "requested_slot": "contact_consent"}
    step = flow.reply(
        turn("and I waited 3 hours yesterday on top of that", "complaint_scheduling_wait"), state
    )
    assert step is not None
    assert step.slots["occurred_on"] == "2026-11-22"
    assert "occurred_text" in step.slots["intake_answered"]
    assert step.ask == "contact_consent"


def test_more_story_never_overwrites_an_answer() -> None:
    intent = "complaint_staff_communication"
    state = started("the front desk lady was rude to me 3 weeks ago", intent)
    assert state["occurred_on"] == "2026-11-02"
    step = flow.reply(turn("and again yesterday, she laughed", intent), state)
    assert step is not None
    assert "occurred_on" not in step.slots


def test_future_prefill_is_not_taken() -> None:
    state = started("I am going to be charged twice next week for my visit", "complaint_billing")
    assert "occurred_text" not in state["intake_answered"]


def test_resume_moves_on_when_the_interruption_settled_the_question() -> None:
    state = started("the front desk lady was really rude to me", "complaint_staff_communication")
    state = {
        **state,
        "requested_slot": "contact_consent",
        "contact_consent": False,
        "intake_answered": [
            *state["intake_answered"],
            "occurred_text",
            "people_involved",
            "contact_consent",
            "contact",
        ],
    }
    assert flow.resume(state).ask == "desired_outcome"


def test_asking_for_a_call_back_answers_the_outcome_question() -> None:
    state = {
        **started("the front desk lady was really rude to me", "complaint_staff_communication"),
        "requested_slot": "desired_outcome",
    }
    step = flow.reply(turn("I want someone to call me back", "human"), state)
    assert step is not None
    assert step.slots["desired_outcome"] == "I want someone to call me back"
    assert step.slots["wants_callback"] is True
    # Elsewhere the same message is a handoff, handled by the rules.
    assert (
        flow.reply(
            turn("I want someone to call me back", "human"),
            {**state, "requested_slot": "occurred_text"},
        )
        is None
    )


def test_a_story_read_as_inform_gets_the_ranked_category_to_confirm() -> None:
    step = flow.begin(
        Turn(
            text="Yesterday I was charged twice for the same visit",
            intent="inform",
            confidence=0.7,
            today=TODAY,
            ranked_category="billing",
        )
    )
    assert step.slots["category"] == "billing"
    assert step.ask == "category_confirmed"


def test_a_story_is_filed_without_asking_only_at_the_confident_category_threshold() -> None:
    text = "They billed my insurance for a scan I never had and now I owe the difference"
    sure = started(text, "complaint_billing", confidence=flow.CONFIDENT_CATEGORY)
    assert sure["category"] == "billing" and sure["category_confirmed"] is True
    assert sure["requested_slot"] == "occurred_text"
    unsure = started(text, "complaint_billing", confidence=flow.CONFIDENT_CATEGORY - 0.05)
    assert unsure["category"] == "billing" and not unsure.get("category_confirmed")
    assert unsure["requested_slot"] == "category_confirmed"
