"""When it happened: relative and written dates read as past days; future dates refused."""

from __future__ import annotations

from datetime import date

import pytest

from bot.intake.dates import parse_when

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("yesterday", date(2026, 11, 22)),
        ("last Tuesday", date(2026, 11, 17)),
        ("3 weeks ago", date(2026, 11, 2)),
        ("on Nov 2", date(2026, 11, 2)),
        ("11/20", date(2026, 11, 20)),
        ("it was 3 weeks ago at the front desk", date(2026, 11, 2)),
        ("last week thursday", date(2026, 11, 16)),
        ("sometime last week i think", date(2026, 11, 16)),
    ],
)
def test_past_dates_in_patient_wording(text: str, day: date) -> None:
    when = parse_when(text, TODAY)
    assert when is not None
    assert when.day == day
    assert not when.in_future


def test_a_date_without_a_year_means_the_last_one() -> None:
    when = parse_when("Dec 25", TODAY)
    assert when is not None and when.day == date(2025, 12, 25)


@pytest.mark.parametrize("text", ["tomorrow", "next friday", "next week"])
def test_future_dates_are_flagged(text: str) -> None:
    when = parse_when(text, TODAY)
    assert when is not None and when.in_future


@pytest.mark.parametrize(
    "text",
    [
        "banana",
        "the second time I called",
        "may I ask",
        "I waited 2 hours past my appointment",
        "on hold for 40 minutes",
    ],
)
def test_words_that_only_look_like_dates_are_ignored(text: str) -> None:
    assert parse_when(text, TODAY) is None


def test_the_longest_date_words_win_over_a_partial_hint() -> None:
    when = parse_when("last week thursday", TODAY, hints=["thursday"])
    assert when is not None and when.day == date(2026, 11, 16)


def test_entity_hints_win_over_the_text() -> None:
    when = parse_when("the thing at the desk", TODAY, hints=["yesterday"])
    assert when is not None and when.day == date(2026, 11, 22)


def test_search_fragment_is_trimmed_of_edge_words() -> None:
    when = parse_when("I was there last week and waited", TODAY)
    assert when is not None and when.text == "last week"
