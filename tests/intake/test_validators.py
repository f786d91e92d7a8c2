"""Every validator: what it accepts, what it refuses, and with which hint."""

from __future__ import annotations

from datetime import date
from typing import Any, Dict, List

import pytest

from bot.cases.vocabulary import Channel
from bot.intake import validators as v
from bot.intake.turn import Turn

TODAY = date(2026, 11, 23)


def turn(text: str, intent: str = "inform", **extra: Any) -> Turn:
    entities: Dict[str, List[str]] = extra.pop("entities", {})
    return Turn(text=text, intent=intent, confidence=0.9, entities=entities, today=TODAY, **extra)


def test_description_keeps_the_whole_story() -> None:
    story = "The receptionist shouted at me in front of everyone and I left in tears."
    assert v.validate_description(turn(story)).slots == {"description": story}


@pytest.mark.parametrize("text", ["bad", "it was bad", "I want to complain", "/complaint_other"])
def test_description_too_short_or_generic(text: str) -> None:
    assert v.validate_description(turn(text)).refusal == "utter_description_too_short"


def test_category_confirmation() -> None:
    assert v.validate_category_confirmed(turn("yes", "affirm")).slots == {
        "category_confirmed": True
    }
    assert v.validate_category_confirmed(turn("nope", "deny")).follow_up == "category"
    assert v.validate_category_confirmed(turn("purple")).refusal == "utter_answer_yes_or_no"


@pytest.mark.parametrize(
    ("text", "intent", "category"),
    [
        ("2", "inform", "billing"),
        ("10", "inform", "other"),
        ("a bill or payment", "inform", "billing"),
        ("the wheelchair ramp", "inform", "accessibility"),
        ("they lost my stuff", "complaint_records_results", "records_results"),
    ],
)
def test_category_menu(text: str, intent: str, category: str) -> None:
    outcome = v.validate_category(turn(text, intent))
    assert outcome.slots == {"category": category, "category_confirmed": True}


def test_category_menu_refuses_nonsense() -> None:
    assert v.validate_category(turn("42")).refusal == "utter_category_unclear"


def test_when_accepts_past_days_and_keeps_the_words() -> None:
    outcome = v.validate_when(turn("last Tuesday"))
    assert outcome.slots == {"occurred_text": "last Tuesday", "occurred_on": "2026-11-17"}


def test_when_accepts_not_sure() -> None:
    assert v.validate_when(turn("I don't remember")).slots == {
        "occurred_text": None,
        "occurred_on": None,
    }


def test_when_refuses_future_and_unclear_answers_kindly() -> None:
    assert v.validate_when(turn("tomorrow")).refusal == "utter_date_in_future"
    assert v.validate_when(turn("purple monkey")).refusal == "utter_date_unclear"


def test_people_are_optional() -> None:
    assert v.validate_people(turn("no one", "deny")).slots == {"people_involved": None}
    assert v.validate_people(turn("x", entities={"person": ["Dr. Lee", "Dr. Lee"]})).slots == {
        "people_involved": "Dr. Lee"
    }
    assert v.validate_people(turn("the lady at the front desk")).slots == {
        "people_involved": "the lady at the front desk"
    }
    assert v.validate_people(turn("word " * 50)).refusal == "utter_people_unclear"

def test_a_bare_yes_to_who_asks_who_it_was() -> None:
    for text in ("yes", "yeah I know who"):
        outcome = v.validate_people(turn(text, "affirm"))
        assert outcome.accepted and outcome.slots == {} and outcome.follow_up == "people_name"
    # A yes that already names someone is the answer.
    assert v.validate_people(turn("yes it was the tall nurse at the desk", "affirm")).slots == {
        "people_involved": "yes it was the tall nurse at the desk"
    }
    assert v.validate_people(turn("yes", "affirm", entities={"person": ["Dr. Lee"]})).slots == {
        "people_involved": "Dr. Lee"
    }


def test_who_it_was_takes_a_name_or_role_but_not_another_yes() -> None:
    assert v.validate_people_name(turn("the man at check-in")).slots == {
        "people_involved": "the man at check-in"
    }
    assert v.validate_people_name(turn("not sure")).slots == {"people_involved": None}
    assert v.validate_people_name(turn("yes", "affirm")).refusal == "utter_people_unclear"


def test_consent() -> None:
    assert v.validate_consent(turn("yes please", "affirm")).slots == {"contact_consent": True}
    assert v.validate_consent(turn("no", "deny")).slots == {"contact_consent": False}
    assert v.validate_consent(turn("maybe later?")).refusal == "utter_answer_yes_or_no"


def test_contact_on_sms_confirms_the_sender_number() -> None:
    sms = {"channel": Channel.SMS, "sms_phone": "+15555550142"}
    assert v.validate_contact(turn("yes", "affirm", **sms), sms_declined=False).slots == {
        "contact": "phone",
        "contact_phone": "+15555550142",
        "contact_email": None,
    }
    declined = v.validate_contact(turn("no", "deny", **sms), sms_declined=False)
    assert declined.slots == {"sms_number_declined": True}
    assert declined.follow_up == "contact"
    other = v.validate_contact(turn("use 555 555 0177", **sms), sms_declined=True)
    assert other.slots["contact_phone"] == "+15555550177"


def test_contact_on_the_web_takes_phone_or_email() -> None:
    assert v.validate_contact(turn("pat@example.com"), False).slots["contact_email"] == (
        "pat@example.com"
    )
    assert v.validate_contact(turn("555.555.0142"), False).slots["contact_phone"] == "+15555550142"
    assert v.validate_contact(turn("yes", "affirm"), False).refusal == "utter_contact_invalid"
    assert v.validate_contact(turn("pat@nowhere"), False).refusal == "utter_contact_invalid"


def test_outcome() -> None:
    assert v.validate_outcome(turn("a refund")).slots == {"desired_outcome": "a refund"}
    assert v.validate_outcome(turn("nothing", "deny")).slots == {"desired_outcome": None}
    assert v.validate_outcome(turn("/inform")).refusal == "utter_outcome_unclear"


def test_summary_decision() -> None:
    assert v.validate_summary(turn("yes", "affirm")).slots == {"summary_decision": "yes"}
    assert v.validate_summary(turn("change")).follow_up == "change_field"
    assert v.validate_summary(turn("no", "deny")).follow_up == "change_field"
    assert v.validate_summary(turn("hmm")).refusal == "utter_summary_unclear"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("what happened", "description"),
        ("when", "occurred_text"),
        ("the date is wrong", "occurred_text"),
        ("who", "people_involved"),
        ("my phone number", "contact"),
        ("outcome", "desired_outcome"),
        ("the category", "category"),
        ("banana", None),
    ],
)
def test_field_to_change(text: str, field: str) -> None:
    assert v.field_to_change(turn(text)) == field
