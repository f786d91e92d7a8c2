"""The overdue rule: past the due date, or past the business-day promise without one."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.cases.vocabulary import Status
from bot.insights.overdue import add_business_days, deadline, is_overdue, overdue_count
from tests.insights.factories import case

NEW_YORK = ZoneInfo("America/New_York")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_business_days_skip_the_weekend() -> None:
    thursday = at("2026-11-19T10:00:00-05:00")
    assert add_business_days(thursday, 2, NEW_YORK) == at("2026-11-23T10:00:00-05:00")


def test_a_case_filed_at_the_weekend_starts_counting_on_monday() -> None:
    saturday = at("2026-11-21T10:00:00-05:00")
    assert add_business_days(saturday, 2, NEW_YORK) == at("2026-11-25T10:00:00-05:00")


def test_weekdays_are_the_office_s_not_utc_s() -> None:
    # Friday 22:00 in New York is already Saturday in UTC; it still counts from Friday.
    friday_evening = at("2026-11-21T03:00:00+00:00")
    assert add_business_days(friday_evening, 1, NEW_YORK) == at("2026-11-23T22:00:00-05:00")


def test_open_case_without_due_date_is_overdue_after_the_promise() -> None:
    filed = case(1, at("2026-11-19T10:00:00-05:00"))
    assert not is_overdue(filed, at("2026-11-23T09:59:00-05:00"), 2, NEW_YORK)
    assert is_overdue(filed, at("2026-11-23T10:01:00-05:00"), 2, NEW_YORK)


def test_due_date_replaces_the_promise() -> None:
    filed = case(1, at("2026-11-02T10:00:00-05:00"), due_at=at("2026-12-01T17:00:00-05:00"))
    assert deadline(filed, 2, NEW_YORK) == at("2026-12-01T17:00:00-05:00")
    assert not is_overdue(filed, at("2026-11-30T10:00:00-05:00"), 2, NEW_YORK)
    assert is_overdue(filed, at("2026-12-02T10:00:00-05:00"), 2, NEW_YORK)


def test_resolved_and_closed_cases_are_never_overdue() -> None:
    old = at("2026-10-01T10:00:00-04:00")
    now = at("2026-11-23T10:00:00-05:00")
    cases = [
        case(1, old, status=Status.RESOLVED),
        case(2, old, status=Status.CLOSED),
        case(3, old, status=Status.IN_PROGRESS),
        case(4, old, status=Status.REOPENED),
        case(5, now, status=Status.NEW),
    ]
    assert overdue_count(cases, now, 2, NEW_YORK) == 2


def test_counting_keeps_the_local_time_across_the_spring_change() -> None:
    # Clocks go forward on Sunday 2026-03-08: Friday 10:00 EST is due Tuesday 10:00 EDT, which is
    # an hour earlier in UTC than 48 weekday hours would make it.
    friday = at("2026-03-06T10:00:00-05:00")
    due = add_business_days(friday, 2, NEW_YORK)
    assert due == at("2026-03-10T10:00:00-04:00")
    filed = case(1, friday)
    assert not is_overdue(filed, at("2026-03-10T13:59:00+00:00"), 2, NEW_YORK)
    assert is_overdue(filed, at("2026-03-10T14:01:00+00:00"), 2, NEW_YORK)


def test_counting_keeps_the_local_time_across_the_autumn_change() -> None:
    # Clocks go back on Sunday 2026-11-01: a Saturday EDT filing starts Monday, at EST.
    saturday = at("2026-10-31T16:00:00-04:00")
    assert add_business_days(saturday, 1, NEW_YORK) == at("2026-11-03T16:00:00-05:00")


def test_a_sunday_night_filing_in_utc_is_still_sunday_at_the_office() -> None:
    # Monday 01:00 UTC is Sunday 20:00 in New York: the weekend rule applies, so the promise
    # runs from Monday 20:00 local and is not a day shorter.
    sunday_evening = at("2026-11-23T01:00:00+00:00")
    assert add_business_days(sunday_evening, 2, NEW_YORK) == at("2026-11-25T20:00:00-05:00")


def test_the_office_s_zone_decides_which_day_a_filing_falls_on() -> None:
    # The same moment is Friday evening in Los Angeles and Saturday morning in Berlin.
    moment = at("2026-11-21T05:00:00+00:00")
    assert add_business_days(moment, 1, ZoneInfo("America/Los_Angeles")) == at(
        "2026-11-23T21:00:00-08:00"
    )
    assert add_business_days(moment, 1, ZoneInfo("Europe/Berlin")) == at(
        "2026-11-24T06:00:00+01:00"
    )
