"""Trend figures for the dashboard, computed from plain case records so they are easy to test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median
from typing import Dict, Iterable, List, Optional, Sequence, Tuple
from zoneinfo import ZoneInfo

from bot.cases.records import CaseRecord
from bot.cases.vocabulary import Category

SATISFACTION_SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class WeekCounts:
    """Complaints filed in one ISO week (Monday to Sunday, office time), per category."""

    year: int
    week: int
    monday: date
    counts: Dict[Category, int]

    @property
    def label(self) -> str:
        """ISO 8601 week label, e.g. 2026-W47."""
        return f"{self.year}-W{self.week:02d}"

    @property
    def total(self) -> int:
        """All complaints of the week."""
        return sum(self.counts.values())


@dataclass(frozen=True)
class Satisfaction:
    """Answers to the 1-5 satisfaction question."""

    distribution: Dict[int, int]
    answered: int
    average: Optional[float]


def week_of(moment: datetime, tz: ZoneInfo) -> Tuple[int, int]:
    """ISO (year, week) of `moment` as the office's calendar sees it."""
    iso = moment.astimezone(tz).isocalendar()
    return iso[0], iso[1]


def weekly_counts(
    cases: Iterable[CaseRecord], tz: ZoneInfo, first: date, last: date
) -> List[WeekCounts]:
    """Complaints per category for every ISO week from the one holding `first` to the one holding
    `last`, including weeks without complaints so a chart shows quiet weeks as zero."""
    monday = first - timedelta(days=first.weekday())
    weeks: Dict[Tuple[int, int], WeekCounts] = {}
    while monday <= last:
        iso = monday.isocalendar()
        weeks[(iso[0], iso[1])] = WeekCounts(
            year=iso[0], week=iso[1], monday=monday, counts={category: 0 for category in Category}
        )
        monday += timedelta(days=7)
    for case in cases:
        bucket = weeks.get(week_of(case.created_at, tz))
        if bucket is not None:
            bucket.counts[case.category] += 1
    return list(weeks.values())


def median_duration(durations: Sequence[timedelta]) -> Optional[timedelta]:
    """The median of `durations`, `None` when there are none."""
    if not durations:
        return None
    return timedelta(seconds=median(duration.total_seconds() for duration in durations))


def median_time_to_acknowledge(cases: Iterable[CaseRecord]) -> Optional[timedelta]:
    """Median time from filing to the office's acknowledgement, over acknowledged cases."""
    return median_duration(
        [case.acknowledged_at - case.created_at for case in cases if case.acknowledged_at]
    )


def median_time_to_resolve(cases: Iterable[CaseRecord]) -> Optional[timedelta]:
    """Median time from filing to resolution, over resolved cases."""
    return median_duration(
        [case.resolved_at - case.created_at for case in cases if case.resolved_at]
    )


def satisfaction(cases: Iterable[CaseRecord]) -> Satisfaction:
    """How patients rated resolved cases (answers outside 1-5 are not counted)."""
    scores = [case.satisfaction for case in cases if case.satisfaction in SATISFACTION_SCALE]
    distribution = {score: 0 for score in SATISFACTION_SCALE}
    for score in scores:
        distribution[score] += 1
    answered = len(scores)
    average = sum(scores) / answered if answered else None
    return Satisfaction(distribution=distribution, answered=answered, average=average)


def humanise(duration: Optional[timedelta]) -> str:
    """A duration the way a manager says it: "3 h 20 min", "2 d 4 h", "-" when unknown."""
    if duration is None:
        return "-"
    minutes = int(duration.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"
