"""Chart geometry: bars stack to the week's total and stay inside the plot."""

from __future__ import annotations

from datetime import date

from bot.cases.vocabulary import Category
from bot.insights.stats import Satisfaction, WeekCounts
from bot.web.dashboard.charts import (
    BOTTOM,
    HEIGHT,
    TOP,
    nice_ceiling,
    satisfaction_bars,
    stacked_weeks,
)


def week(number: int, **counts: int) -> WeekCounts:
    values = {category: counts.get(category.value, 0) for category in Category}
    return WeekCounts(year=2026, week=number, monday=date(2026, 1, 5), counts=values)


def test_nice_ceiling() -> None:
    assert [nice_ceiling(n) for n in (0, 1, 3, 7, 11, 48, 51)] == [1, 1, 5, 10, 20, 50, 100]


def test_stacked_bars_reach_the_share_of_the_axis_their_total_has() -> None:
    chart = stacked_weeks([week(1, billing=2, privacy=3), week(2), week(3, billing=10)])
    plot_height = HEIGHT - TOP - BOTTOM
    first_week = [bar for bar in chart.bars if bar.label.startswith("2026-W01")]
    assert len(first_week) == 2
    assert sum(bar.height for bar in first_week) == plot_height * 5 / 10
    tallest = max(chart.bars, key=lambda bar: bar.height)
    assert tallest.y == TOP and tallest.height == plot_height
    assert all(bar.y >= TOP and bar.y + bar.height <= chart.baseline + 1e-9 for bar in chart.bars)
    assert [label for _x, label in chart.x_labels] == ["W01", "W02", "W03"]
    assert chart.y_ticks[-1][1] == "10"


def test_satisfaction_bars_one_per_score() -> None:
    chart = satisfaction_bars(Satisfaction({1: 0, 2: 1, 3: 0, 4: 2, 5: 4}, 7, 4.3))
    assert [bar.css_class for bar in chart.bars] == [f"score-{n}" for n in range(1, 6)]
    assert chart.bars[0].height == 0
    assert chart.bars[4].height == (HEIGHT - TOP - BOTTOM) * 4 / 5  # axis tops out at 5
