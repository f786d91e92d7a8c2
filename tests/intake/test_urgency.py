"""Urgency: the safety screen's verdict first, the intent as a fallback."""

from __future__ import annotations

from bot.cases.vocabulary import Urgency, most_pressing
from bot.intake.urgency import urgency_of


def test_the_screen_verdict_is_used() -> None:
    parse = {"intent": {"name": "complaint_privacy"}, "triage": {"urgency": "urgent"}}
    assert urgency_of(parse) is Urgency.URGENT


def test_without_a_screen_the_intent_decides() -> None:
    assert urgency_of({"intent": {"name": "emergency"}}) is Urgency.EMERGENCY
    assert urgency_of({"intent": {"name": "crisis"}}) is Urgency.CRISIS
    assert urgency_of({"intent": {"name": "complaint_billing"}}) is Urgency.ROUTINE
    assert urgency_of({"triage": {"urgency": "nonsense"}}) is Urgency.ROUTINE


def test_the_most_pressing_level_wins() -> None:
    assert most_pressing([Urgency.ROUTINE, Urgency.CRISIS, Urgency.URGENT]) is Urgency.CRISIS
    assert most_pressing([Urgency.CRISIS, Urgency.EMERGENCY]) is Urgency.EMERGENCY
    assert most_pressing([]) is Urgency.ROUTINE
