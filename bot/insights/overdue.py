"""When a case is overdue: the one rule behind the dashboard, the trends and the daily digest.

An open case is overdue once its due date has passed; a case without a due date is overdue once
more than the promised number of business days have passed since it was filed, which is the
promise the bot makes to patients ("we will answer within 2 business days").

Business days are the office's: Monday to Friday in `OFFICE_TIMEZONE`, not in UTC, because that
is the calendar staff work by and the one the patient read the promise in. A case filed on Friday
evening in New York is already Saturday in UTC, yet it is a Friday case. A case filed at the
weekend starts counting on the next Monday at the same local time, so it gets the same full
promise as one filed when the office opens, not a day less. Counting keeps the local time of day
across daylight-saving changes.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterable
from zoneinfo import ZoneInfo

from bot.cases.records import CaseRecord


def add_business_days(start: datetime, days: int, tz: ZoneInfo) -> datetime:
    """`start` moved on by `days` office weekdays, keeping the local time of day.

    A case filed at a weekend starts counting on the next Monday at the same local time.
    """
    local = start.astimezone(tz)
    while local.weekday() >= 5:
        local += timedelta(days=1)
    remaining = days
    while remaining > 0:
        local += timedelta(days=1)
        if local.weekday() < 5:
            remaining -= 1
    return local


def deadline(case: CaseRecord, business_days: int, tz: ZoneInfo) -> datetime:
    """The moment a case becomes overdue: its due date, else the business-day promise."""
    if case.due_at is not None:
        return case.due_at
    return add_business_days(case.created_at, business_days, tz)


def is_overdue(case: CaseRecord, now: datetime, business_days: int, tz: ZoneInfo) -> bool:
    """True for an open case past its deadline."""
    return case.status.is_open and now > deadline(case, business_days, tz)


def overdue_count(
    cases: Iterable[CaseRecord], now: datetime, business_days: int, tz: ZoneInfo
) -> int:
    """How many of `cases` are overdue at `now`."""
    return sum(1 for case in cases if is_overdue(case, now, business_days, tz))
