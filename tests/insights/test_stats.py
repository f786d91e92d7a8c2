"""Trend statistics over plain case records."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.cases.vocabulary import Category
from bot.insights.stats import (
    humanise,
    median_duration,
    median_time_to_acknowledge,
    median_time_to_resolve,
    satisfaction,
    week_of,
    weekly_counts,
)
from tests.insights.factories import case

NEW_YORK = ZoneInfo("America/New_York")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_weekly_counts_buckets_by_iso_week_in_office_time_and_keeps_empty_weeks() -> None:
    cases = [
        case(1, at("2026-11-02T15:00:00+00:00"), category=Category.BILLING),  # Mon W45
        case(2, at("2026-11-08T20:00:00+00:00"), category=Category.BILLING),  # Sun W45
        # Monday 03:00 UTC is still Sunday evening in New York: week 45, not 46.
        case(3, at("2026-11-16T03:00:00+00:00"), category=Category.PRIVACY),
        case(4, at("2026-11-17T15:00:00+00:00"), category=Category.PRIVACY),  # W47
        case(5, at("2026-10-01T15:00:00+00:00"), category=Category.PRIVACY),  # before range
    ]
    weeks = weekly_counts(cases, NEW_YORK, date(2026, 11, 4), date(2026, 11, 23))

    assert [week.label for week in weeks] == ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]
    assert weeks[0].monday == date(2026, 11, 2)
    assert weeks[0].counts[Category.BILLING] == 2
    assert weeks[1].counts[Category.PRIVACY] == 1
    assert weeks[1].total == 1
    assert weeks[2].counts[Category.PRIVACY] == 1
    assert weeks[3].total == 0
    assert sum(week.total for week in weeks) == 4


def test_week_of_uses_iso_years_at_new_year() -> None:
    assert week_of(at("2027-01-01T17:00:00+00:00"), NEW_YORK) == (2026, 53)


def test_medians_use_only_cases_that_reached_the_step() -> None:
    start = at("2026-11-16T14:00:00+00:00")
    cases = [
        case(1, start, acknowledged_at=start + timedelta(minutes=10)),
        case(2, start, acknowledged_at=start + timedelta(minutes=30),
             resolved_at=start + timedelta(days=1)),
        case(3, start, acknowledged_at=start + timedelta(hours=2),
             resolved_at=start + timedelta(days=3)),
        case(4, start),
    ]
    assert median_time_to_acknowledge(cases) == timedelta(minutes=30)
    assert median_time_to_resolve(cases) == timedelta(days=2)
    assert median_time_to_resolve([case(1, start)]) is None


def test_median_of_an_even_count_is_the_mean_of_the_middle_two() -> None:
    assert median_duration([timedelta(minutes=m) for m in (1, 3, 5, 100)]) == timedelta(minutes=4)
    assert median_duration([]) is None


def test_satisfaction_distribution_and_average_ignore_unanswered_and_out_of_scale() -> None:
    cases = [case(i, satisfaction=score) for i, score in enumerate((5, 4, 4, None, 1, 9), 1)]
    summary = satisfaction(cases)
    assert summary.distribution == {1: 1, 2: 0, 3: 0, 4: 2, 5: 1}
    assert summary.answered == 4
    assert summary.average == 3.5
    empty = satisfaction([case(1)])
    assert empty.answered == 0
    assert empty.average is None


def test_humanise_reads_like_a_person_would_say_it() -> None:
    assert humanise(None) == "-"
    assert humanise(timedelta(minutes=42)) == "42 min"
    assert humanise(timedelta(hours=3, minutes=20)) == "3 h 20 min"
    assert humanise(timedelta(days=2, hours=4, minutes=5)) == "2 d 4 h"
