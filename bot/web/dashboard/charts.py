"""Geometry for the small SVG charts on the trends page.

The charts are drawn server-side as inline SVG from these numbers (no chart library, nothing from
a CDN); the template adds a title, a text summary and the same figures as a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Sequence, Tuple

from bot.cases.vocabulary import Category
from bot.insights.stats import Satisfaction, WeekCounts

WIDTH = 720
HEIGHT = 260
LEFT = 40
BOTTOM = 30
TOP = 10
RIGHT = 10


@dataclass(frozen=True)
class Bar:
    """One rectangle; `css_class` picks its colour, `label` is its tooltip."""

    x: float
    y: float
    width: float
    height: float
    css_class: str
    label: str


@dataclass(frozen=True)
class Chart:
    """Everything the SVG template draws."""

    width: int
    height: int
    bars: List[Bar]
    x_labels: List[Tuple[float, str]]
    y_ticks: List[Tuple[float, str]]
    baseline: float


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is >= `value` (at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def _axis(top_value: int, plot_height: float) -> List[Tuple[float, str]]:
    ticks = 4 if top_value % 4 == 0 else (5 if top_value % 5 == 0 else 2)
    if top_value < ticks:
        ticks = top_value
    return [
        (TOP + plot_height - plot_height * i / ticks, str(top_value * i // ticks))
        for i in range(ticks + 1)
    ]


def stacked_weeks(weeks: Sequence[WeekCounts]) -> Chart:
    """Complaints per week as bars stacked by category."""
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    top_value = nice_ceiling(max((week.total for week in weeks), default=0))
    slot = plot_width / max(len(weeks), 1)
    bar_width = slot * 0.7
    bars: List[Bar] = []
    x_labels: List[Tuple[float, str]] = []
    every = max(1, len(weeks) // 12)
    for index, week in enumerate(weeks):
        x = LEFT + index * slot + (slot - bar_width) / 2
        y: float = TOP + plot_height
        for category in Category:
            count = week.counts.get(category, 0)
            if not count:
                continue
            height = plot_height * count / top_value
            y -= height
            bars.append(
                Bar(
                    x,
                    y,
                    bar_width,
                    height,
                    f"cat-{category.value}",
                    f"{week.label}: {count} {category.value}",
                )
            )
        if index % every == 0:
            x_labels.append((x + bar_width / 2, f"W{week.week:02d}"))
    return Chart(WIDTH, HEIGHT, bars, x_labels, _axis(top_value, plot_height), TOP + plot_height)


def satisfaction_bars(summary: Satisfaction) -> Chart:
    """How many patients gave each score from 1 to 5."""
    width = 360
    plot_width = width - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    top_value = nice_ceiling(max(summary.distribution.values(), default=0))
    slot = plot_width / len(summary.distribution)
    bar_width = slot * 0.6
    bars: List[Bar] = []
    x_labels: List[Tuple[float, str]] = []
    for index, (score, count) in enumerate(sorted(summary.distribution.items())):
        x = LEFT + index * slot + (slot - bar_width) / 2
        height = plot_height * count / top_value
        bars.append(
            Bar(
                x,
                TOP + plot_height - height,
                bar_width,
                height,
                f"score-{score}",
                f"score {score}: {count}",
            )
        )
        x_labels.append((x + bar_width / 2, str(score)))
    return Chart(width, HEIGHT, bars, x_labels, _axis(top_value, plot_height), TOP + plot_height)
